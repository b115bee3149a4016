/* stats.h - summary statistics of raw samples. */
#ifndef REGIONBENCH_RESULTS_STATS_H
#define REGIONBENCH_RESULTS_STATS_H

#include <stddef.h>

struct rb_stats {
	size_t n;
	double min, p50, p90, p99, p999, max, mean, stddev;
};

/* Quantile q in [0,1] of sorted data, linear interpolation (R type 7, numpy default). */
double rb_quantile_sorted(const double *sorted, size_t n, double q);
/* Sorts a copy; n == 0 gives all zeroes. Returns 0 or -ENOMEM. */
int rb_stats_compute(const double *v, size_t n, struct rb_stats *s);
void rb_sort_doubles(double *v, size_t n);
/* Clopper-Pearson (exact binomial) interval for k successes in n trials at
 * the given confidence level (e.g. 0.95): *lo..*hi. n == 0 gives 0..1. */
void rb_clopper_pearson(size_t k, size_t n, double level, double *lo, double *hi);

#endif
