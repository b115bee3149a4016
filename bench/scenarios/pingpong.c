/* pingpong: one-way cross-process visibility latency on an idle region: the
 * parent publishes a sequence number (release store) in the region, a child
 * on the other CPU spins (acquire loads) and echoes it; one way = round trip / 2. */
#include <stdatomic.h>

#include "../scenario.h"

static const struct rb_metric m_oneway = { "oneway_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_NONE, RB_METRIC_TAIL,
					"one-way cross-process visibility (round trip / 2)" };
static const struct rb_metric *const metrics[] = { &m_oneway, NULL };

struct state {
	struct mmap_region r;
	pid_t pid;
	int pin;
};

struct line {
	_Alignas(64) _Atomic uint64_t ping;
	_Alignas(64) _Atomic uint64_t pong;
};

#define QUIT UINT64_MAX

static int child(void *arg)
{
	struct state *s = arg;
	rb_pin_cpu(s->pin);
	struct line *l = mmap_region_ptr(&s->r);
	uint64_t seen = 0;
	for (;;) {
		uint64_t v;
		while ((v = atomic_load_explicit(&l->ping, memory_order_acquire)) == seen)
			rb_cpu_relax();
		if (v == QUIT)
			return 0;
		seen = v;
		atomic_store_explicit(&l->pong, v, memory_order_release);
	}
}

static int setup(struct rbb_ctx *ctx)
{
	struct state *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	int ret = rbb_make_region(ctx, &s->r, "pingpong", MMAP_REGION_AUTO, NULL);
	if (ret) {
		free(s);
		return ret;
	}
	s->pin = rb_other_cpu(ctx->pin_cpu);
	s->pid = rb_fork(child, s, getpgrp());
	if (s->pid < 0) {
		ret = (int)s->pid;
		mmap_region_close(&s->r);
		free(s);
		return ret;
	}
	ctx->priv = s;
	return 0;
}

static void run(struct rbb_ctx *ctx, rbb_state *st)
{
	struct state *s = ctx->priv;
	struct line *l = mmap_region_ptr(&s->r);
	uint64_t seq = 0;
	while (rbb_keep_running(st)) {
		seq++;
		uint64_t t0 = rb_now_ns(), spins = 0, t1;
		atomic_store_explicit(&l->ping, seq, memory_order_release);
		while (atomic_load_explicit(&l->pong, memory_order_acquire) != seq) {
			rb_cpu_relax();
			if (++spins % 65536 == 0 && rb_now_ns() - t0 > 2000000000ull)
				break;
		}
		t1 = rb_now_ns();
		if (atomic_load_explicit(&l->pong, memory_order_acquire) != seq) {
			rbb_skip_errno(st, -ETIMEDOUT, "pingpong partner did not answer");
			break;
		}
		rbb_iteration_ns(st, (double)(t1 - t0) / 2);
	}
}

static void teardown(struct rbb_ctx *ctx)
{
	struct state *s = ctx->priv;
	struct line *l = mmap_region_ptr(&s->r);
	atomic_store_explicit(&l->ping, QUIT, memory_order_release);
	int st;
	rb_wait_deadline(s->pid, 0, 5000, &st);
	mmap_region_close(&s->r);
	free(s);
}

const struct rbb_scenario rbb_pingpong = {
	.name = "pingpong",
	.desc = "one-way cross-process visibility latency on an idle region",
	.metrics = metrics,
	.setup = setup,
	.run = run,
	.teardown = teardown,
};
