/* series.h - the result data model: raw samples per configuration and metric.
 * A series is one (scenario, backend, fs_type, size, variant, procs, metric). */
#ifndef REGIONBENCH_RESULTS_SERIES_H
#define REGIONBENCH_RESULTS_SERIES_H

#include <stddef.h>
#include <stdint.h>

#include "schema.h"

struct rb_key {
	char scenario[48];
	char backend[256];
	char fs_type[64];
	uint64_t size_bytes;
	char variant[96];
	int procs;
	char metric[48];
	char unit[16];
};

/* One run (worker process) of a configuration: its own statistics. */
struct rb_rep {
	uint32_t rep; /* run index within the configuration, from 0 */
	size_t n;
	double p50, p99, mean;
	enum rb_status status;
};

struct rb_series {
	struct rb_key k;
	double *v;
	size_t n, cap;
	enum rb_status status;
	char reason[256]; /* error or skip reason */
	const struct rb_metric *desc; /* the metric's descriptor (NULL: not declared) */
	struct rb_rep *reps; /* per-run statistics (malloc'd); NULL: all samples are one run */
	size_t nreps;
};

struct rb_resultset {
	struct rb_series *s;
	size_t n, cap;
};

/* The series with this key (unit ignored), or NULL. */
const struct rb_series *rb_results_find(const struct rb_resultset *rs, const struct rb_key *k);
/* Find the series with this key or add an empty one; NULL when out of memory. */
struct rb_series *rb_results_get(struct rb_resultset *rs, const struct rb_key *k);
/* The series of key k (scenario .. procs) measuring metric m: the key's metric
 * and unit come from the descriptor, which the series keeps. NULL when out of memory. */
struct rb_series *rb_results_metric(struct rb_resultset *rs, const struct rb_key *k, const struct rb_metric *m);
/* Make room for `n` more samples up front (so no allocation happens while timing). */
int rb_series_reserve(struct rb_series *s, size_t n);
int rb_series_add(struct rb_series *s, double v);
void rb_series_fail(struct rb_series *s, enum rb_status st, const char *reason);
void rb_results_free(struct rb_resultset *rs);
/* Fill a key (metric and unit empty: rb_results_metric sets them); strings are truncated to fit. */
void rb_key_set(struct rb_key *k, const char *scenario, const char *backend, const char *fs_type,
		uint64_t size, const char *variant, int procs);

/* Write summary.csv (one row per series, statistics from the raw samples) and
 * samples.csv (every raw sample) into `dir`, atomically. */
int rb_write_summary(const char *dir, const char *run_id, const char *host, const char *kernel,
		     const struct rb_resultset *rs);
int rb_write_samples(const char *dir, const char *run_id, const struct rb_resultset *rs);
/* Write runs.csv: a row per series and run (a series without reps is one run,
 * rep 0, from all its samples). Rows without samples are left out. */
int rb_write_runs(const char *dir, const char *run_id, const struct rb_resultset *rs);
/* Write metrics.csv: the descriptor of every (scenario, metric) in rs that has one. */
int rb_write_metrics(const char *dir, const struct rb_resultset *rs);

#endif
