/* hist.h - an exact log-bucketed histogram of samples (as fio's latency bins
 * and HdrHistogram): every sample is counted in the bucket that holds it;
 * buckets split each power of two into RB_HIST_SUB equal parts, so a bucket
 * is at most 1/RB_HIST_SUB of its lower bound wide and a percentile read from
 * the histogram (bucket midpoint) is within 0.8 % of the exact one. Count,
 * min, max, mean and variance are kept exactly beside the buckets. Histograms
 * of several runs merge exactly. */
#ifndef REGIONBENCH_RESULTS_HIST_H
#define REGIONBENCH_RESULTS_HIST_H

#include <stddef.h>
#include <stdint.h>

#define RB_HIST_SUB 64 /* buckets per power of two */

struct rb_hist_bucket {
	int32_t idx; /* rb_hist_index() of the values it holds */
	uint64_t count;
};

struct rb_hist {
	struct rb_hist_bucket *b; /* sorted by idx, no empty bucket */
	size_t nb, cap;
	uint64_t count;
	double min, max, mean, m2; /* m2: sum of squared deviations from the mean */
};

/* The bucket of v: 0 for 0, > 0 for positive values, the negated bucket of
 * -v for negative ones. */
int32_t rb_hist_index(double v);
/* The bounds [lo, hi) of bucket idx (for negative buckets (lo, hi]). */
void rb_hist_bounds(int32_t idx, double *lo, double *hi);
/* Count n values (NaN ignored) into h (which may already hold counts).
 * 0 or -ENOMEM. */
int rb_hist_add(struct rb_hist *h, const double *v, size_t n);
/* Add every count of src to dst. 0 or -ENOMEM. */
int rb_hist_merge(struct rb_hist *dst, const struct rb_hist *src);
/* Add `count` samples to bucket idx, whose exact moments the caller merges
 * separately (for readers of hist.csv). 0 or -ENOMEM. */
int rb_hist_put(struct rb_hist *h, int32_t idx, uint64_t count);
/* Quantile q in [0,1] by order statistics as R type 7 (numpy's default), each
 * order statistic read as its bucket's midpoint clamped to [min, max] (the
 * smallest and largest are exact). NaN when empty. */
double rb_hist_quantile(const struct rb_hist *h, double q);
double rb_hist_stddev(const struct rb_hist *h); /* sample standard deviation; 0 below 2 samples */
void rb_hist_free(struct rb_hist *h);

/* The honest-percentile rule: a percentile q > 0.5 is written only when at
 * least 10 samples are expected at or above it, n >= 10/(1-q): p90 from 100
 * samples, p99 from 1,000, p999 from 10,000. The median needs one sample. */
uint64_t rb_pct_min_n(double q);

#endif
