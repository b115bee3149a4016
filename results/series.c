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
		uint64_t size, const char *variant, int procs, const char *metric, const char *unit)
{
	memset(k, 0, sizeof(*k));
	cpy(k->scenario, sizeof(k->scenario), scenario);
	cpy(k->backend, sizeof(k->backend), backend);
	cpy(k->fs_type, sizeof(k->fs_type), fs_type);
	k->size_bytes = size;
	cpy(k->variant, sizeof(k->variant), variant);
	k->procs = procs;
	cpy(k->metric, sizeof(k->metric), metric);
	cpy(k->unit, sizeof(k->unit), unit);
}

const char *rb_status_name(enum rb_status s)
{
	return s == RB_OK ? "ok" : s == RB_ERROR ? "error" : "skipped";
}

static int same(const struct rb_key *a, const struct rb_key *b)
{
	return a->size_bytes == b->size_bytes && a->procs == b->procs && !strcmp(a->scenario, b->scenario) &&
	       !strcmp(a->backend, b->backend) && !strcmp(a->variant, b->variant) &&
	       !strcmp(a->metric, b->metric);
}

const char *rb_metric_unit(const char *metric)
{
	size_t n = strlen(metric);
	return n > 3 && !strcmp(metric + n - 3, "_ns") ? "ns" : "count";
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
	for (size_t i = 0; i < rs->n; i++)
		free(rs->s[i].v);
	free(rs->s);
	memset(rs, 0, sizeof(*rs));
}

static void key_fields(FILE *f, const struct rb_key *k)
{
	rb_csv_field(f, k->scenario, 0);
	rb_csv_field(f, k->backend, 0);
	rb_csv_field(f, k->fs_type, 0);
	fprintf(f, "%llu,", (unsigned long long)k->size_bytes);
	rb_csv_field(f, k->variant, 0);
	fprintf(f, "%d,", k->procs);
	rb_csv_field(f, k->metric, 0);
	rb_csv_field(f, k->unit, 0);
}

const char rb_summary_header[] =
	"schema_version,run_id,scenario,backend,fs_type,size_bytes,variant,procs,metric,unit,"
	"n,min,p50,p90,p99,p999,max,mean,stddev,status,reason,host,kernel";

int rb_write_summary(const char *dir, const char *run_id, const char *host, const char *kernel,
		     const struct rb_resultset *rs)
{
	struct rb_afile a;
	int ret = rb_afile_open(&a, dir, "summary.csv");
	if (ret)
		return ret;
	fprintf(a.f, "%s\n", rb_summary_header);
	for (size_t i = 0; i < rs->n; i++) {
		const struct rb_series *s = &rs->s[i];
		struct rb_stats st;
		if (rb_stats_compute(s->v, s->n, &st)) {
			rb_afile_abort(&a);
			return -ENOMEM;
		}
		fprintf(a.f, "%d,", RB_SCHEMA_VERSION);
		rb_csv_field(a.f, run_id, 0);
		key_fields(a.f, &s->k);
		fprintf(a.f, "%zu,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,", st.n, st.min, st.p50, st.p90,
			st.p99, st.p999, st.max, st.mean, st.stddev);
		/* a series without samples is an error unless it says why */
		enum rb_status status = s->status;
		const char *reason = s->reason;
		if (status == RB_OK && s->n == 0) {
			status = RB_ERROR;
			reason = "no samples";
		}
		rb_csv_field(a.f, rb_status_name(status), 0);
		rb_csv_field(a.f, reason, 0);
		rb_csv_field(a.f, host, 0);
		rb_csv_field(a.f, kernel, 1);
	}
	return rb_afile_commit(&a);
}

int rb_write_samples(const char *dir, const char *run_id, const struct rb_resultset *rs)
{
	struct rb_afile a;
	int ret = rb_afile_open(&a, dir, "samples.csv");
	if (ret)
		return ret;
	fprintf(a.f, "schema_version,run_id,scenario,backend,fs_type,size_bytes,variant,procs,metric,unit,"
		     "idx,value\n");
	for (size_t i = 0; i < rs->n; i++) {
		const struct rb_series *s = &rs->s[i];
		for (size_t j = 0; j < s->n; j++) {
			fprintf(a.f, "%d,", RB_SCHEMA_VERSION);
			rb_csv_field(a.f, run_id, 0);
			key_fields(a.f, &s->k);
			fprintf(a.f, "%zu,%.9g\n", j, s->v[j]);
		}
	}
	return rb_afile_commit(&a);
}
