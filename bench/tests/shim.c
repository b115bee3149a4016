/* shim.c - the Google Benchmark shim: a scenario's samples reach the result set
 * and the CSV (warm-up dropped, exact count), extra metrics too, and a failing
 * setup or a SkipWithError in the loop surfaces as an error row with the reason,
 * never as a silent gap. */
#include "../../tests/check.h"
#include "csv.h"
#include "series.h"
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
static const struct rbb_scenario midway = { .name = "t_mid", .desc = "", .metrics = m_one, .run = run_midway };

static const struct rb_series *find(const struct rb_resultset *rs, const char *scn, const char *metric, uint64_t size)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->s[i].k.scenario, scn) && !strcmp(rs->s[i].k.metric, metric) &&
		    rs->s[i].k.size_bytes == size)
			return &rs->s[i];
	return NULL;
}

static int run(void)
{
	struct rb_backend b;
	char err[256];
	CHECK_EQ(rb_backend_parse("memfd", &b, err, sizeof(err)), 0);
	struct rbb_ctx c = { .backend = &b, .procs = 1, .pin_cpu = -1, .variant_name = "" };
	uint64_t sizes[] = { 4096, 8192 }, one[] = { 4096 };
	CHECK_EQ(rbb_register(&ok, &c, sizes, 2, 20), 0);
	CHECK_EQ(rbb_register(&bad_setup, &c, one, 1, 20), 0);
	CHECK_EQ(rbb_register(&midway, &c, one, 1, 20), 0);
	CHECK_EQ(rbb_register(&ok, &c, sizes, 2, 20), -EEXIST); /* one family per name */
	struct rb_resultset rs = { 0 };
	struct rbb_settings set = { .min_time_s = 0.001, .repetitions = 1, .quiet = 1 };
	int errors = rbb_run_all(&set, &rs);
	CHECK_EQ(errors, 2);

	const struct rb_series *s = find(&rs, "t_ok", "t_ns", 8192);
	CHECK(s);
	CHECK_EQ(s->status, RB_OK);
	CHECK_EQ(s->n, 20); /* 25 iterations ran, the first 5 were warm-up */
	CHECK_EQ(s->v[0], 6 + 8192);
	CHECK_EQ(s->v[19], 25 + 8192);
	s = find(&rs, "t_ok", "extra_count", 4096);
	CHECK(s && s->n == 20 && s->v[0] == 12);
	s = find(&rs, "t_setup", "t_ns", 4096);
	CHECK(s && s->status == RB_ERROR && strstr(s->reason, "setup") && strstr(s->reason, "No space"));
	s = find(&rs, "t_mid", "t_ns", 4096);
	CHECK(s && s->status == RB_ERROR && strstr(s->reason, "the operation: Input/output error"));

	/* and it reaches the CSV as an error row */
	CHECK_EQ(rb_write_summary(test_dir, "t", "h", "k", &rs), 0);
	struct rb_csv t;
	CHECK_EQ(rb_csv_load(tpath("summary.csv"), &t, err, sizeof(err)), 0);
	int found = 0;
	for (size_t r = 0; r < t.nrows; r++)
		if (!strcmp(rb_csv_get(&t, r, rb_csv_col(&t, "scenario")), "t_setup"))
			found = !strcmp(rb_csv_get(&t, r, rb_csv_col(&t, "status")), "error");
	CHECK(found);
	rb_csv_free(&t);
	unlink(tpath("summary.csv"));
	rb_results_free(&rs);
	return 0;
}

int main(void)
{
	return test_main(run, 60);
}
