/* runs.h - synthetic run folders for the history tests, written by the real
 * writers (summary.csv, runs.csv, metrics.csv, meta.csv; stress.csv as the
 * stress writer's table), so the importer reads what regionbench writes. */
#ifndef REGIONBENCH_HISTORY_TESTS_RUNS_H
#define REGIONBENCH_HISTORY_TESTS_RUNS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "afile.h"
#include "meta.h"
#include "schema.h"
#include "series.h"

static const struct rb_metric synth_create = { "create_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_SIZE, 0,
					       "synthetic create" };
static const struct rb_metric synth_rate = { "verified_per_s", RB_UNIT_PER_S, RB_DIR_HIGHER, RB_AXIS_NONE, 0,
					     "synthetic rate" };

struct synth_run {
	const char *run_id, *time, *commit, *host, *kernel;
	const double *med; /* per-run medians of create/manual/4K */
	size_t nrep;
	size_t extra; /* more configurations (sizes 8K, 12K, ...) with the same medians */
	int stress;   /* a stress-like folder: kind stress and a stress.csv row */
};

/* Write the folder; 0 or -errno. */
static inline int synth_run_write(const char *dir, const struct synth_run *r)
{
	if (mkdir(dir, 0755))
		return -1;
	struct rb_resultset rs = { 0 };
	for (size_t c = 0; c <= r->extra; c++) {
		struct rb_key k;
		rb_key_set(&k, r->stress ? "growth" : "create", "dir:/dev/shm", "tmpfs", 4096 * (c + 1),
			   r->stress ? "doorbell/remap" : "manual", 1);
		struct rb_series *s = rb_results_metric(&rs, &k, r->stress ? &synth_rate : &synth_create);
		if (!s)
			return -12;
		s->reps = calloc(r->nrep, sizeof(*s->reps));
		s->nreps = r->nrep;
		for (size_t i = 0; i < r->nrep; i++) {
			for (int j = -1; j <= 1; j++)
				rb_series_add(s, r->med[i] * (1 + 0.01 * j));
			s->reps[i] = (struct rb_rep){ (uint32_t)i, 3, r->med[i], r->med[i] * 1.01, r->med[i], RB_OK };
		}
	}
	int ret = rb_write_summary(dir, r->run_id, r->host, r->kernel, &rs);
	if (!ret)
		ret = rb_write_runs(dir, r->run_id, &rs);
	if (!ret)
		ret = rb_write_metrics(dir, &rs);
	rb_results_free(&rs);
	struct rb_meta *m = calloc(1, sizeof(*m));
	if (!m)
		return -12;
	rb_meta_set(m, "schema_version", "%d", RB_SCHEMA_VERSION);
	rb_meta_set(m, "run_id", "%s", r->run_id);
	rb_meta_set(m, "kind", "%s", r->stress ? "stress" : "bench");
	rb_meta_set(m, "command_line", "synthetic");
	rb_meta_set(m, r->stress ? "end_time" : "start_time", "%s", r->time);
	rb_meta_set(m, "host", "%s", r->host);
	rb_meta_set(m, "kernel_release", "%s", r->kernel);
	rb_meta_set(m, "cpu_model", "synthetic CPU");
	rb_meta_set(m, "git_commit", "%s", r->commit ? r->commit : "unknown");
	rb_meta_set(m, "backend.0", "dir:/dev/shm");
	rb_meta_set(m, "backend.0.fs_type", "tmpfs");
	if (!ret)
		ret = rb_meta_write(dir, m);
	free(m);
	if (!ret && r->stress) {
		struct rb_afile a;
		struct rb_row *row = malloc(sizeof(*row));
		if (!row || (ret = rb_afile_open(&a, dir, rb_t_stress.file))) {
			free(row);
			return row ? ret : -12;
		}
		rb_table_header(a.f, &rb_t_stress);
		rb_row_init(row, &rb_t_stress);
		rb_row_str(row, RB_STR_RUN_ID, r->run_id);
		rb_row_str(row, RB_STR_SCENARIO, "growth");
		rb_row_str(row, RB_STR_BACKEND, "dir:/dev/shm");
		rb_row_str(row, RB_STR_FS_TYPE, "tmpfs");
		rb_row_str(row, RB_STR_VARIANT, "doorbell/remap");
		rb_row_u64(row, RB_STR_INITIAL_SIZE_BYTES, 4096);
		rb_row_u64(row, RB_STR_RECORDS_WRITTEN, 1000);
		for (int k = 0; k < RB_V__N; k++)
			rb_row_u64(row, RB_STR_KIND(k), (uint64_t)k);
		rb_row_str(row, RB_STR_VERDICT, "fail");
		rb_row_write(a.f, row);
		free(row);
		ret = rb_afile_commit(&a);
	}
	return ret;
}

#endif
