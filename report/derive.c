/* derive.c - the tables a report computes from its combined data: models.csv
 * (a fixed + per-page cost model per configuration swept over size) and
 * ratios.csv (each backend relative to the reference, per comparison panel). */
#include "derive.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afile.h"
#include "data.h"
#include "estimate.h"
#include "parse.h"

const struct rb_comparison rb_comparisons[] = {
	{ "matrix_ops", "create (MANUAL)", "create", "manual", "create_ns", RB_STAT_P50, RB_SIZE_SMALLEST },
	{ "matrix_ops", "close (MANUAL)", "close", "manual", "close_ns", RB_STAT_P50, RB_SIZE_SMALLEST },
	{ "matrix_ops", "attach by path", "attach", "", "attach_ns", RB_STAT_P50, RB_SIZE_SMALLEST },
	{ "matrix_ops", "attach_fd", "attach_fd", "", "attach_fd_ns", RB_STAT_P50, RB_SIZE_SMALLEST },
	{ "matrix_ops", "check_and_remap (fstat/unchanged)", "check_and_remap", "fstat/unchanged", "check_ns",
	  RB_STAT_P50, RB_SIZE_SMALLEST },
	{ "matrix_ops", "pingpong (one way)", "pingpong", "", "oneway_ns", RB_STAT_P50, RB_SIZE_SMALLEST },
	{ "matrix_fault", "first write per page (plain)", "first_touch", "plain", "per_page_ns", RB_STAT_P50,
	  RB_SIZE_LARGEST },
	{ "matrix_fault", "with MAP_POPULATE", "first_touch", "populate", "per_page_ns", RB_STAT_P50, RB_SIZE_LARGEST },
	{ "matrix_fault", "after posix_fallocate", "first_touch", "reserve", "per_page_ns", RB_STAT_P50,
	  RB_SIZE_LARGEST },
	{ "matrix_visible", "visible_ns p50 (doorbell detection)", "growth", "doorbell/remap", "visible_ns", RB_STAT_P50,
	  RB_SIZE_RUN },
	{ "matrix_visible", "visible_ns p99 (doorbell detection)", "growth", "doorbell/remap", "visible_ns", RB_STAT_P99,
	  RB_SIZE_RUN },
	{ NULL, NULL, NULL, NULL, NULL, 0, 0 },
};

/* ---- models.csv ---- */

#define MAXPTS 64

static int write_models(const struct rb_data *d, FILE *f)
{
	const int *s = d->s;
	char *done = calloc(d->sum.nrows + 1, 1);
	if (!done)
		return -ENOMEM;
	for (size_t row = 0; row < d->sum.nrows; row++) {
		if (done[row])
			continue;
		const char *scn = rb_csv_get(&d->sum, row, s[RB_SUM_SCENARIO]);
		const char *met = rb_csv_get(&d->sum, row, s[RB_SUM_METRIC]);
		struct rb_cfg c = { scn, rb_csv_get(&d->sum, row, s[RB_SUM_BACKEND]),
				    rb_csv_get(&d->sum, row, s[RB_SUM_VARIANT]), met, 0,
				    atoi(rb_csv_get(&d->sum, row, s[RB_SUM_PROCS])) };
		double x[MAXPTS], y[MAXPTS];
		size_t n = 0;
		uint64_t lo = 0, hi = 0;
		for (size_t r = row; r < d->sum.nrows; r++) {
			/* the rows of this configuration family, over every size */
			if (strcmp(rb_csv_get(&d->sum, r, s[RB_SUM_SCENARIO]), scn) ||
			    strcmp(rb_csv_get(&d->sum, r, s[RB_SUM_METRIC]), met) ||
			    strcmp(rb_csv_get(&d->sum, r, s[RB_SUM_BACKEND]), c.backend) ||
			    strcmp(rb_csv_get(&d->sum, r, s[RB_SUM_VARIANT]), c.variant) ||
			    atoi(rb_csv_get(&d->sum, r, s[RB_SUM_PROCS])) != c.procs)
				continue;
			done[r] = 1;
			uint64_t sz = strtoull(rb_csv_get(&d->sum, r, s[RB_SUM_SIZE_BYTES]), NULL, 10);
			double v;
			if (rb_data_row_match(d, r, &c) && n < MAXPTS &&
			    !rb_csv_num(rb_csv_get(&d->sum, r, s[RB_SUM_P50]), &v) && v > 0 && sz) {
				x[n] = (double)sz;
				y[n++] = v;
				lo = !lo || sz < lo ? sz : lo;
				hi = sz > hi ? sz : hi;
			}
		}
		if (strcmp(rb_data_axis(d, scn, met), "size"))
			continue;
		struct rb_costmodel m;
		if (rb_costmodel_fit(x, y, n, &m))
			continue;
		const char *unit = rb_data_unit(d, scn, met);
		char text[128];
		struct rb_row w;
		rb_row_init(&w, &rb_t_models);
		rb_row_str(&w, RB_MOD_SCENARIO, scn);
		rb_row_str(&w, RB_MOD_BACKEND, c.backend);
		rb_row_str(&w, RB_MOD_FS_TYPE, rb_csv_get(&d->sum, row, s[RB_SUM_FS_TYPE]));
		rb_row_str(&w, RB_MOD_VARIANT, c.variant);
		rb_row_fmt(&w, RB_MOD_PROCS, "%d", c.procs);
		rb_row_str(&w, RB_MOD_METRIC, met);
		rb_row_str(&w, RB_MOD_UNIT, unit);
		rb_row_u64(&w, RB_MOD_POINTS, m.points);
		rb_row_u64(&w, RB_MOD_SIZE_MIN_BYTES, lo);
		rb_row_u64(&w, RB_MOD_SIZE_MAX_BYTES, hi);
		rb_row_num(&w, RB_MOD_FIXED, m.fixed);
		rb_row_num(&w, RB_MOD_PER_PAGE, m.per_page);
		rb_row_num(&w, RB_MOD_R2, m.r2);
		rb_row_num(&w, RB_MOD_MAX_DEV, m.max_dev);
		rb_row_u64(&w, RB_MOD_FITS, (uint64_t)m.fits);
		rb_row_str(&w, RB_MOD_MODEL, rb_costmodel_text(&m, unit, text, sizeof(text)));
		rb_row_write(f, &w);
	}
	free(done);
	return 0;
}

/* ---- ratios.csv ---- */

#define MAXRUNS 256
#define MAXB 64

struct entry {
	char backend[256];
	uint64_t size;
	double runs[MAXRUNS];
	size_t n;
	struct rb_ratio r;
	const struct entry *ref;
};

static int by_ratio(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	return x->r.ratio < y->r.ratio ? -1 : x->r.ratio > y->r.ratio;
}

/* One panel: every backend with measured runs of the comparison, relative to
 * the reference (or, when the reference lacks it, the first backend that has it). */
static int panel(const struct rb_data *d, const struct rb_comparison *cmp, int num, const char *backends,
		  const char *reference, FILE *f)
{
	static struct entry e[MAXB];
	int n = 0, ref = -1;
	char b[300];
	for (int i = 0; n < MAXB && rb_word(backends, i, b, sizeof(b)); i++) {
		struct rb_cfg c = { cmp->scenario, b, cmp->variant, cmp->metric, 0, 0 };
		c.size = rb_data_size(d, &c, cmp->size != RB_SIZE_SMALLEST);
		if (!c.size)
			continue;
		struct entry *x = &e[n];
		snprintf(x->backend, sizeof(x->backend), "%s", b);
		x->size = c.size;
		x->n = rb_data_runs(d, &c, cmp->stat, x->runs, MAXRUNS);
		for (size_t k = 0; k < x->n; k++)
			if (!(x->runs[k] > 0))
				x->runs[k--] = x->runs[--x->n];
		if (!x->n)
			continue;
		if (ref < 0 && (!reference || !strcmp(b, reference)))
			ref = n;
		n++;
	}
	if (n < 2)
		return 0;
	if (ref < 0)
		ref = 0;
	for (int i = 0; i < n; i++) {
		rb_ratio_runs(e[ref].runs, e[ref].n, e[i].runs, e[i].n, &e[i].r);
		e[i].ref = &e[ref];
	}
	struct entry refcopy = e[ref];
	qsort(e, (size_t)n, sizeof(e[0]), by_ratio);
	/* the panel's label names its sizes: "create (MANUAL) at 4K (hugetlbfs: 2M)" */
	char label[512], sz[32];
	snprintf(label, sizeof(label), "%s", cmp->label);
	if (cmp->size != RB_SIZE_RUN)
		snprintf(label + strlen(label), sizeof(label) - strlen(label), " at %s",
			 rb_fmt_size(refcopy.size, sz, sizeof(sz)));
	int other = 0;
	for (int i = 0; cmp->size != RB_SIZE_RUN && i < n; i++)
		if (e[i].size != refcopy.size && strlen(label) < sizeof(label) - 64) {
			snprintf(label + strlen(label), sizeof(label) - strlen(label), "%s%s: %s", other ? "; " : " (",
				 e[i].backend, rb_fmt_size(e[i].size, sz, sizeof(sz)));
			other = 1;
		}
	if (other)
		strcat(label, ")");
	const char *unit = rb_data_unit(d, cmp->scenario, cmp->metric);
	for (int i = 0; i < n; i++) {
		struct rb_row w;
		rb_row_init(&w, &rb_t_ratios);
		rb_row_str(&w, RB_RAT_CHART, cmp->chart);
		rb_row_fmt(&w, RB_RAT_PANEL, "%d", num);
		rb_row_str(&w, RB_RAT_LABEL, label);
		rb_row_str(&w, RB_RAT_SCENARIO, cmp->scenario);
		rb_row_str(&w, RB_RAT_VARIANT, cmp->variant);
		rb_row_str(&w, RB_RAT_METRIC, cmp->metric);
		rb_row_str(&w, RB_RAT_UNIT, unit);
		rb_row_str(&w, RB_RAT_STAT, cmp->stat == RB_STAT_P50 ? "p50" : "p99");
		rb_row_str(&w, RB_RAT_BACKEND, e[i].backend);
		rb_row_u64(&w, RB_RAT_SIZE_BYTES, e[i].size);
		rb_row_str(&w, RB_RAT_REFERENCE, refcopy.backend);
		rb_row_u64(&w, RB_RAT_RUNS, e[i].n);
		rb_row_u64(&w, RB_RAT_REF_RUNS, refcopy.n);
		rb_row_num(&w, RB_RAT_VALUE, rb_geomean(e[i].runs, e[i].n));
		rb_row_num(&w, RB_RAT_REF_VALUE, rb_geomean(refcopy.runs, refcopy.n));
		rb_row_num(&w, RB_RAT_RATIO, e[i].r.ratio);
		if (e[i].r.has_ci && strcmp(e[i].backend, refcopy.backend)) {
			rb_row_num(&w, RB_RAT_CI_LO, e[i].r.lo);
			rb_row_num(&w, RB_RAT_CI_HI, e[i].r.hi);
		}
		rb_row_fmt(&w, RB_RAT_RANK, "%d", i + 1);
		rb_row_write(f, &w);
	}
	return 1;
}

static void write_ratios(const struct rb_data *d, const char *reference, FILE *f)
{
	char backends[4096];
	rb_data_backends(d, backends, sizeof(backends));
	const char *chart = "";
	int num = 0;
	for (const struct rb_comparison *c = rb_comparisons; c->chart; c++) {
		if (strcmp(chart, c->chart))
			num = 0;
		chart = c->chart;
		num += panel(d, c, num + 1, backends, reference && *reference ? reference : NULL, f);
	}
}

int rb_report_derive(const char *dir, const char *reference, char *err, size_t errlen)
{
	struct rb_data d;
	int ret = rb_data_load(&d, dir, err, errlen);
	if (ret)
		return ret;
	const struct rb_table *t[2] = { &rb_t_models, &rb_t_ratios };
	struct rb_afile a[2];
	int open = 0;
	while (open < 2 && !ret) {
		if ((ret = rb_afile_open(&a[open], dir, t[open]->file)))
			snprintf(err, errlen, "%s/%s: %s", dir, t[open]->file, strerror(-ret));
		else
			rb_table_header(a[open].f, t[open]), open++;
	}
	if (!ret && (ret = write_models(&d, a[0].f)))
		snprintf(err, errlen, "%s/%s: %s", dir, t[0]->file, strerror(-ret));
	if (!ret)
		write_ratios(&d, reference, a[1].f);
	/* both files or neither: after a failure every other one is aborted */
	for (int i = 0; i < open; i++) {
		if (ret)
			rb_afile_abort(&a[i]);
		else if ((ret = rb_afile_commit(&a[i])))
			snprintf(err, errlen, "%s/%s: %s", dir, t[i]->file, strerror(-ret));
	}
	rb_data_free(&d);
	return ret;
}
