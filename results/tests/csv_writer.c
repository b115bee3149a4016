/* csv_writer.c - summary/samples/meta are written atomically with the documented
 * columns, and read back to the same values. */
#include "../../tests/check.h"
#include "../csv.h"
#include "../meta.h"
#include "../series.h"

static const char *const summary_cols[] = { "schema_version", "run_id", "scenario", "backend", "fs_type",
					     "size_bytes",     "variant", "procs",	  "metric",  "unit",
					     "n",	       "min",	  "p50",	  "p90",     "p99",
					     "p999",	       "max",	  "mean",	  "stddev",  NULL };

static int run(void)
{
	struct rb_resultset rs = { 0 };
	struct rb_key k;
	static const struct rb_metric create_ns = { "create_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_SIZE, 0, "create" };
	static const struct rb_metric attach_ns = { "attach_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_SIZE, 0, "attach" };
	rb_key_set(&k, "create", "dir:/dev/shm", "tmpfs", 4096, "manual,odd \"name\"", 1);
	struct rb_series *s = rb_results_metric(&rs, &k, &create_ns);
	for (int i = 1; i <= 100; i++)
		CHECK_EQ(rb_series_add(s, i), 0);
	rb_key_set(&k, "attach", "memfd", "memfd", 4096, "", 1);
	s = rb_results_metric(&rs, &k, &attach_ns);
	rb_series_fail(s, RB_SKIPPED, "memfd has no path");
	CHECK(rb_results_metric(&rs, &k, &attach_ns) == s);

	CHECK_EQ(rb_write_summary(test_dir, "run1", "h", "6.1", &rs), 0);
	CHECK_EQ(rb_write_samples(test_dir, "run1", &rs), 0);
	CHECK_EQ(rb_write_runs(test_dir, "run1", &rs), 0);
	static struct rb_meta m; /* 215 KB: not on the stack */
	rb_meta_set(&m, "seed", "%d", 42);
	rb_meta_set(&m, "cmd", "a,b \"c\"\nnext");
	CHECK_EQ(rb_meta_write(test_dir, &m), 0);
	CHECK_EQ(dir_entries(test_dir), 4); /* no temporary left behind */
	{
		/* runs.csv: the series without per-run statistics is one run (rep 0);
		 * the skipped one without samples has no row */
		struct rb_csv t;
		char err[256];
		int idx[RB_RUN__N];
		CHECK_EQ(rb_csv_load(tpath("runs.csv"), &t, err, sizeof(err)), 0);
		CHECK_EQ(rb_csv_bind(&t, &rb_t_runs, "runs.csv", idx, err, sizeof(err)), 0);
		CHECK_EQ(t.nrows, 1);
		CHECK_EQ(strcmp(rb_csv_get(&t, 0, idx[RB_RUN_REP]), "0"), 0);
		CHECK_EQ(strcmp(rb_csv_get(&t, 0, idx[RB_RUN_P50]), "50.5"), 0);
		CHECK_EQ(strcmp(rb_csv_get(&t, 0, idx[RB_RUN_STATUS]), "ok"), 0);
		rb_csv_free(&t);
		unlink(tpath("runs.csv"));
	}

	struct rb_csv t;
	char err[256];
	CHECK_EQ(rb_csv_load(tpath("summary.csv"), &t, err, sizeof(err)), 0);
	for (size_t c = 0; summary_cols[c]; c++) /* the documented columns, in this order */
		CHECK_EQ(rb_csv_col(&t, summary_cols[c]), (int)c);
	CHECK_EQ(rb_csv_col(&t, "schema_version"), 0);
	CHECK_EQ(t.nrows, 2);
	CHECK_EQ(strcmp(rb_csv_get(&t, 0, rb_csv_col(&t, "variant")), "manual,odd \"name\""), 0);
	CHECK_EQ(strcmp(rb_csv_get(&t, 0, rb_csv_col(&t, "p50")), "50.5"), 0);
	CHECK_EQ(strcmp(rb_csv_get(&t, 0, rb_csv_col(&t, "n")), "100"), 0);
	CHECK_EQ(strcmp(rb_csv_get(&t, 1, rb_csv_col(&t, "status")), "skipped"), 0);
	CHECK_EQ(strcmp(rb_csv_get(&t, 1, rb_csv_col(&t, "reason")), "memfd has no path"), 0);
	rb_csv_free(&t);
	CHECK_EQ(rb_csv_load(tpath("samples.csv"), &t, err, sizeof(err)), 0);
	CHECK_EQ(t.nrows, 100);
	CHECK_EQ(strcmp(rb_csv_get(&t, 99, rb_csv_col(&t, "value")), "100"), 0);
	rb_csv_free(&t);
	static struct rb_meta m2;
	CHECK_EQ(rb_meta_read(test_dir, &m2, err, sizeof(err)), 0);
	CHECK_EQ(strcmp(rb_meta_get(&m2, "seed"), "42"), 0);
	CHECK_EQ(strcmp(rb_meta_get(&m2, "cmd"), "a,b \"c\" next"), 0);

	/* a failed write leaves nothing: the target folder is gone */
	CHECK(rb_write_summary("/nonexistent", "r", "h", "k", &rs) < 0);

	unlink(tpath("summary.csv"));
	unlink(tpath("samples.csv"));
	unlink(tpath("meta.csv"));
	rb_results_free(&rs);
	return 0;
}

int main(void)
{
	return test_main(run, 10);
}
