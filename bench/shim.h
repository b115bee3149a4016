/* shim.h - a C interface to Google Benchmark (which is C++ only).
 *
 * A scenario is a const descriptor (below) with setup/run/teardown. The C++
 * side (shim.cc, the only C++ in the project) registers one Google Benchmark
 * family per (scenario, backend, variant, procs) with one instance per size,
 * runs them, and hands back every raw sample the scenario recorded.
 *
 * Timing model: every scenario uses manual time. run() times the event itself
 * (often in another process) and calls rbb_iteration_ns(), which sets the
 * iteration time and records the sample; extra metrics go through
 * rbb_sample(). Samples land in a buffer preallocated before the timed loop;
 * nothing is printed while timing. Google Benchmark's calibration runs (and
 * its warm-up) are dropped: only the runs it reports keep their samples. */
#ifndef REGIONBENCH_BENCH_SHIM_H
#define REGIONBENCH_BENCH_SHIM_H

#include <limits.h>
#include <stdint.h>

#include "backend.h"
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
	/* Iterations to use instead of calibrating by --min-time (0: calibrate), for
	 * configurations whose untimed setup dwarfs the timed event (e.g. writing a
	 * whole region before a resize that then takes microseconds). */
	int (*fixed_iterations)(const struct rbb_ctx *ctx);
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
void rbb_pause(rbb_state *s);
void rbb_resume(rbb_state *s);
/* Manual time of this iteration + the primary metric's sample, in ns. */
void rbb_iteration_ns(rbb_state *s, double ns);
void rbb_set_iteration_time(rbb_state *s, double seconds);
/* A sample of metric `metric` (index into the descriptor's metrics). */
void rbb_sample(rbb_state *s, int metric, double value);
void rbb_counter(rbb_state *s, const char *name, double value);
void rbb_label(rbb_state *s, const char *label);
/* SkipWithError with "what: strerror(-neg_errno)"; the run stops. */
void rbb_skip_errno(rbb_state *s, int neg_errno, const char *what);
int rbb_error_occurred(rbb_state *s);

/* ---- driving (bench.c) ---- */
struct rb_resultset;
struct rbb_settings {
	double min_time_s;
	int repetitions;
	int random_interleaving;
	const char *json_out; /* Google Benchmark's JSON goes here */
	int quiet;	      /* no per-run progress lines */
};
/* Register one family: the scenario on one backend/variant/procs over sizes.
 * iterations > 0 fixes the iteration count (no calibration; a short warm-up
 * run is made and dropped instead); 0 lets --min-time decide. */
int rbb_register(const struct rbb_scenario *scn, const struct rbb_ctx *tmpl, const uint64_t *sizes,
		 int nsizes, int64_t iterations);
/* Run everything registered; samples and errors go into rs.
 * Returns the number of runs that ended in an error. */
int rbb_run_all(const struct rbb_settings *set, struct rb_resultset *rs);

#ifdef __cplusplus
}
#endif
#endif
