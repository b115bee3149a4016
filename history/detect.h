/* detect.h - step detection in a series of per-run medians (one value per
 * worker process, in time order): PELT, a permutation test per step and a
 * minimum effect size.
 *
 * 1. Steps are relative, so the detector works on log(value) (on the values
 *    when some are <= 0). The noise scale s is estimated robustly from
 *    consecutive differences (1.4826 * MAD / sqrt 2), so steps do not inflate it.
 * 2. A run further than 3 s from the median of its 15 neighbours is pulled to
 *    that bound: one process that landed badly cannot make a step.
 * 3. PELT (Killick, Fearnhead & Eckley 2012) finds the segmentation that
 *    minimises the within-segment sum of squares plus a BIC penalty of
 *    2 s^2 ln(n) per step; steps only between commits (runs of one commit stay
 *    together), segments of min_size runs or more. PELT places all steps at
 *    once, so a small step next to a large one, or a step that is undone
 *    later, does not pull another step off its commit.
 * 4. Each step is tested against "no step between its neighbouring steps": the
 *    largest two-sample mean shift over every allowed split of that stretch,
 *    against the same for `perms` shuffles of it; p = (1 + #{shuffled >=
 *    observed}) / (perms + 1), so the choice of the split is accounted for.
 *    Steps with p >= alpha are dropped (the weakest first, neighbours tested
 *    again), then steps whose effect |median(after)/median(before) - 1| over
 *    the neighbouring segments is below min_effect. */
#ifndef REGIONBENCH_HISTORY_DETECT_H
#define REGIONBENCH_HISTORY_DETECT_H

#include <stddef.h>
#include <stdint.h>

struct rbh_detect_params {
	double alpha;	   /* significance level of each step */
	double min_effect; /* smallest |after/before - 1| reported */
	unsigned perms;	   /* permutations per test */
	size_t min_size;   /* fewest runs on each side of a step (>= 2) */
	uint64_t seed;	   /* permutation RNG seed: the same input gives the same steps */
};

/* The defaults: alpha 0.001, min_effect 0.02, 1999 permutations, 3 runs. */
#define RBH_DETECT_DEFAULTS { 0.001, 0.02, 1999, 3, 0 }
/* Half-width (in runs) of the neighbourhood whose median bounds an outlying run. */
#define RBH_CLIP_HALF 7

struct rbh_cp {
	size_t at;	      /* index of the first value after the step */
	double p;	      /* permutation p-value */
	double before, after; /* medians of the segments either side */
};

/* Find the steps in x[0..n). cut[i] (1 <= i < n) nonzero where a step may lie
 * between x[i-1] and x[i]; NULL: anywhere. At most `max` steps, ascending, go
 * to out. Returns their number, or -EINVAL (a NaN or inf, bad parameters) or
 * -ENOMEM. */
int rbh_detect(const double *x, size_t n, const unsigned char *cut, const struct rbh_detect_params *p,
	       struct rbh_cp *out, size_t max);

/* The robust noise scale of y[0..n) (see 1. above); 0 for fewer than 3 values. */
double rbh_noise_scale(const double *y, size_t n);

#endif
