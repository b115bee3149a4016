/* overhead.c - the core's overhead over the same syscalls written inline:
 * p50(create)/p50(raw_create), attach/raw_attach, resize/raw_resize, over all
 * samples and per run (core and raw measured in the same worker process). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "afile.h"
#include "bench.h"
#include "series.h"

static const struct {
	const char *core, *raw, *variant, *metric;
} pairs[] = {
	{ "create", "raw_create", "manual", "create_ns" },
	{ "attach", "raw_attach", "", "attach_ns" },
	{ "resize", "raw_resize", "double/remap/untouched", "resize_ns" },
};

static double p50_of(const struct rb_series *s)
{
	struct rb_stats st;
	if (!rb_status_measured(s->status) || rb_series_stats(s, &st) || !st.n)
		return -1;
	return st.p50;
}

/* The lowest and highest ratio of the runs' medians, pairing runs by index. */
static int run_ratios(const struct rb_series *c, const struct rb_series *r, double *lo, double *hi)
{
	int n = 0;
	*lo = INFINITY, *hi = -INFINITY;
	for (size_t i = 0; c->reps && r->reps && i < c->nreps; i++)
		for (size_t k = 0; k < r->nreps; k++)
			if (c->reps[i].rep == r->reps[k].rep && c->reps[i].n && r->reps[k].n && r->reps[k].p50 > 0) {
				double q = c->reps[i].p50 / r->reps[k].p50;
				*lo = q < *lo ? q : *lo;
				*hi = q > *hi ? q : *hi;
				n++;
			}
	return n;
}

int rb_write_overhead(const char *dir, const char *run_id, const struct rb_resultset *rs, int print)
{
	struct rb_afile a;
	int ret = rb_afile_open(&a, dir, rb_t_overhead.file);
	if (ret)
		return ret;
	rb_table_header(a.f, &rb_t_overhead);
	int header = 0;
	for (size_t p = 0; p < sizeof(pairs) / sizeof(pairs[0]); p++) {
		for (size_t i = 0; i < rs->n; i++) {
			const struct rb_series *c = &rs->s[i];
			if (strcmp(c->k.scenario, pairs[p].core) || strcmp(c->k.variant, pairs[p].variant) ||
			    strcmp(c->k.metric, pairs[p].metric))
				continue;
			struct rb_key k = c->k;
			snprintf(k.scenario, sizeof(k.scenario), "%s", pairs[p].raw);
			const struct rb_series *r = rb_results_find(rs, &k);
			double cp = p50_of(c), rp = r ? p50_of(r) : -1, lo, hi;
			if (cp <= 0 || rp <= 0)
				continue;
			int nr = run_ratios(c, r, &lo, &hi);
			struct rb_row row;
			rb_row_init(&row, &rb_t_overhead);
			rb_row_str(&row, RB_OVH_RUN_ID, run_id);
			rb_row_str(&row, RB_OVH_SCENARIO, pairs[p].core);
			rb_row_str(&row, RB_OVH_BASELINE, pairs[p].raw);
			rb_row_str(&row, RB_OVH_BACKEND, c->k.backend);
			rb_row_str(&row, RB_OVH_FS_TYPE, c->k.fs_type);
			rb_row_u64(&row, RB_OVH_SIZE_BYTES, c->k.size_bytes);
			rb_row_str(&row, RB_OVH_VARIANT, c->k.variant);
			rb_row_num(&row, RB_OVH_CORE_P50_NS, cp);
			rb_row_num(&row, RB_OVH_RAW_P50_NS, rp);
			rb_row_fmt(&row, RB_OVH_RATIO, "%.4f", cp / rp);
			rb_row_fmt(&row, RB_OVH_RUNS, "%d", nr);
			if (nr) {
				rb_row_fmt(&row, RB_OVH_RATIO_MIN, "%.4f", lo);
				rb_row_fmt(&row, RB_OVH_RATIO_MAX, "%.4f", hi);
			}
			rb_row_write(a.f, &row);
			if (print) {
				if (!header++)
					printf("\ncore overhead over raw syscalls (p50 ratio, and its range over runs; target <= 1.03):\n");
				printf("  %-8s %-16s %12llu B  core %9.0f ns  raw %9.0f ns  ratio %.3f", pairs[p].core,
				       c->k.backend, (unsigned long long)c->k.size_bytes, cp, rp, cp / rp);
				if (nr)
					printf("  runs %.3f..%.3f", lo, hi);
				printf("\n");
			}
		}
	}
	return rb_afile_commit(&a);
}
