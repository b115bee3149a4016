/* series.h - the result data model: raw samples per configuration and metric.
 * A series is one (scenario, backend, fs_type, size, variant, procs, metric). */
#ifndef REGIONBENCH_RESULTS_SERIES_H
#define REGIONBENCH_RESULTS_SERIES_H

#include <stddef.h>
#include <stdint.h>

#include "hist.h"
#include "stats.h"
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

/* What else happened while a configuration (or one run of it) was measured:
 * see RB_SUMMARY_COLS in schema.h. */
struct rb_conditions {
	double wall_s, other_cpu_s, steal_s;
	uint64_t nivcsw;
};

/* One run (worker process) of a configuration: its own statistics from all of
 * its samples (p99 NaN when n is below the honest-percentile rule). */
struct rb_rep {
	uint32_t rep; /* run index within the configuration, from 0 */
	size_t n;
	double p50, p99, mean;
	enum rb_status status;
	struct rb_conditions c; /* wall_s 0: not recorded */
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
	uint32_t *vrep;	      /* the run of each sample in v (malloc'd); NULL: run 0 */
	struct rb_hist *hist; /* every sample (malloc'd); NULL: v holds every sample */
	struct rb_conditions c; /* summed over the runs (wall_s 0: not recorded) */
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
/* Same configuration (scenario, backend, size, variant, procs), any metric. */
int rb_key_same_config(const struct rb_key *a, const struct rb_key *b);
void rb_key_set(struct rb_key *k, const char *scenario, const char *backend, const char *fs_type,
		uint64_t size, const char *variant, int procs);

/* Statistics of a series: from its histogram when it has one (every sample),
 * else from its samples. Percentiles are NaN where the honest-percentile rule
 * (results/hist.h) does not allow them. 0 or -ENOMEM. */
int rb_series_stats(const struct rb_series *s, struct rb_stats *st);
/* The reason text for percentiles left out at n samples ("" when none is). */
void rb_pct_reason(size_t n, char *out, size_t len);

/* Write summary.csv (one row per series, statistics as rb_series_stats) and
 * samples.csv (the samples kept, with their run) into `dir`, atomically. */
int rb_write_summary(const char *dir, const char *run_id, const char *host, const char *kernel,
		     const struct rb_resultset *rs);
int rb_write_samples(const char *dir, const char *run_id, const struct rb_resultset *rs);
/* Write runs.csv: a row per series and run (a series without reps is one run,
 * rep 0, from all its samples). Rows without samples are left out. */
int rb_write_runs(const char *dir, const char *run_id, const struct rb_resultset *rs);
/* Write hist.csv: the buckets of every series that has a histogram. */
int rb_write_hist(const char *dir, const char *run_id, const struct rb_resultset *rs);
/* Write metrics.csv: the descriptor of every (scenario, metric) in rs that has one. */
int rb_write_metrics(const char *dir, const struct rb_resultset *rs);

#endif
