/* stats.c - percentiles, mean and standard deviation. */
#include "stats.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void rb_sort_doubles(double *v, size_t n)
{
	qsort(v, n, sizeof(double), cmp_double);
}

double rb_quantile_sorted(const double *s, size_t n, double q)
{
	if (n == 0)
		return 0;
	double h = (double)(n - 1) * q;
	size_t lo = (size_t)floor(h);
	if (lo + 1 >= n)
		return s[n - 1];
	return s[lo] + (h - (double)lo) * (s[lo + 1] - s[lo]);
}

int rb_stats_compute(const double *v, size_t n, struct rb_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->n = n;
	if (n == 0)
		return 0;
	double *s = malloc(n * sizeof(double));
	if (!s)
		return -ENOMEM;
	memcpy(s, v, n * sizeof(double));
	rb_sort_doubles(s, n);
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += s[i];
	st->mean = sum / (double)n;
	double ss = 0;
	for (size_t i = 0; i < n; i++)
		ss += (s[i] - st->mean) * (s[i] - st->mean);
	st->stddev = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
	st->min = s[0];
	st->max = s[n - 1];
	st->p50 = rb_quantile_sorted(s, n, 0.50);
	st->p90 = rb_quantile_sorted(s, n, 0.90);
	st->p99 = rb_quantile_sorted(s, n, 0.99);
	st->p999 = rb_quantile_sorted(s, n, 0.999);
	free(s);
	return 0;
}

void rb_clopper_pearson(size_t k, size_t n, double level, double *lo, double *hi)
{
	double a = (1.0 - level) / 2.0;
	*lo = k == 0 || n == 0 ? 0.0 : gsl_cdf_beta_Pinv(a, (double)k, (double)(n - k + 1));
	*hi = k >= n ? 1.0 : gsl_cdf_beta_Qinv(a, (double)(k + 1), (double)(n - k));
}
