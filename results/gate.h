/* gate.h - the statistics of the regression gate: Mann-Whitney U (two-sided,
 * tie-corrected, exact for small samples without ties, like scipy's 'auto'),
 * a bootstrap confidence interval for the ratio of medians, Holm-Bonferroni,
 * and the verdict rule. */
#ifndef REGIONBENCH_RESULTS_GATE_H
#define REGIONBENCH_RESULTS_GATE_H

#include <stddef.h>
#include <stdint.h>

struct rb_mwu {
	double u1; /* U of the first sample (scipy's `statistic`) */
	double p;  /* two-sided p-value */
	int exact; /* 1 when the exact distribution was used */
};

/* Returns 0, or -EINVAL for an empty sample or a NaN. */
int rb_mwu(const double *x, size_t nx, const double *y, size_t ny, struct rb_mwu *out);

/* Ratio of medians median(c)/median(b) with a percentile bootstrap interval
 * (level e.g. 0.95, `reps` resamples, deterministic for a given seed). */
struct rb_ratio {
	double ratio, lo, hi;
};
int rb_median_ratio_ci(const double *b, size_t nb, const double *c, size_t nc, double level, int reps, uint64_t seed,
		       struct rb_ratio *out);

/* The same with samples grouped in clusters (runs, i.e. processes): a two-stage
 * bootstrap that resamples clusters, then samples within each chosen cluster, so
 * the interval carries the run-to-run spread (address-space layout and other
 * per-process effects), not only the spread within one process. bcl/ccl hold the
 * start index of each cluster plus a final entry = n (samples sorted by cluster).
 * A side with one cluster falls back to resampling its samples. */
int rb_median_ratio_ci_clustered(const double *b, const size_t *bcl, size_t nbcl, const double *c, const size_t *ccl,
				 size_t nccl, double level, int reps, uint64_t seed, struct rb_ratio *out);

/* Holm-Bonferroni adjusted p-values (in place, same order). */
void rb_holm(double *p, size_t n);

enum rb_verdict { RB_UNCHANGED, RB_REGRESSION, RB_IMPROVEMENT, RB_NOISY, RB_INSUFFICIENT };
const char *rb_verdict_name(enum rb_verdict v);

struct rb_gate_params {
	double threshold;   /* e.g. 0.05 */
	double alpha;	    /* e.g. 0.05, on Holm-adjusted p */
	size_t min_samples; /* per side */
};

/* The verdict for one metric. lower_is_better: a ratio above 1 is a slowdown.
 * regression: significant AND the whole interval beyond 1+threshold;
 * improvement: symmetrically; insufficient: a side has too few samples;
 * noisy: the interval is wider than 2*threshold (a change of the threshold's
 * size could not be told from noise); otherwise unchanged. */
enum rb_verdict rb_gate_verdict(const struct rb_gate_params *g, size_t nb, size_t nc, double p_adj,
				const struct rb_ratio *r, int lower_is_better);

#endif
