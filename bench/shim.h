/* shim.h - a C interface to Google Benchmark (which is C++ only).
 *
 * A scenario is a const descriptor (below) with setup/run/teardown. The C++
 * side (shim.cc, the only C++ in the project) registers one Google Benchmark
 * family per (scenario, backend, variant, procs) with one instance per size
 * (a "cell": one configuration), runs them in this process (one run), and
 * hands every cell's kept samples to a callback.
 *
 * Timing model: every scenario uses manual time. run() loops while
 * rbb_keep_running() (or rbb_batch()) says so, times the event itself (often
 * in another process) and calls rbb_iteration_ns(), which records the sample
 * of the primary metric; extra metrics go through rbb_sample(). Samples land
 * in buffers preallocated before the loop; nothing is printed while timing.
 *
 * How long a cell runs (the time-budget rule): the first iterations, during
 * 5 % of the budget (at least one, at most 100), are a warm-up and dropped;
 * then iterations go on until the budget has passed since the warm-up (at
 * least one measured iteration) or the per-run maximum is reached. The budget
 * counts wall time, untimed work in the loop included, so large sizes get
 * fewer iterations. With a fixed iteration count, exactly that many are
 * measured after one warm-up iteration. Google Benchmark sees one iteration
 * per cell whose manual time is the mean of the measured ones. */
#ifndef REGIONBENCH_BENCH_SHIM_H
#define REGIONBENCH_BENCH_SHIM_H

#include <limits.h>
#include <stdint.h>

#include "backend.h"
#include "interference.h"
#include "schema.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rbb_state rbb_state;

struct rbb_ctx {
	const struct rb_backend *backend;
	uint64_t size;
	int variant; /* index into the scenario's variants */
	const char *variant_name;
	int procs;
	int pin_cpu;  /* CPU the measuring process is pinned to, or -1 */
	void *priv;   /* the scenario's own state, set by setup */
};

struct rbb_scenario {
	const char *name;
	const char *desc;
	const struct rb_metric *const *metrics; /* NULL-terminated; [0] is the primary (iteration time) */
	const char *const *variants; /* NULL-terminated, or NULL for one unnamed variant */
	int sized;		     /* sweep over --sizes (else size = 4 KiB) */
	const int *procs;	     /* 0-terminated process counts, or NULL for 1 */
	/* NULL when the scenario can run here, else the reason it is skipped. */
	const char *(*supported)(const struct rbb_ctx *ctx);
	int (*setup)(struct rbb_ctx *ctx); /* 0 or -errno */
	void (*run)(struct rbb_ctx *ctx, rbb_state *st);
	void (*teardown)(struct rbb_ctx *ctx);
};

/* The table of every scenario (bench/scenarios.c). */
extern const struct rbb_scenario *const rbb_scenarios[];

/* ---- inside run() ---- */
int rbb_keep_running(rbb_state *s);
/* How many iterations to do now, at most max (e.g. a helper measures them in
 * one request, each timed on its own); 0: stop. */
int rbb_batch(rbb_state *s, int max);
/* The primary metric's sample of this iteration, in ns (also its manual time). */
void rbb_iteration_ns(rbb_state *s, double ns);
/* Manual time of this iteration when the primary sample is not a time. */
void rbb_set_iteration_time(rbb_state *s, double seconds);
/* A sample of metric `metric` (index into the descriptor's metrics). */
void rbb_sample(rbb_state *s, int metric, double value);
void rbb_counter(rbb_state *s, const char *name, double value);
void rbb_label(rbb_state *s, const char *label);
/* SkipWithError with "what: strerror(-neg_errno)"; the run stops. */
void rbb_skip_errno(rbb_state *s, int neg_errno, const char *what);

/* ---- driving (bench/runs.c) ---- */

/* What one run of one cell gave. */
struct rbb_cell_result {
	int cell;
	const char *error;  /* NULL: measured */
	int64_t iterations; /* all of them, warm-up included */
	struct rb_usage usage; /* setup to teardown, helpers reaped */
	int nmetrics;
	const double *const *v; /* kept samples per metric, in order of measurement */
	const size_t *n;
};

struct rbb_settings {
	double budget_s;	/* time budget per cell */
	int64_t iterations;	/* > 0: exactly this many measured iterations */
	int64_t max_iterations; /* the most measured iterations per cell */
	int random_interleaving;
	const char *json_out; /* Google Benchmark's JSON goes here (NULL: none) */
	void *arg;
	void (*done)(void *arg, const struct rbb_cell_result *r);
	void (*warning)(void *arg, const char *text); /* a warning of Google Benchmark's */
};
/* Register one family: the scenario on one backend/variant/procs over sizes;
 * cells[i] names the cell of sizes[i] in the callbacks. -EEXIST when the
 * family is registered already. */
int rbb_register(const struct rbb_scenario *scn, const struct rbb_ctx *tmpl, const uint64_t *sizes,
		 const int *cells, int nsizes);
/* Run everything registered (once, in this process). Returns the number of
 * cells that ended in an error. */
int rbb_run_all(const struct rbb_settings *set);
/* A uniform random choice of k of the n values (order kept) into out
 * (k <= n), reproducible from seed. */
void rbb_reservoir(const double *v, size_t n, double *out, size_t k, uint64_t seed);

#ifdef __cplusplus
}
#endif
#endif
