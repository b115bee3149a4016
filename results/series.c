/* series.c - sample store and the summary/samples CSV writers. */
#include "series.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afile.h"
#include "csvw.h"
#include "stats.h"

static void cpy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

void rb_key_set(struct rb_key *k, const char *scenario, const char *backend, const char *fs_type,
		uint64_t size, const char *variant, int procs)
{
	memset(k, 0, sizeof(*k));
	cpy(k->scenario, sizeof(k->scenario), scenario);
	cpy(k->backend, sizeof(k->backend), backend);
	cpy(k->fs_type, sizeof(k->fs_type), fs_type);
	k->size_bytes = size;
	cpy(k->variant, sizeof(k->variant), variant);
	k->procs = procs;
}

int rb_key_same_config(const struct rb_key *a, const struct rb_key *b)
{
	return a->size_bytes == b->size_bytes && a->procs == b->procs && !strcmp(a->scenario, b->scenario) &&
	       !strcmp(a->backend, b->backend) && !strcmp(a->variant, b->variant);
}

static int same(const struct rb_key *a, const struct rb_key *b)
{
	return rb_key_same_config(a, b) && !strcmp(a->metric, b->metric);
}

const struct rb_series *rb_results_find(const struct rb_resultset *rs, const struct rb_key *k)
{
	for (size_t i = 0; i < rs->n; i++)
		if (same(&rs->s[i].k, k))
			return &rs->s[i];
	return NULL;
}

struct rb_series *rb_results_get(struct rb_resultset *rs, const struct rb_key *k)
{
	struct rb_series *found = (struct rb_series *)rb_results_find(rs, k);
	if (found)
		return found;
	if (rs->n == rs->cap) {
		size_t nc = rs->cap ? rs->cap * 2 : 64;
		struct rb_series *ns = realloc(rs->s, nc * sizeof(*ns));
		if (!ns)
			return NULL;
		rs->s = ns;
		rs->cap = nc;
	}
	struct rb_series *s = &rs->s[rs->n++];
	memset(s, 0, sizeof(*s));
	s->k = *k;
	return s;
}

struct rb_series *rb_results_metric(struct rb_resultset *rs, const struct rb_key *k, const struct rb_metric *m)
{
	struct rb_key km = *k;
	cpy(km.metric, sizeof(km.metric), m->name);
	cpy(km.unit, sizeof(km.unit), rb_unit_name(m->unit));
	struct rb_series *s = rb_results_get(rs, &km);
	if (s)
		s->desc = m;
	return s;
}

int rb_series_reserve(struct rb_series *s, size_t n)
{
	if (s->n + n <= s->cap)
		return 0;
	size_t nc = s->n + n;
	double *nv = realloc(s->v, nc * sizeof(double));
	if (!nv)
		return -ENOMEM;
	s->v = nv;
	s->cap = nc;
	return 0;
}

int rb_series_add(struct rb_series *s, double v)
{
	if (s->n == s->cap) {
		int ret = rb_series_reserve(s, s->cap ? s->cap : 256);
		if (ret)
			return ret;
	}
	s->v[s->n++] = v;
	return 0;
}

void rb_series_fail(struct rb_series *s, enum rb_status st, const char *reason)
{
	if (s->status != RB_OK)
		return; /* keep the first reason */
	s->status = st;
	cpy(s->reason, sizeof(s->reason), reason);
}

void rb_results_free(struct rb_resultset *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		free(rs->s[i].v);
		free(rs->s[i].reps);
		free(rs->s[i].vrep);
		if (rs->s[i].hist)
			rb_hist_free(rs->s[i].hist);
		free(rs->s[i].hist);
	}
	free(rs->s);
	memset(rs, 0, sizeof(*rs));
}

/* The key columns, shared by summary.csv and samples.csv (same ids in both). */
static void key_cells(struct rb_row *r, const char *run_id, const struct rb_key *k)
{
	_Static_assert((int)RB_SUM_UNIT == (int)RB_SMP_UNIT && (int)RB_SUM_RUN_ID == (int)RB_SMP_RUN_ID, "key columns line up");
	rb_row_str(r, RB_SUM_RUN_ID, run_id);
	rb_row_str(r, RB_SUM_SCENARIO, k->scenario);
	rb_row_str(r, RB_SUM_BACKEND, k->backend);
	rb_row_str(r, RB_SUM_FS_TYPE, k->fs_type);
	rb_row_u64(r, RB_SUM_SIZE_BYTES, k->size_bytes);
	rb_row_str(r, RB_SUM_VARIANT, k->variant);
	rb_row_fmt(r, RB_SUM_PROCS, "%d", k->procs);
	rb_row_str(r, RB_SUM_METRIC, k->metric);
	rb_row_str(r, RB_SUM_UNIT, k->unit);
}

int rb_series_stats(const struct rb_series *s, struct rb_stats *st)
{
	if (s->hist) {
		const struct rb_hist *h = s->hist;
		*st = (struct rb_stats){ .n = h->count,
					 .min = h->min,
					 .max = h->max,
					 .mean = h->mean,
					 .stddev = rb_hist_stddev(h),
					 .p50 = rb_hist_quantile(h, 0.5),
					 .p90 = rb_hist_quantile(h, 0.9),
					 .p99 = rb_hist_quantile(h, 0.99),
					 .p999 = rb_hist_quantile(h, 0.999) };
		if (!h->count)
			*st = (struct rb_stats){ 0 };
	} else if (rb_stats_compute(s->v, s->n, st)) {
		return -ENOMEM;
	}
	if (st->n < rb_pct_min_n(0.9))
		st->p90 = NAN;
	if (st->n < rb_pct_min_n(0.99))
		st->p99 = NAN;
	if (st->n < rb_pct_min_n(0.999))
		st->p999 = NAN;
	return 0;
}

void rb_pct_reason(size_t n, char *out, size_t len)
{
	static const struct {
		double q;
		const char *name;
	} p[] = { { 0.9, "p90" }, { 0.99, "p99" }, { 0.999, "p999" } };
	out[0] = '\0';
	for (size_t i = 0; i < sizeof(p) / sizeof(p[0]); i++)
		if (n && n < rb_pct_min_n(p[i].q)) {
			size_t l = strlen(out);
			snprintf(out + l, len - l, "%s%s needs n >= %llu", l ? "; " : "", p[i].name,
				 (unsigned long long)rb_pct_min_n(p[i].q));
		}
	if (out[0]) {
		size_t l = strlen(out);
		snprintf(out + l, len - l, " (n = %zu)", n);
	}
}

static void conditions(struct rb_row *r, int wall_col, const struct rb_conditions *c)
{
	_Static_assert(RB_SUM_OTHER_CPU_S == RB_SUM_WALL_S + 1 && RB_SUM_NIVCSW == RB_SUM_WALL_S + 3 &&
			       RB_RUN_OTHER_CPU_S == RB_RUN_WALL_S + 1 && RB_RUN_NIVCSW == RB_RUN_WALL_S + 3,
		       "condition columns stand together");
	if (!(c->wall_s > 0))
		return;
	rb_row_num(r, wall_col, c->wall_s);
	rb_row_num(r, wall_col + 1, c->other_cpu_s);
	rb_row_num(r, wall_col + 2, c->steal_s);
	rb_row_u64(r, wall_col + 3, c->nivcsw);
}

/* Open table t's file in dir (atomically written) with its header, and a row
 * buffer (large: not on the stack). 0 or -errno; nothing is left open on error. */
static int open_table(struct rb_afile *a, const char *dir, const struct rb_table *t, struct rb_row **row)
{
	int ret = rb_afile_open(a, dir, t->file);
	if (ret)
		return ret;
	rb_table_header(a->f, t);
	*row = malloc(sizeof(**row));
	if (!*row) {
		rb_afile_abort(a);
		return -ENOMEM;
	}
	return 0;
}

int rb_write_summary(const char *dir, const char *run_id, const char *host, const char *kernel,
		     const struct rb_resultset *rs)
{
	struct rb_afile a;
	struct rb_row *row;
	int ret = open_table(&a, dir, &rb_t_summary, &row);
	if (ret)
		return ret;
	for (size_t i = 0; i < rs->n; i++) {
		const struct rb_series *s = &rs->s[i];
		struct rb_stats st;
		if (rb_series_stats(s, &st)) {
			free(row);
			rb_afile_abort(&a);
			return -ENOMEM;
		}
		rb_row_init(row, &rb_t_summary);
		key_cells(row, run_id, &s->k);
		rb_row_fmt(row, RB_SUM_N, "%zu", st.n);
		const double v[] = { st.min, st.p50, st.p90, st.p99, st.p999, st.max, st.mean, st.stddev };
		for (int c = 0; c < 8 && st.n; c++)
			rb_row_num(row, RB_SUM_MIN + c, v[c]);
		/* a series without samples is an error unless it says why */
		enum rb_status status = s->status;
		const char *reason = s->reason;
		char why[512];
		if (status == RB_OK && st.n == 0) {
			status = RB_ERROR;
			reason = "no samples";
		}
		if (rb_status_measured(status)) { /* the percentile rule's reason, after any status reason */
			char pct[128];
			rb_pct_reason(st.n, pct, sizeof(pct));
			snprintf(why, sizeof(why), "%s%s%s", reason, reason[0] && pct[0] ? "; " : "", pct);
			reason = why;
		}
		rb_row_str(row, RB_SUM_STATUS, rb_status_name(status));
		rb_row_str(row, RB_SUM_REASON, reason);
		/* runs that measured something: a run without a value counts in neither */
		size_t nruns = 0;
		double lo = INFINITY, hi = -INFINITY;
		for (size_t k = 0; k < (s->reps ? s->nreps : 1); k++) {
			double p = s->reps ? s->reps[k].p50 : st.p50;
			if ((s->reps ? s->reps[k].n : st.n) == 0 || isnan(p))
				continue;
			nruns++;
			lo = p < lo ? p : lo;
			hi = p > hi ? p : hi;
		}
		rb_row_u64(row, RB_SUM_RUNS, nruns);
		if (nruns) {
			rb_row_num(row, RB_SUM_RUN_P50_MIN, lo);
			rb_row_num(row, RB_SUM_RUN_P50_MAX, hi);
		}
		conditions(row, RB_SUM_WALL_S, &s->c);
		rb_row_str(row, RB_SUM_HOST, host);
		rb_row_str(row, RB_SUM_KERNEL, kernel);
		rb_row_write(a.f, row);
	}
	free(row);
	return rb_afile_commit(&a);
}

int rb_write_samples(const char *dir, const char *run_id, const struct rb_resultset *rs)
{
	struct rb_afile a;
	struct rb_row *row;
	int ret = open_table(&a, dir, &rb_t_samples, &row);
	if (ret)
		return ret;
	for (size_t i = 0; i < rs->n; i++) {
		const struct rb_series *s = &rs->s[i];
		rb_row_init(row, &rb_t_samples);
		key_cells(row, run_id, &s->k);
		size_t mark = row->used;
		for (size_t j = 0; j < s->n; j++) {
			row->used = mark; /* reuse the room of the previous idx/value */
			rb_row_fmt(row, RB_SMP_IDX, "%zu", j);
			rb_row_fmt(row, RB_SMP_VALUE, "%.9g", s->v[j]);
			rb_row_fmt(row, RB_SMP_REP, "%u", s->vrep ? s->vrep[j] : 0);
			rb_row_write(a.f, row);
		}
	}
	free(row);
	return rb_afile_commit(&a);
}

int rb_write_runs(const char *dir, const char *run_id, const struct rb_resultset *rs)
{
	_Static_assert((int)RB_SUM_UNIT == (int)RB_RUN_UNIT, "key columns line up");
	struct rb_afile a;
	struct rb_row *row;
	int ret = open_table(&a, dir, &rb_t_runs, &row);
	if (ret)
		return ret;
	for (size_t i = 0; i < rs->n; i++) {
		const struct rb_series *s = &rs->s[i];
		struct rb_rep one;
		const struct rb_rep *reps = s->reps;
		size_t nreps = s->nreps;
		if (!reps) {
			struct rb_stats st;
			if (rb_series_stats(s, &st)) {
				ret = -ENOMEM;
				break;
			}
			one = (struct rb_rep){ 0, st.n, st.p50, st.p99, st.mean, s->status, s->c };
			reps = &one;
			nreps = 1;
		}
		for (size_t k = 0; k < nreps; k++) {
			if (!reps[k].n)
				continue;
			rb_row_init(row, &rb_t_runs);
			key_cells(row, run_id, &s->k);
			rb_row_fmt(row, RB_RUN_REP, "%u", reps[k].rep);
			rb_row_fmt(row, RB_RUN_N, "%zu", reps[k].n);
			rb_row_num(row, RB_RUN_P50, reps[k].p50);
			rb_row_num(row, RB_RUN_P99, reps[k].p99);
			rb_row_num(row, RB_RUN_MEAN, reps[k].mean);
			rb_row_str(row, RB_RUN_STATUS, rb_status_name(reps[k].status));
			conditions(row, RB_RUN_WALL_S, &reps[k].c);
			rb_row_write(a.f, row);
		}
	}
	free(row);
	if (ret) {
		rb_afile_abort(&a);
		return ret;
	}
	return rb_afile_commit(&a);
}

int rb_write_hist(const char *dir, const char *run_id, const struct rb_resultset *rs)
{
	_Static_assert((int)RB_SUM_UNIT == (int)RB_HST_UNIT, "key columns line up");
	struct rb_afile a;
	struct rb_row *row;
	int ret = open_table(&a, dir, &rb_t_hist, &row);
	if (ret)
		return ret;
	for (size_t i = 0; i < rs->n; i++) {
		const struct rb_series *s = &rs->s[i];
		if (!s->hist)
			continue;
		rb_row_init(row, &rb_t_hist);
		key_cells(row, run_id, &s->k);
		size_t mark = row->used;
		for (size_t b = 0; b < s->hist->nb; b++) {
			double lo, hi;
			rb_hist_bounds(s->hist->b[b].idx, &lo, &hi);
			row->used = mark;
			rb_row_fmt(row, RB_HST_LO, "%.9g", lo);
			rb_row_fmt(row, RB_HST_HI, "%.9g", hi);
			rb_row_u64(row, RB_HST_COUNT, s->hist->b[b].count);
			rb_row_write(a.f, row);
		}
	}
	free(row);
	return rb_afile_commit(&a);
}

int rb_write_metrics(const char *dir, const struct rb_resultset *rs)
{
	struct rb_afile a;
	int ret = rb_afile_open(&a, dir, rb_t_metrics.file);
	if (ret)
		return ret;
	rb_table_header(a.f, &rb_t_metrics);
	struct rb_row row;
	for (size_t i = 0; i < rs->n; i++) {
		const struct rb_series *s = &rs->s[i];
		const struct rb_metric *m = s->desc;
		int seen = !m;
		for (size_t j = 0; !seen && j < i; j++)
			seen = rs->s[j].desc == m && !strcmp(rs->s[j].k.scenario, s->k.scenario);
		if (seen)
			continue;
		rb_row_init(&row, &rb_t_metrics);
		rb_row_str(&row, RB_MET_SCENARIO, s->k.scenario);
		rb_row_str(&row, RB_MET_METRIC, m->name);
		rb_row_str(&row, RB_MET_UNIT, rb_unit_name(m->unit));
		rb_row_str(&row, RB_MET_DIRECTION, rb_direction_name(m->dir));
		rb_row_str(&row, RB_MET_AXIS, rb_axis_name(m->axis));
		rb_row_fmt(&row, RB_MET_TAIL, "%d", (m->flags & RB_METRIC_TAIL) ? 1 : 0);
		rb_row_str(&row, RB_MET_DESCRIPTION, m->desc);
		rb_row_write(a.f, &row);
	}
	return rb_afile_commit(&a);
}
