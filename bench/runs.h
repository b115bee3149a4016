/* runs.h - the runs of a benchmark plan: every run is a fresh worker process
 * that measures its configurations ("cells") in random order and streams each
 * cell's statistics, histogram and sample reservoir back over a pipe; the
 * coordinator keeps them per cell and run, re-measures runs under interference,
 * and turns them into the result set (one series per cell and metric, one
 * rb_rep per run). Internal to bench/. */
#ifndef REGIONBENCH_BENCH_RUNS_H
#define REGIONBENCH_BENCH_RUNS_H

#include <stdio.h>

#include "bench.h"
#include "hist.h"
#include "interference.h"
#include "shim.h"

/* The bound on the spread of a configuration's run medians: unstable when the
 * slowest run's median is more than this many times the fastest's. */
#define RB_UNSTABLE_RATIO 1.5

/* One configuration: a scenario on one backend, variant, process count, size. */
struct rbb_cell {
	const struct rbb_scenario *scn;
	int backend, variant, procs;
	const char *variant_name;
	uint64_t size;
	const char *skip; /* not measured, for this reason */
};

/* One metric of one run of a cell. */
struct rbb_mrun {
	uint64_t n;
	double p50, p99, mean; /* of all the run's samples (p99 NaN below the rule) */
	struct rb_hist h;
	double *res; /* the reservoir kept */
	size_t nres;
};

/* One run of a cell. */
struct rbb_crun {
	int have; /* a result arrived */
	char error[256];
	int64_t iterations;
	struct rb_usage u;
	int nm;
	struct rbb_mrun *m;
};

struct rbb_runs {
	const struct rb_bench_plan *plan;
	struct rbb_cell *cells;
	int ncells;
	struct rbb_crun *cr; /* [cell * plan->runs + run] */
	size_t reservoir;    /* samples kept per run, cell and metric */
	int64_t max_iterations;
	/* progress: called after every cell run; warnings of the tools */
	void *arg;
	void (*progress)(void *arg, const struct rbb_cell *c, int run);
	void (*warning)(void *arg, const char *text);
	char gbench_json[4200]; /* where run processes write Google Benchmark's JSON (%d: run) */
};

/* The cells of the plan (filter, sizes, variants, process counts, skips). */
int rbb_cells_build(const struct rb_bench_plan *p, struct rbb_cell **out);
/* Measure cells[idx[0..n-1]] as run `run` in one fresh worker process. A cell
 * without a result then has an error naming what happened to the worker.
 * Returns 0, or -errno when no worker could be started. */
int rbb_runs_measure(struct rbb_runs *R, int run, const int *idx, int n);
/* The run of cell c counts as interfered (the documented rule). */
int rbb_run_interfered(const struct rbb_runs *R, int c, int run);
/* Re-measure, up to plan->retry_interfered times, the runs of every cell
 * that counts as interfered; returns how many runs were measured again. */
int rbb_runs_retry(struct rbb_runs *R);
/* Fill rs: one series per cell and metric (statuses, reps, histogram,
 * reservoir), the per-operation fault and context-switch metrics. Counts the
 * configurations marked interference and unstable. */
int rbb_runs_results(const struct rbb_runs *R, struct rb_resultset *rs, int *ninterfered, int *nunstable);
void rbb_runs_free(struct rbb_runs *R);

#endif
