/* supervise.c - the worker process, its group, signals, deadline and cleanup. */
#include "supervise.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "leftover.h"
#include "proc.h"

struct tramp {
	int (*fn)(void *);
	void *arg;
	sigset_t mask;
};

static int trampoline(void *p)
{
	struct tramp *t = p;
	sigprocmask(SIG_SETMASK, &t->mask, NULL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	return t->fn(t->arg);
}

int rb_supervise(int (*fn)(void *), void *arg, const struct rb_backend *b, int nb, uint64_t deadline_ns,
		 const char *what)
{
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, &old);
	fflush(NULL);
	struct tramp t = { fn, arg, old };
	pid_t pid = rb_fork(trampoline, &t, 0); /* the worker restores the old mask */
	if (pid < 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		return 1;
	}
	uint64_t end = deadline_ns ? rb_now_ns() + deadline_ns : 0;
	int code = -1, status;
	while (code < 0) {
		struct timespec ts = { 1, 0 };
		int sig = sigtimedwait(&set, NULL, &ts);
		if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP) {
			fprintf(stderr, "\nregionbench: %s interrupted (signal %d): stopping every worker\n", what, sig);
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			code = 128 + sig;
		} else if (end && rb_now_ns() > end) {
			fprintf(stderr, "regionbench: %s passed its deadline: killing its process group\n", what);
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			code = 124;
		} else if (waitpid(pid, &status, WNOHANG) == pid) {
			code = rb_exit_code(status);
			if (WIFSIGNALED(status))
				fprintf(stderr, "regionbench: the %s worker crashed (signal %d); its run folder stays marked incomplete\n",
					what, WTERMSIG(status));
			kill(-pid, SIGKILL); /* whatever the worker left running */
		}
	}
	int removed = 0;
	for (int i = 0; i < nb; i++)
		if (!b[i].is_memfd) {
			int n = rb_leftover_remove(b[i].dir, pid);
			removed += n > 0 ? n : 0;
		}
	if (removed)
		fprintf(stderr, "regionbench: removed %d region file(s) the %s worker left behind\n", removed, what);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return code;
}
