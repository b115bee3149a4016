/* shim.c - the Google Benchmark shim: a cell's samples reach the callback
 * (warm-up dropped, exact count with fixed iterations, batches counted),
 * extra metrics too; the time budget ends a loop of cheap iterations after
 * about the budget and caps it at the maximum; a failing setup or a
 * SkipWithError in the loop surfaces as an error with the reason, never as a
 * silent gap. */
#include "../../tests/check.h"
#include "shim.h"

static const struct rb_metric t_ns = { "t_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_SIZE, 0, "test time" };
static const struct rb_metric extra = { "extra_count", RB_UNIT_COUNT, RB_DIR_NONE, RB_AXIS_SIZE, 0, "test count" };
static const struct rb_metric *const m_one[] = { &t_ns, NULL };
static const struct rb_metric *const m_two[] = { &t_ns, &extra, NULL };

static void run_ok(struct rbb_ctx *ctx, rbb_state *st)
{
	double i = 0;
	while (rbb_keep_running(st)) {
		i++;
		rbb_iteration_ns(st, i + (double)ctx->size);
		rbb_sample(st, 1, 2 * i);
	}
}

static int setup_fail(struct rbb_ctx *ctx)
{
	(void)ctx;
	return -ENOSPC;
}

static void run_midway(struct rbb_ctx *ctx, rbb_state *st)
{
	(void)ctx;
	int n = 0;
	while (rbb_keep_running(st)) {
		if (++n == 3) {
			rbb_skip_errno(st, -EIO, "the operation");
			break;
		}
		rbb_iteration_ns(st, 1000);
	}
}

static const struct rbb_scenario ok = { .name = "t_ok", .desc = "", .metrics = m_two, .sized = 1, .run = run_ok };
static const struct rbb_scenario bad_setup = {
	.name = "t_setup", .desc = "", .metrics = m_one, .setup = setup_fail, .run = run_ok
};
static void run_batch(struct rbb_ctx *ctx, rbb_state *st)
{
	(void)ctx;
	int k;
	while ((k = rbb_batch(st, 4)) > 0)
		for (int i = 0; i < k; i++)
			rbb_iteration_ns(st, 7);
}

static const struct rbb_scenario batch = { .name = "t_batch", .desc = "", .metrics = m_one, .run = run_batch };
static const struct rbb_scenario midway = { .name = "t_mid", .desc = "", .metrics = m_one, .run = run_midway };


struct got {
	int calls;
	struct {
		char error[256];
		size_t n[2];
		double first[2], last[2];
		int64_t iters;
		double wall_s;
	} c[8];
};

static void done(void *arg, const struct rbb_cell_result *r)
{
	struct got *g = arg;
	CHECK(r->cell >= 0 && r->cell < 8);
	g->calls++;
	snprintf(g->c[r->cell].error, sizeof(g->c[0].error), "%s", r->error ? r->error : "");
	for (int m = 0; m < r->nmetrics && m < 2; m++) {
		g->c[r->cell].n[m] = r->n[m];
		g->c[r->cell].first[m] = r->n[m] ? r->v[m][0] : -1;
		g->c[r->cell].last[m] = r->n[m] ? r->v[m][r->n[m] - 1] : -1;
	}
	g->c[r->cell].iters = r->iterations;
	g->c[r->cell].wall_s = r->usage.wall_s;
}

/* One run in a child process (Google Benchmark keeps global state). */
static int one_run(void *arg)
{
	int mode = *(int *)arg, fixed = mode > 0 ? mode : 0; /* 0: budget, 20: fixed, -1: capped */
	struct rb_backend b;
	char err[256];
	CHECK_EQ(rb_backend_parse("memfd", &b, err, sizeof(err)), 0);
	struct rbb_ctx c = { .backend = &b, .procs = 1, .pin_cpu = -1, .variant_name = "" };
	uint64_t sizes[] = { 4096, 8192 }, one[] = { 4096 };
	int c01[] = { 0, 1 }, c2[] = { 2 }, c3[] = { 3 }, c4[] = { 4 };
	CHECK_EQ(rbb_register(&ok, &c, sizes, c01, 2), 0);
	CHECK_EQ(rbb_register(&bad_setup, &c, one, c2, 1), 0);
	CHECK_EQ(rbb_register(&midway, &c, one, c3, 1), 0);
	CHECK_EQ(rbb_register(&batch, &c, one, c4, 1), 0);
	CHECK_EQ(rbb_register(&ok, &c, sizes, c01, 2), -EEXIST); /* one family per name */
	struct got g = { 0 };
	struct rbb_settings set = { .budget_s = mode < 0 ? 10 : 0.05, .iterations = fixed, .max_iterations = mode < 0 ? 50 : 100000000, .arg = &g, .done = done };
	CHECK_EQ(rbb_run_all(&set), 2);
	CHECK_EQ(g.calls, 5);
	if (mode < 0) {
		CHECK_EQ(g.c[1].n[0], 50); /* the maximum ends it long before the budget */
		CHECK(g.c[1].wall_s < 5);
	} else if (fixed) {
		/* 21 iterations ran, the first was the warm-up */
		CHECK_EQ(g.c[1].n[0], 20);
		CHECK_EQ(g.c[1].iters, 21);
		CHECK_EQ(g.c[1].first[0], 2 + 8192);
		CHECK_EQ(g.c[1].last[0], 21 + 8192);
		CHECK_EQ(g.c[0].n[1], 20);
		CHECK_EQ(g.c[0].first[1], 4);
		CHECK_EQ(g.c[4].n[0], 20); /* batches of 4 end exactly at 20 */
	} else {
		/* the budget: cheap iterations stop after about 0.05 s, not before (the maximum,
		 * 10^8, is far out of reach: at 10^6 the cap sometimes ended a fast run first) */
		CHECK(g.c[1].n[0] > 1000 && g.c[1].n[0] < 100000000);
		CHECK(g.c[1].wall_s >= 0.05);
		CHECK(g.c[1].iters - (int64_t)g.c[1].n[0] <= 100); /* warm-up at most 100 */
		CHECK(g.c[1].first[0] > 8192 + 1);		     /* the warm-up's samples are not there */
	}
	CHECK(g.c[0].error[0] == '\0');
	CHECK(strstr(g.c[2].error, "setup") && strstr(g.c[2].error, "No space"));
	CHECK(strstr(g.c[3].error, "the operation: Input/output error"));
	return 0;
}

static int run(void)
{
	static int modes[] = { 0, 20, -1 };
	for (int i = 0; i < 3; i++) {
		pid_t pid = rb_fork(one_run, &modes[i], 0);
		CHECK(pid > 0);
		int st;
		CHECK_EQ(rb_wait_deadline(pid, pid, 30000, &st), 0);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	return 0;
}

int main(void)
{
	return test_main(run, 60);
}
