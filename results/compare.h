/* compare.h - the comparison behind `regionbench compare` and `regionbench ab`:
 * run folders (runs.csv, metrics.csv, meta.csv, stress.csv) -> one gated row
 * per metric and run statistic (p50; also p99 for tail metrics), including the
 * metrics measured on one side only -> verdicts (results/gate.h) -> text,
 * markdown, JUnit and CSV. The gate's direction, unit and tail flag of a metric
 * come from metrics.csv (the baseline's; the candidate's for a metric the
 * baseline lacks); metrics with direction `none` are context and not gated. */
#ifndef REGIONBENCH_RESULTS_COMPARE_H
#define REGIONBENCH_RESULTS_COMPARE_H

#include <regex.h>
#include <stddef.h>
#include <stdio.h>

#include "gate.h"
#include "schema.h"

/* The configuration and metric a row is about (the key columns of runs.csv). */
struct rb_cmp_key {
	const char *scenario, *backend, *size_bytes, *variant, *procs, *metric;
};

/* A source of per-metric prior spreads (e.g. the history database, issue 13):
 * fill *out and return 0, or return nonzero to fall back to the plan's prior. */
struct rb_prior_provider {
	int (*lookup)(void *ctx, const struct rb_cmp_key *k, enum rb_run_stat stat, struct rb_gate_prior *out);
	void *ctx;
};

struct rb_compare_plan {
	struct rb_gate_params gate;
	const regex_t *metric_re; /* gate only metrics whose name matches (NULL: all) */
	const regex_t *filter_re; /* gate only scenarios whose name matches (NULL: all) */
	int allow_different;	  /* runs from different hosts/kernels/CPUs/filesystems are fine */
	int paired;		  /* ab: folder i of each side is round i (pairs rounds) */
	int include_disturbed;	  /* runs with status interference or unstable are evidence too (default: left out) */
	struct rb_prior_provider priors; /* lookup NULL: the plan's prior for every metric */
};

struct rb_cmp_row {
	char *keybuf; /* owns the key strings */
	struct rb_cmp_key k;
	enum rb_run_stat stat;
	enum rb_direction dir;
	double n_b, n_c; /* samples behind the runs */
	struct rb_gate_result g;
};

struct rb_comparison {
	struct rb_cmp_row *rows;
	size_t n;
	size_t counts[RB_VERDICT__N];
	size_t missing_b, missing_c; /* rows missing in the baseline / the candidate */
	size_t error_c;		     /* rows whose configuration errored in the candidate */
	size_t excluded_b, excluded_c; /* runs left out (status interference or unstable), over the p50 rows */
	size_t not_gated;	     /* metrics with direction none or without a descriptor */
	size_t tested;		     /* the Holm family */
	size_t folders_b, folders_c;
	double threshold, alpha;
	struct rb_gate_prior prior;
	size_t min_runs;
	int paired;
	char meta_diff[1500]; /* what differs between the sides' meta.csv ("" when nothing) */
	char stress[2048];    /* the candidate's failed stress verifications */
	int nstress;
};

/* Compare nb baseline folders with nc candidate folders (already resolved run
 * folders). Returns 0, or -EINVAL with a one-line reason in err (malformed or
 * missing file; a folder whose runs.csv disagrees with its summary.csv or
 * meta.csv: other configurations, metrics, run ids or schema version; runs
 * from different machines or backends without allow_different; nothing
 * selected), -ENOMEM. Backends are matched by their identity (meta.csv's
 * backend spec), not their position. A metric the baseline has and the
 * candidate lost (absent, skipped, status error) is verdict fail. */
int rb_compare(const struct rb_compare_plan *p, const char *const *bdirs, size_t nb, const char *const *cdirs,
	       size_t nc, struct rb_comparison *out, char *err, size_t errlen);
void rb_comparison_free(struct rb_comparison *c);

/* The files a run folder must hold to be compared. */
extern const char *const rb_compare_needs[];

/* Outputs. inconclusive_fails: an inconclusive row counts as a failure (JUnit). */
void rb_compare_print(FILE *f, const struct rb_comparison *c);
enum rb_cmp_format { RB_CMP_MARKDOWN, RB_CMP_JUNIT, RB_CMP_CSV };
int rb_compare_write(const char *path, enum rb_cmp_format fmt, const struct rb_comparison *c, int inconclusive_fails);
/* 1 when some row is inconclusive for a reason more runs can settle. */
int rb_compare_undecided(const struct rb_comparison *c);

#endif
