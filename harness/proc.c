/* proc.c - fork into a process group, wait with a deadline, run a command
 * with its output logged, futexes. */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

pid_t rb_fork(int (*fn)(void *), void *arg, pid_t pgid)
{
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		setpgid(0, pgid);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(125); /* parent died before prctl */
		_exit(fn(arg));
	}
	setpgid(pid, pgid); /* also here, so the group exists before we return */
	return pid;
}

int rb_wait_deadline(pid_t pid, pid_t pgid, int timeout_ms, int *status)
{
	uint64_t deadline = rb_now_ns() + (uint64_t)(timeout_ms < 0 ? 0 : timeout_ms) * 1000000u;
	unsigned sleep_us = 100;
	for (;;) {
		pid_t r = waitpid(pid, status, timeout_ms < 0 ? 0 : WNOHANG);
		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -errno;
		if (timeout_ms >= 0 && rb_now_ns() >= deadline) {
			kill(pgid > 0 ? -pgid : pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, status, 0) < 0 && errno == EINTR)
				;
			return -ETIMEDOUT;
		}
		usleep(sleep_us);
		if (sleep_us < 10000)
			sleep_us *= 2;
	}
}

int rb_exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 255;
}

/* Wait for pid, retrying on EINTR; its exit code or -errno. */
static int wait_code(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return rb_exit_code(st);
}

int rb_call_logged(int (*fn)(void *), void *arg, const char *log, volatile pid_t *running)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		int fd = open(log ? log : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			if (log)
				dup2(fd, 2);
		}
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		int code = fn(arg);
		fflush(NULL);
		_exit(code);
	}
	if (running)
		*running = pid;
	int ret = wait_code(pid);
	if (running)
		*running = 0;
	return ret;
}

static int exec_argv(void *argv)
{
	char *const *a = argv;
	execvp(a[0], a);
	return 127;
}

int rb_run_logged(char *const argv[], const char *log, volatile pid_t *running)
{
	return rb_call_logged(exec_argv, (void *)argv, log, running);
}

int rb_run_capture(char *const argv[], char *out, size_t n)
{
	if (out && n)
		out[0] = '\0';
	int p[2];
	if (pipe2(p, O_CLOEXEC))
		return -errno;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		int e = -errno;
		close(p[0]);
		close(p[1]);
		return e;
	}
	if (pid == 0) {
		dup2(p[1], 1);
		int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (null >= 0)
			dup2(null, 2);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	char buf[1024], drop[512];
	size_t got = 0;
	for (;;) { /* to the end, so the child never blocks on a full pipe */
		int keep = got < sizeof(buf) - 1;
		ssize_t r = read(p[0], keep ? buf + got : drop, keep ? sizeof(buf) - 1 - got : sizeof(drop));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (keep)
			got += (size_t)r;
	}
	close(p[0]);
	buf[got] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (out && n)
		snprintf(out, n, "%s", buf);
	return wait_code(pid);
}

int rb_futex_wait(uint32_t *addr, uint32_t val, int timeout_ms)
{
	struct timespec ts = { timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L };
	long r = syscall(SYS_futex, addr, FUTEX_WAIT, val, timeout_ms < 0 ? NULL : &ts, NULL, 0);
	if (r == 0)
		return 0;
	return errno == EINTR ? 0 : -errno;
}

void rb_futex_wake(uint32_t *addr)
{
	syscall(SYS_futex, addr, FUTEX_WAKE, INT32_MAX, NULL, NULL, 0);
}

int rb_pin_cpu(int cpu)
{
	if (cpu < 0)
		return 0;
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -errno : 0;
}

int rb_other_cpu(int cpu)
{
	if (cpu < 0)
		return -1;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 1 ? (int)((cpu + 1) % n) : cpu;
}

int rb_pid_alive(pid_t pid)
{
	if (kill(pid, 0) != 0 && errno != EPERM)
		return 0;
	char path[64], buf[256];
	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return 1; /* no /proc: trust kill() */
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *close_paren = strrchr(buf, ')');
	return !(close_paren && close_paren[1] == ' ' && close_paren[2] == 'Z');
}
