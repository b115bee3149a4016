/* hist.c - the log-bucketed histogram. */
#include "hist.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

#define EXP_BIAS 1100 /* frexp exponents run from -1073 to 1024 */

int32_t rb_hist_index(double v)
{
	if (v < 0)
		return -rb_hist_index(-v);
	if (!(v > 0) || !isfinite(v))
		return 0;
	int e;
	double m = frexp(v, &e); /* v = m * 2^e, m in [0.5, 1) */
	int sub = (int)((m - 0.5) * 2 * RB_HIST_SUB);
	if (sub >= RB_HIST_SUB)
		sub = RB_HIST_SUB - 1;
	return (int32_t)((e + EXP_BIAS) * RB_HIST_SUB + sub + 1);
}

void rb_hist_bounds(int32_t idx, double *lo, double *hi)
{
	if (idx == 0) {
		*lo = *hi = 0;
		return;
	}
	if (idx < 0) {
		double l, h;
		rb_hist_bounds(-idx, &l, &h);
		*lo = -h;
		*hi = -l;
		return;
	}
	int e = (idx - 1) / RB_HIST_SUB - EXP_BIAS, sub = (idx - 1) % RB_HIST_SUB;
	*lo = ldexp(0.5 + (double)sub / (2.0 * RB_HIST_SUB), e);
	*hi = ldexp(0.5 + (double)(sub + 1) / (2.0 * RB_HIST_SUB), e);
}

/* The position of idx in h->b (or where it would go). */
static size_t find(const struct rb_hist *h, int32_t idx)
{
	size_t lo = 0, hi = h->nb;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (h->b[mid].idx < idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int rb_hist_put(struct rb_hist *h, int32_t idx, uint64_t count)
{
	size_t i = find(h, idx);
	if (i < h->nb && h->b[i].idx == idx) {
		h->b[i].count += count;
		return 0;
	}
	if (h->nb == h->cap) {
		size_t nc = h->cap ? h->cap * 2 : 64;
		struct rb_hist_bucket *nb = realloc(h->b, nc * sizeof(*nb));
		if (!nb)
			return -ENOMEM;
		h->b = nb;
		h->cap = nc;
	}
	memmove(h->b + i + 1, h->b + i, (h->nb - i) * sizeof(*h->b));
	h->b[i] = (struct rb_hist_bucket){ idx, count };
	h->nb++;
	return 0;
}

/* Chan et al.'s merge of (count, mean, m2) pairs. */
static void merge_moments(struct rb_hist *h, uint64_t n, double mean, double m2, double min, double max)
{
	if (!n)
		return;
	if (!h->count) {
		h->min = min;
		h->max = max;
	} else {
		h->min = min < h->min ? min : h->min;
		h->max = max > h->max ? max : h->max;
	}
	double na = (double)h->count, nb = (double)n, d = mean - h->mean;
	h->mean += d * nb / (na + nb);
	h->m2 += m2 + d * d * na * nb / (na + nb);
	h->count += n;
}

int rb_hist_add(struct rb_hist *h, const double *v, size_t n)
{
	double *s = malloc((n ? n : 1) * sizeof(double));
	if (!s)
		return -ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]))
			s[k++] = v[i];
	rb_sort_doubles(s, k);
	double mean = 0, m2 = 0;
	for (size_t i = 0; i < k; i++) {
		double d = s[i] - mean;
		mean += d / (double)(i + 1);
		m2 += d * (s[i] - mean);
	}
	int ret = 0;
	for (size_t i = 0; i < k && !ret;) {
		int32_t idx = rb_hist_index(s[i]);
		size_t j = i;
		while (j < k && rb_hist_index(s[j]) == idx)
			j++;
		ret = rb_hist_put(h, idx, j - i);
		i = j;
	}
	if (!ret && k)
		merge_moments(h, k, mean, m2, s[0], s[k - 1]);
	free(s);
	return ret;
}

int rb_hist_merge(struct rb_hist *dst, const struct rb_hist *src)
{
	for (size_t i = 0; i < src->nb; i++) {
		int ret = rb_hist_put(dst, src->b[i].idx, src->b[i].count);
		if (ret)
			return ret;
	}
	merge_moments(dst, src->count, src->mean, src->m2, src->min, src->max);
	return 0;
}

/* The value of order statistic r (0-based). */
static double order_stat(const struct rb_hist *h, uint64_t r)
{
	if (r == 0)
		return h->min;
	if (r + 1 >= h->count)
		return h->max;
	uint64_t seen = 0;
	for (size_t i = 0; i < h->nb; i++) {
		seen += h->b[i].count;
		if (r < seen) {
			double lo, hi;
			rb_hist_bounds(h->b[i].idx, &lo, &hi);
			double mid = (lo + hi) / 2;
			return mid < h->min ? h->min : mid > h->max ? h->max : mid;
		}
	}
	return h->max;
}

double rb_hist_quantile(const struct rb_hist *h, double q)
{
	if (!h->count)
		return NAN;
	double pos = q * (double)(h->count - 1);
	uint64_t lo = (uint64_t)floor(pos);
	double frac = pos - (double)lo, a = order_stat(h, lo);
	return frac > 0 ? a + frac * (order_stat(h, lo + 1) - a) : a;
}

double rb_hist_stddev(const struct rb_hist *h)
{
	return h->count > 1 ? sqrt(h->m2 / (double)(h->count - 1)) : 0;
}

void rb_hist_free(struct rb_hist *h)
{
	free(h->b);
	memset(h, 0, sizeof(*h));
}

uint64_t rb_pct_min_n(double q)
{
	return q <= 0.5 ? 1 : (uint64_t)ceil(10.0 / (1.0 - q) - 1e-9);
}
