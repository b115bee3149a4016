/* series.c - sample store and the summary/samples CSV writers. */
#include "series.h"

#include <errno.h>
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

static int same(const struct rb_key *a, const struct rb_key *b)
{
	return a->size_bytes == b->size_bytes && a->procs == b->procs && !strcmp(a->scenario, b->scenario) &&
	       !strcmp(a->backend, b->backend) && !strcmp(a->variant, b->variant) &&
	       !strcmp(a->metric, b->metric);
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

int rb_write_summary(const char *dir, const char *run_id, const char *host, const char *kernel,
		     const struct rb_resultset *rs)
{
	struct rb_afile a;
	int ret = rb_afile_open(&a, dir, rb_t_summary.file);
	if (ret)
		return ret;
	rb_table_header(a.f, &rb_t_summary);
	struct rb_row *row = malloc(sizeof(*row));
	if (!row) {
		rb_afile_abort(&a);
		return -ENOMEM;
	}
	for (size_t i = 0; i < rs->n; i++) {
		const struct rb_series *s = &rs->s[i];
		struct rb_stats st;
		if (rb_stats_compute(s->v, s->n, &st)) {
			free(row);
			rb_afile_abort(&a);
			return -ENOMEM;
		}
		rb_row_init(row, &rb_t_summary);
		key_cells(row, run_id, &s->k);
		rb_row_fmt(row, RB_SUM_N, "%zu", st.n);
		const double v[] = { st.min, st.p50, st.p90, st.p99, st.p999, st.max, st.mean, st.stddev };
		for (int c = 0; c < 8; c++)
			rb_row_num(row, RB_SUM_MIN + c, v[c]);
		/* a series without samples is an error unless it says why */
		enum rb_status status = s->status;
		const char *reason = s->reason;
		if (status == RB_OK && s->n == 0) {
			status = RB_ERROR;
			reason = "no samples";
		}
		rb_row_str(row, RB_SUM_STATUS, rb_status_name(status));
		rb_row_str(row, RB_SUM_REASON, reason);
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
	int ret = rb_afile_open(&a, dir, rb_t_samples.file);
	if (ret)
		return ret;
	rb_table_header(a.f, &rb_t_samples);
	struct rb_row *row = malloc(sizeof(*row));
	if (!row) {
		rb_afile_abort(&a);
		return -ENOMEM;
	}
	for (size_t i = 0; i < rs->n; i++) {
		const struct rb_series *s = &rs->s[i];
		rb_row_init(row, &rb_t_samples);
		key_cells(row, run_id, &s->k);
		size_t mark = row->used;
		for (size_t j = 0; j < s->n; j++) {
			row->used = mark; /* reuse the room of the previous idx/value */
			rb_row_fmt(row, RB_SMP_IDX, "%zu", j);
			rb_row_fmt(row, RB_SMP_VALUE, "%.9g", s->v[j]);
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
	int ret = rb_afile_open(&a, dir, rb_t_runs.file);
	if (ret)
		return ret;
	rb_table_header(a.f, &rb_t_runs);
	struct rb_row *row = malloc(sizeof(*row));
	if (!row) {
		rb_afile_abort(&a);
		return -ENOMEM;
	}
	for (size_t i = 0; i < rs->n; i++) {
		const struct rb_series *s = &rs->s[i];
		struct rb_rep one;
		const struct rb_rep *reps = s->reps;
		size_t nreps = s->nreps;
		if (!reps) {
			struct rb_stats st;
			if (rb_stats_compute(s->v, s->n, &st)) {
				ret = -ENOMEM;
				break;
			}
			one = (struct rb_rep){ 0, s->n, st.p50, st.p99, st.mean, s->status };
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
