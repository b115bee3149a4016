/* gate.h - the statistics of the regression gate.
 *
 * The unit of evidence is the run (one worker process): its median, and its p99
 * for tail metrics. Samples are the unit only inside a run. Every test works on
 * the logarithm of run values, so a change is a ratio:
 * - paired (ab): per round, the candidate's mean log run value minus the
 *   baseline's; a t interval on k-1 degrees of freedom over the k rounds (drift
 *   shared within a round cancels);
 * - unpaired (compare): the two sides' mean log run values, Welch's t interval.
 * Regression: the one-sided test "worse than 1 + threshold" is significant after
 * Holm over every metric compared; improvement: the same the other way;
 * unchanged: the interval (the one-sided 1 - alpha bounds, i.e. the two-sided
 * 1 - 2 alpha interval) lies inside [1/(1+t), 1+t]; otherwise inconclusive, with
 * a reason (results/schema.h). With fewer than min_runs runs (rounds) on a side,
 * or runs that show no spread at all (identical, quantised values: no evidence
 * of no spread), the spread between runs is taken from a conservative prior.
 * Quantiles and distribution functions come from GSL. */
#ifndef REGIONBENCH_RESULTS_GATE_H
#define REGIONBENCH_RESULTS_GATE_H

#include <stddef.h>

#include "schema.h"

/* The between-run spread assumed when a side has too few runs to measure it. */
#define RB_GATE_PRIOR_CV 0.05 /* documented default: 5 % coefficient of variation of a run's value */
struct rb_gate_prior {
	double cv;	    /* coefficient of variation of one run's value, e.g. 0.05 */
	int runs;	    /* runs the cv was estimated from (t on runs-1 df); 0: taken as exact (normal) */
	const char *source; /* where it came from, e.g. "default", "--prior-cv", "history" (printed) */
};
/* { RB_GATE_PRIOR_CV, 0, "default" } */
struct rb_gate_prior rb_gate_prior_default(void);
/* A run's p99 (a tail row) wobbles far more between runs than its median: its
 * prior spread is this many times the p50's. 4 is the widest at which one run a
 * side still calls a 3x p99 slowdown a regression among 90 metrics (5 % -> 20 %). */
#define RB_GATE_PRIOR_TAIL_FACTOR 4

struct rb_gate_params {
	double threshold; /* smallest change that matters, e.g. 0.05 */
	double alpha;	  /* family-wise rate of false regressions, e.g. 0.05 */
	size_t min_runs;  /* fewer runs (ab: rounds) than this on a side: the prior spread */
	struct rb_gate_prior prior; /* used when an input carries none (cv <= 0) */
};

/* The evidence of one gated metric: run values of each side (the run's p50 or
 * p99). round_b/round_c give each run's round (ab: pairs rounds); NULL: unpaired.
 * A side with no runs is "missing" (the candidate: verdict fail) unless its
 * runs were all excluded (excluded_runs) or have no value of this statistic
 * (too_few_samples); a candidate that errored fails whatever it measured. */
struct rb_gate_input {
	const double *b, *c;
	size_t nb, nc;
	const unsigned *round_b, *round_c;
	int higher_better;
	struct rb_gate_prior prior; /* this metric's prior (e.g. from history); cv <= 0: params' */
	int c_error;		    /* the candidate's configuration has status error */
	size_t xb, xc;		    /* runs left out per side (status interference or unstable) */
	size_t sb, sc;		    /* runs per side without a value of this statistic (too few samples) */
};

struct rb_gate_result {
	enum rb_verdict verdict;
	enum rb_reason reason; /* RB_REASON_NONE unless inconclusive */
	size_t nb, nc;	       /* runs per side */
	size_t xb, xc;	       /* runs left out per side (the input's) */
	size_t rounds;	       /* paired rounds (0: unpaired) */
	int tested;	       /* 0: missing or non-positive, no statistics below but the medians */
	double median_b, median_c; /* medians of the run values (NaN when a side has none) */
	double ratio, lo, hi;	   /* candidate/baseline (geometric means) and its interval */
	double p, p_holm;	   /* one-sided p of "worse than 1 + threshold", Holm-adjusted */
	double p_better, p_better_holm; /* likewise for "better than 1 + threshold" */
	double spread;		   /* between-run spread of one run's value (CV) that was used */
	int spread_prior;	   /* 1: the prior's (too few runs), 0: measured */
	const char *spread_source; /* "measured" or the prior's source */
	double df;		   /* degrees of freedom (NaN: normal) */
	double se;		   /* standard error of the mean log ratio */
	double unit_sd;		   /* sd of one unit: a round's log ratio (paired), one run's log value */
	int df_fixed;		   /* df is the prior's (does not grow with runs) */
	int paired;
	/* filled by rb_gate_power: */
	double detectable;	   /* smallest change (fraction, worse direction) flagged with 80 % power here */
	double runs_needed;	   /* runs per side (ab: rounds) at which a change of twice the threshold is
				    * flagged with 80 % power (and an unchanged metric is told unchanged) */
};

/* Decide n metrics as one family (Holm over the tested ones; a verdict fail
 * comes from the input's shape, not from a test). Returns 0, or
 * -EINVAL for a bad parameter (threshold or alpha not in (0, 1), ...), -ENOMEM.
 * Every double in out is finite or NaN (never infinite). */
int rb_gate_decide(const struct rb_gate_params *g, const struct rb_gate_input *in, struct rb_gate_result *out,
		   size_t n);

/* The power figures of decided rows (out of rb_gate_decide): the smallest
 * change detected with 80 % power at Holm's strictest level alpha/m with the
 * runs at hand, and the runs (rounds) needed for a change of twice the
 * threshold. Kept apart from the decision (its quantiles are costly). */
void rb_gate_power(const struct rb_gate_params *g, struct rb_gate_result *r, size_t n);

/* Holm-Bonferroni adjusted p-values (in place, same order); NaN entries are not
 * part of the family and stay NaN. */
void rb_holm(double *p, size_t n);

/* The median of v (a copy is sorted; even n: the mean of the middle two). NaN for n = 0. */
double rb_median(const double *v, size_t n);

/* The alpha of look `k` (rounds done) of a sequential A/B that may go on to
 * kmax rounds and looked last at kprev (0 before the first look): alpha is spent
 * in proportion to the rounds added, alpha * (k - kprev) / kmax, so that the
 * looks together keep the family-wise rate at most alpha (union bound). */
double rb_gate_look_alpha(double alpha, size_t kprev, size_t k, size_t kmax);
/* The round of the look after a look at round k: the rounds double (k, 2k, 4k,
 * ... kmax), so few looks share alpha and the last keeps at least half of it. */
size_t rb_gate_next_look(size_t k, size_t kmax);

/* One-sided tests of a mean against mu0 (for the scipy cross-check and the
 * calibration): t statistic, P(T > t) and the lower/upper one-sided (1-alpha)
 * bounds. One sample (paired differences) and Welch (two samples). Return
 * -EINVAL when a sample is too small (< 2) or has no spread. */
struct rb_ttest {
	double mean, se, df, t, p_greater, p_less, lo, hi;
};
int rb_ttest_1samp(const double *d, size_t n, double mu0, double alpha, struct rb_ttest *out);
int rb_ttest_welch(const double *x, size_t nx, const double *y, size_t ny, double mu0, double alpha,
		   struct rb_ttest *out);

#endif
