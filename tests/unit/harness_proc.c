/* harness_proc.c - rb_wait_deadline, the deadline every multi-process test and
 * the bench supervisor rely on: a child that ends in time is reaped with its
 * status; a child that does not is killed on expiry together with its whole
 * process group (a grandchild it left behind is gone too), and -ETIMEDOUT is
 * returned. Nothing here is timed: the hung processes never end by themselves
 * (an alarm ends them after 60 s should the harness fail to). */
#include <signal.h>

#include "../check.h"

static int fds[2];

static int quick(void *arg)
{
	(void)arg;
	return 7;
}

static int hang(void *arg)
{
	(void)arg;
	alarm(60);
	pid_t g = fork();
	if (g == 0) {
		alarm(60);
		for (;;)
			pause();
	}
	if (write(fds[1], &g, sizeof(g)) != (ssize_t)sizeof(g))
		return 1;
	for (;;)
		pause();
}

static int run(void)
{
	int st;
	pid_t p = rb_fork(quick, NULL, 0);
	CHECK(p > 0);
	CHECK_EQ(rb_wait_deadline(p, p, 30000, &st), 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7);

	CHECK_EQ(pipe(fds), 0);
	p = rb_fork(hang, NULL, 0);
	CHECK(p > 0);
	pid_t g;
	CHECK_EQ(read(fds[0], &g, sizeof(g)), (long long)sizeof(g));
	CHECK(rb_pid_alive(g));
	CHECK_EQ(rb_wait_deadline(p, p, 200, &st), -ETIMEDOUT);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	/* the grandchild was in the child's group: killed with it (a zombie until
	 * init reaps it counts as dead) */
	int alive = 1;
	for (int i = 0; i < 500 && alive; i++) {
		alive = rb_pid_alive(g);
		if (alive)
			usleep(10000);
	}
	if (alive)
		kill(g, SIGKILL);
	CHECK(!alive);
	return 0;
}

int main(void)
{
	return test_main(run, 20);
}
