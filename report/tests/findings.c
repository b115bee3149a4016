/* findings.c - the headline sentences from synthetic data folders driven through
 * the real code: a difference is stated only when the run-level interval excludes
 * 1 (overlapping runs: "no clear difference"; one run a side: values, no claim),
 * extremes and rankings tell apart only what the runs tell apart, stress failures
 * and configurations marked interference or skipped are named. */
#include "../../tests/check.h"
#include "../../results/afile.h"
#include "../../results/schema.h"
#include "../findings.h"

struct files {
	struct rb_afile sum, runs, met, stress;
};

static void open_all(struct files *f, const char *dir)
{
	mkdir(dir, 0755);
	CHECK_EQ(rb_afile_open(&f->sum, dir, "summary.csv"), 0);
	CHECK_EQ(rb_afile_open(&f->runs, dir, "runs.csv"), 0);
	CHECK_EQ(rb_afile_open(&f->met, dir, "metrics.csv"), 0);
	CHECK_EQ(rb_afile_open(&f->stress, dir, "stress.csv"), 0);
	rb_table_header(f->sum.f, &rb_t_summary);
	rb_table_header(f->runs.f, &rb_t_runs);
	rb_table_header(f->met.f, &rb_t_metrics);
	rb_table_header(f->stress.f, &rb_t_stress);
	static const char *const m[][2] = { { "resize", "resize_ns" },
					    { "first_touch", "per_page_ns" },
					    { "create", "create_ns" },
					    { "attach", "attach_ns" } };
	for (int i = 0; i < 4; i++) {
		struct rb_row r;
		rb_row_init(&r, &rb_t_metrics);
		rb_row_str(&r, RB_MET_SCENARIO, m[i][0]);
		rb_row_str(&r, RB_MET_METRIC, m[i][1]);
		rb_row_str(&r, RB_MET_UNIT, "ns");
		rb_row_str(&r, RB_MET_DIRECTION, "lower");
		rb_row_str(&r, RB_MET_AXIS, "size");
		rb_row_str(&r, RB_MET_TAIL, "0");
		rb_row_write(f->met.f, &r);
	}
}

static void close_all(struct files *f)
{
	CHECK_EQ(rb_afile_commit(&f->sum), 0);
	CHECK_EQ(rb_afile_commit(&f->runs), 0);
	CHECK_EQ(rb_afile_commit(&f->met), 0);
	CHECK_EQ(rb_afile_commit(&f->stress), 0);
}

/* A configuration with per-run p50s (n runs; status and reason for summary.csv). */
static void config(struct files *f, const char *scn, const char *be, uint64_t size, const char *var, const char *met,
		   const double *runs, int n, const char *status, const char *reason)
{
	struct rb_row r;
	rb_row_init(&r, &rb_t_summary);
	rb_row_str(&r, RB_SUM_SCENARIO, scn);
	rb_row_str(&r, RB_SUM_BACKEND, be);
	rb_row_str(&r, RB_SUM_FS_TYPE, "tmpfs");
	rb_row_u64(&r, RB_SUM_SIZE_BYTES, size);
	rb_row_str(&r, RB_SUM_VARIANT, var);
	rb_row_str(&r, RB_SUM_PROCS, "1");
	rb_row_str(&r, RB_SUM_METRIC, met);
	rb_row_str(&r, RB_SUM_UNIT, "ns");
	rb_row_num(&r, RB_SUM_P50, n ? runs[0] : 0);
	rb_row_str(&r, RB_SUM_STATUS, status);
	rb_row_str(&r, RB_SUM_REASON, reason);
	rb_row_write(f->sum.f, &r);
	for (int i = 0; i < n; i++) {
		rb_row_init(&r, &rb_t_runs);
		rb_row_str(&r, RB_RUN_SCENARIO, scn);
		rb_row_str(&r, RB_RUN_BACKEND, be);
		rb_row_str(&r, RB_RUN_FS_TYPE, "tmpfs");
		rb_row_u64(&r, RB_RUN_SIZE_BYTES, size);
		rb_row_str(&r, RB_RUN_VARIANT, var);
		rb_row_str(&r, RB_RUN_PROCS, "1");
		rb_row_str(&r, RB_RUN_METRIC, met);
		rb_row_str(&r, RB_RUN_UNIT, "ns");
		rb_row_fmt(&r, RB_RUN_REP, "%d", i);
		rb_row_num(&r, RB_RUN_P50, runs[i]);
		rb_row_num(&r, RB_RUN_P99, runs[i] * 2);
		rb_row_str(&r, RB_RUN_STATUS, status);
		rb_row_write(f->runs.f, &r);
	}
}

static void stress_row(struct files *f, const char *be, const char *var, int lost, int torn)
{
	struct rb_row r;
	rb_row_init(&r, &rb_t_stress);
	rb_row_str(&r, RB_STR_SCENARIO, "growth");
	rb_row_str(&r, RB_STR_BACKEND, be);
	rb_row_str(&r, RB_STR_VARIANT, var);
	rb_row_str(&r, RB_STR_GROWTHS, "10");
	rb_row_str(&r, RB_STR_RECORDS_VERIFIED, "1000");
	for (int k = 0; k < RB_V__N; k++)
		rb_row_str(&r, RB_STR_KIND(k), "0");
	rb_row_fmt(&r, RB_STR_KIND(RB_V_LOST), "%d", lost);
	rb_row_fmt(&r, RB_STR_KIND(RB_V_TORN), "%d", torn);
	rb_row_str(&r, RB_STR_VERDICT, rb_stress_verdict_name(lost || torn ? RB_SV_FAIL : RB_SV_PASS));
	rb_row_write(f->stress.f, &r);
}

/* All findings of dir as one text, each ending in " -> anchor\n". */
static char *findings(const char *dir, const char *drawn)
{
	static struct rb_finding f[16];
	static char all[16 * 2200];
	char err[256];
	int n = rb_findings(dir, drawn, f, 16, err, sizeof(err));
	CHECK(n >= 0);
	all[0] = '\0';
	for (int i = 0; i < n; i++)
		snprintf(all + strlen(all), sizeof(all) - strlen(all), "%s -> %s\n", f[i].text, f[i].anchor);
	fprintf(stderr, "--- %s:\n%s", dir, all);
	return all;
}

/* The finding of t that starts with prefix (its own copy), or "". */
static const char *line(const char *t, const char *prefix)
{
	static char buf[2300];
	const char *p = strstr(t, prefix);
	buf[0] = '\0';
	if (p)
		snprintf(buf, sizeof(buf), "%.*s", (int)strcspn(p, "\n"), p);
	return buf;
}

#define M16 16777216ull

static int run(void)
{
	const char *d1 = tpath("one"), *d2 = tpath("single"), *d3 = tpath("three");
	struct files f;

	/* one backend, three runs a side */
	open_all(&f, d1);
	static const double remap_t[] = { 1000e3, 1010e3, 990e3 }, mremap_t[] = { 100e3, 101e3, 99e3 };
	static const double remap_u[] = { 10e3, 15e3, 8e3 }, mremap_u[] = { 11e3, 9e3, 16e3 };
	static const double small[] = { 5e3, 5.1e3, 4.9e3 };
	config(&f, "resize", "be1", 4096, "double/remap/touched", "resize_ns", small, 3, "ok", "");
	config(&f, "resize", "be1", M16, "double/remap/touched", "resize_ns", remap_t, 3, "ok", "");
	config(&f, "resize", "be1", M16, "double/mremap/touched", "resize_ns", mremap_t, 3, "ok", "");
	config(&f, "resize", "be1", M16, "double/remap/untouched", "resize_ns", remap_u, 3, "ok", "");
	config(&f, "resize", "be1", M16, "double/mremap/untouched", "resize_ns", mremap_u, 3, "ok", "");
	config(&f, "create", "be1", 4096, "manual", "create_ns", small, 3, "interference", "");
	config(&f, "resize", "be1", 4096, "step/mremap/touched", "resize_ns", NULL, 0, "skipped", "no mremap here");
	config(&f, "resize", "be1", 65536, "step/mremap/touched", "resize_ns", NULL, 0, "skipped", "no mremap here");
	stress_row(&f, "be1", "doorbell/remap", 3, 1);
	stress_row(&f, "be1", "poll/remap", 0, 0);
	close_all(&f);
	char *t = findings(d1, "resize latency");
	CHECK(strstr(t, "Resizing 16M → 32M with the old mapping written on be1: mremap is cheaper than "
			"map-new/unmap-old (remap) by 10× (95 % interval "));
	CHECK(strstr(t, "; 3 and 3 runs): 100 µs vs 1.0 ms. -> chart-resize\n"));
	CHECK(strstr(t, "Resizing 16M → 32M with the old mapping untouched on be1: no clear difference between mremap"));
	CHECK(!strstr(line(t, "Resizing 16M → 32M with the old mapping untouched"), "cheaper"));
	CHECK(strstr(t, "Stress FAILED in 1 of 2 runs: be1 doorbell/remap: 3 lost, 1 torn. -> stress\n"));
	CHECK(strstr(t, "1 measured with interference (other processes or the hypervisor took the CPU): create manual 4K "
			"create_ns on be1."));
	CHECK(strstr(t, "2 skipped: 2 on be1 (no mremap here). -> configurations\n"));
	/* links go to charts that were drawn, else to the table */
	CHECK(strstr(t, "create (MANUAL) 5.0 µs p50 at 4K on be1") && strstr(t, "on be1. -> chart-latency\n"));
	t = findings(d1, "");
	CHECK(strstr(t, "100 µs vs 1.0 ms. -> configurations\n"));

	/* one run a side: the values, never which is cheaper */
	open_all(&f, d2);
	config(&f, "resize", "be1", M16, "double/remap/touched", "resize_ns", remap_t, 1, "ok", "");
	config(&f, "resize", "be1", M16, "double/mremap/touched", "resize_ns", mremap_t, 1, "ok", "");
	close_all(&f);
	t = findings(d2, "resize");
	CHECK(strstr(t, "mremap took 100 µs and map-new/unmap-old (remap) 1.0 ms (one run each: no interval, so no claim"));
	CHECK(!strstr(t, "cheaper than"));
	CHECK(strstr(t, "All 2 configurations were measured with status ok"));

	/* three backends */
	open_all(&f, d3);
	static const double fa[] = { 1000, 1010, 990 }, fb[] = { 2000, 2020, 1980 }, fc[] = { 2030, 2050, 2010 };
	config(&f, "first_touch", "A", M16, "plain", "per_page_ns", fa, 3, "ok", "");
	config(&f, "first_touch", "B", M16, "plain", "per_page_ns", fb, 3, "ok", "");
	config(&f, "first_touch", "C", M16, "plain", "per_page_ns", fc, 3, "ok", "");
	config(&f, "create", "A", 4096, "manual", "create_ns", fa, 3, "ok", "");
	config(&f, "create", "B", 4096, "manual", "create_ns", fb, 3, "ok", "");
	config(&f, "create", "C", 4096, "manual", "create_ns", fc, 3, "ok", "");
	config(&f, "resize", "A", M16, "double/remap/touched", "resize_ns", remap_t, 3, "ok", "");
	config(&f, "resize", "A", M16, "double/mremap/touched", "resize_ns", mremap_t, 3, "ok", "");
	config(&f, "resize", "B", M16, "double/remap/touched", "resize_ns", remap_u, 3, "ok", "");
	config(&f, "resize", "B", M16, "double/mremap/touched", "resize_ns", mremap_u, 3, "ok", "");
	config(&f, "resize", "C", M16, "double/remap/touched", "resize_ns", remap_t, 1, "ok", "");
	config(&f, "resize", "C", M16, "double/mremap/touched", "resize_ns", mremap_t, 1, "ok", "");
	close_all(&f);
	t = findings(d3, "matrix_fault matrix_ops matrix_resize");
	CHECK(strstr(t, "highest on C (2.0 µs at 16M) or B (2.0 µs at 16M), not told apart (95 % interval of their "
			"ratio "));
	CHECK(strstr(t, "lowest on A (1.0 µs at 16M), 0.5× the next, B (95 % interval "));
	CHECK(strstr(t, "create (MANUAL), fastest first: A 1.0 µs < B 2.0 µs ≈ C 2.0 µs (p50 at 4K)."));
	CHECK(strstr(t, "mremap is cheaper than map-new/unmap-old on A 16M (10× (95 % interval "));
	CHECK(strstr(t, "No clear difference on B 16M (interval "));
	CHECK(strstr(t, "With one run a side (no interval, so no claim which is cheaper): C 16M (mremap 100 µs, remap "
			"1.0 ms). -> chart-matrix_resize\n"));
	CHECK(!strstr(t, "cheaper than mremap"));
	remove_tree(d1);
	remove_tree(d2);
	remove_tree(d3);
	return 0;
}

int main(void)
{
	return test_main(run, 20);
}
