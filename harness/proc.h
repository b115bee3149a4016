/* proc.h - process machinery shared by tests, bench and stress: fork into a
 * process group that dies with its parent, wait with a deadline, kill the
 * whole group on expiry, run a command with its output logged, futexes. */
#ifndef REGIONBENCH_HARNESS_PROC_H
#define REGIONBENCH_HARNESS_PROC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

/* Fork a child that runs fn(arg) and _exit()s with its return value.
 * pgid 0 puts the child in a new process group of its own, otherwise it joins
 * `pgid`. The child gets PR_SET_PDEATHSIG(SIGKILL). Returns pid or -errno. */
pid_t rb_fork(int (*fn)(void *), void *arg, pid_t pgid);

/* Wait for `pid` up to timeout_ms (< 0: forever). On expiry kill(-pgid,
 * SIGKILL) (pgid <= 0: the pid alone), reap, and return -ETIMEDOUT.
 * Otherwise store the wait status and return 0. */
int rb_wait_deadline(pid_t pid, pid_t pgid, int timeout_ms, int *status);

/* Turn a wait status into an exit code: the exit status, or 128+signal. */
int rb_exit_code(int status);

/* Run argv (PATH searched) to completion with stdout and stderr going to `log`
 * (NULL: stdout to /dev/null, stderr inherited), SIGINT/SIGTERM at their
 * defaults in the child. While it runs *running (if given) holds its pid, 0
 * after. Returns its exit code (127: could not be run; 128+N: killed by signal
 * N) or -errno. */
int rb_run_logged(char *const argv[], const char *log, volatile pid_t *running);

/* The same for a function: fn(arg) runs in a forked child (this program, not
 * re-executed) with its output going to `log` as above; its return value is
 * the exit code. Commands run each other's typed plans this way when the
 * output belongs in a log. */
int rb_call_logged(int (*fn)(void *), void *arg, const char *log, volatile pid_t *running);

/* Run argv (PATH searched) to completion with stderr to /dev/null and the first
 * line of its stdout (without the newline) in out[n] ("" when none; out may be
 * NULL). No shell is involved. Returns its exit code as rb_run_logged does, or
 * -errno when it could not be started or waited for. */
int rb_run_capture(char *const argv[], char *out, size_t n);

/* Monotonic clock in nanoseconds. */
static inline uint64_t rb_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Futex on a 32-bit word in shared memory (works across processes). */
int rb_futex_wait(uint32_t *addr, uint32_t val, int timeout_ms); /* 0, -ETIMEDOUT, -EAGAIN */
void rb_futex_wake(uint32_t *addr);				  /* wake everyone */

/* 1 when pid is a live process (a zombie counts as dead). */
int rb_pid_alive(pid_t pid);

/* Pin the calling process to one CPU. Returns 0 or -errno. */
int rb_pin_cpu(int cpu);
/* The CPU after `cpu` (for a second process), or -1 when cpu is -1. */
int rb_other_cpu(int cpu);

/* Write one byte per page so every page is faulted in. */
static inline void rb_touch(void *p, size_t len, size_t page)
{
	volatile unsigned char *c = (volatile unsigned char *)p;
	for (size_t i = 0; i < len; i += page)
		c[i] = (unsigned char)(c[i] + 1);
}

/* A compiler barrier / spin hint. */
static inline void rb_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#else
	__asm__ __volatile__("" ::: "memory");
#endif
}

#endif
