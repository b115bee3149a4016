/* concurrent_attach: N helper processes, released together by one futex wake,
 * attach the same region by path. Per-process attach latency (attach_ns, N
 * samples per iteration) and the wall time from release to the last attach. */
#include <stdatomic.h>
#include <sys/mman.h>

#include "../scenario.h"

#define MAXP 16
static const struct rb_metric m_wall = { "wall_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_PROCS, 0,
					"release to the last process attached" };
static const struct rb_metric m_attach = { "attach_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_PROCS, 0,
					"each process's own attach time" };
static const struct rb_metric *const metrics[] = { &m_wall, &m_attach, NULL };
static const int procs[] = { 1, 2, 4, 8, 16, 0 };

struct arena {
	_Atomic uint32_t gen;
	_Atomic uint32_t done;
	_Atomic uint32_t quit;
	int64_t lat[MAXP];
};

struct state {
	struct mmap_region r;
	struct arena *a;
	pid_t pid[MAXP];
	int n;
	int idx; /* child's own index (set before fork) */
};

static int child(void *arg)
{
	struct state *s = arg;
	struct arena *a = s->a;
	uint32_t seen = 0;
	for (;;) {
		while (atomic_load(&a->gen) == seen && !atomic_load(&a->quit))
			rb_futex_wait((uint32_t *)&a->gen, seen, 1000);
		if (atomic_load(&a->quit))
			return 0;
		seen = atomic_load(&a->gen);
		struct mmap_region m;
		uint64_t t0 = rb_now_ns();
		int ret = mmap_region_attach(&m, mmap_region_path(&s->r));
		uint64_t t1 = rb_now_ns();
		mmap_region_close(&m);
		a->lat[s->idx] = ret ? ret : (int64_t)(t1 - t0);
		atomic_fetch_add(&a->done, 1);
		rb_futex_wake((uint32_t *)&a->done);
	}
}

static void stop(struct state *s)
{
	atomic_store(&s->a->quit, 1);
	rb_futex_wake((uint32_t *)&s->a->gen);
	for (int i = 0; i < s->n; i++) {
		int st;
		rb_wait_deadline(s->pid[i], 0, 5000, &st);
	}
	munmap(s->a, sizeof(*s->a));
	mmap_region_close(&s->r);
	free(s);
}

static int setup(struct rbb_ctx *ctx)
{
	struct state *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->a = mmap(NULL, sizeof(*s->a), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s->a == MAP_FAILED) {
		free(s);
		return -ENOMEM;
	}
	int ret = rbb_make_region(ctx, &s->r, "cattach", MMAP_REGION_MANUAL, NULL);
	for (int i = 0; !ret && i < ctx->procs; i++) {
		s->idx = i;
		pid_t pid = rb_fork(child, s, getpgrp());
		if (pid < 0)
			ret = (int)pid;
		else
			s->pid[s->n++] = pid;
	}
	if (ret) {
		stop(s);
		return ret;
	}
	ctx->priv = s;
	return 0;
}

static void run(struct rbb_ctx *ctx, rbb_state *st)
{
	struct state *s = ctx->priv;
	struct arena *a = s->a;
	while (rbb_keep_running(st)) {
		atomic_store(&a->done, 0);
		uint64_t t0 = rb_now_ns();
		atomic_fetch_add(&a->gen, 1);
		rb_futex_wake((uint32_t *)&a->gen);
		uint32_t d;
		int ret = 0;
		while ((d = atomic_load(&a->done)) < (uint32_t)s->n && !ret)
			if (rb_futex_wait((uint32_t *)&a->done, d, 10000) == -ETIMEDOUT)
				ret = -ETIMEDOUT;
		uint64_t t1 = rb_now_ns();
		for (int i = 0; i < s->n && !ret; i++)
			if (a->lat[i] < 0)
				ret = (int)a->lat[i];
		if (ret) {
			rbb_skip_errno(st, ret, "concurrent attach");
			break;
		}
		rbb_iteration_ns(st, (double)(t1 - t0));
		for (int i = 0; i < s->n; i++)
			rbb_sample(st, 1, (double)a->lat[i]);
	}
}

static void teardown(struct rbb_ctx *ctx)
{
	stop(ctx->priv);
}

const struct rbb_scenario rbb_concurrent_attach = {
	.name = "concurrent_attach",
	.desc = "1..16 processes released by one futex wake attach the same region",
	.metrics = metrics,
	.procs = procs,
	.supported = rbb_needs_path,
	.setup = setup,
	.run = run,
	.teardown = teardown,
};
