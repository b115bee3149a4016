/* detect.c - steps in a series of per-run medians: PELT on a mean-shift cost,
 * a permutation test per step and a minimum effect size (see detect.h). */
#include "detect.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "stats.h"

static double median_of(const double *x, size_t s, size_t e, double *buf)
{
	memcpy(buf, x + s, (e - s) * sizeof(double));
	rb_sort_doubles(buf, e - s);
	return rb_quantile_sorted(buf, e - s, 0.5);
}

double rbh_noise_scale(const double *y, size_t n)
{
	if (n < 3)
		return 0;
	double *d = malloc((n - 1) * sizeof(double)), *buf = malloc((n - 1) * sizeof(double));
	double s = 0;
	if (d && buf) {
		for (size_t i = 0; i + 1 < n; i++)
			d[i] = y[i + 1] - y[i];
		double m = median_of(d, 0, n - 1, buf);
		for (size_t i = 0; i + 1 < n; i++)
			d[i] = fabs(d[i] - m);
		s = 1.4826 * median_of(d, 0, n - 1, buf) / sqrt(2.0);
		if (s == 0) { /* mostly ties: the mean absolute difference instead */
			for (size_t i = 0; i + 1 < n; i++)
				s += fabs(y[i + 1] - y[i]);
			s = s / (double)(n - 1) * sqrt(M_PI) / 2.0;
		}
	}
	free(d);
	free(buf);
	return s;
}

/* Sum of squared deviations from the mean of z[a..b), from prefix sums. */
static double cost(const double *c1, const double *c2, size_t a, size_t b)
{
	double m = (double)(b - a), s = c1[b] - c1[a];
	double v = c2[b] - c2[a] - s * s / m;
	return v > 0 ? v : 0;
}

/* The largest standardised Mann-Whitney statistic |U - mn/2| / sd(U) over the
 * allowed splits of a stretch of len values, given their ranks (1..len, ties
 * averaged) in time order; cut is relative to the stretch. */
static double max_rank_shift(const double *rank, size_t len, const unsigned char *cut, size_t min_size)
{
	double left = 0, best = 0, nn = (double)len;
	for (size_t t = 1; t < len; t++) {
		left += rank[t - 1];
		size_t m = t, n = len - t;
		if (m < min_size || n < min_size || (cut && !cut[t]))
			continue;
		double md = (double)m, nd = (double)n;
		double u = left - md * (md + 1) / 2, mu = md * nd / 2, sd = sqrt(md * nd * (nn + 1) / 12);
		double z = fabs(u - mu) / sd;
		if (z > best)
			best = z;
	}
	return best;
}

static const double *rank_key;
static int by_value(const void *a, const void *b)
{
	double x = rank_key[*(const size_t *)a], y = rank_key[*(const size_t *)b];
	return (x > y) - (x < y);
}

/* Ranks (1-based, ties averaged) of v[0..len) into rank[]; idx is scratch. */
static void ranks(const double *v, size_t len, double *rank, size_t *idx)
{
	for (size_t i = 0; i < len; i++)
		idx[i] = i;
	rank_key = v;
	qsort(idx, len, sizeof(size_t), by_value);
	for (size_t i = 0; i < len;) {
		size_t j = i;
		while (j + 1 < len && v[idx[j + 1]] == v[idx[i]])
			j++;
		for (size_t k = i; k <= j; k++)
			rank[idx[k]] = (double)(i + j) / 2 + 1;
		i = j + 1;
	}
}

/* Permutation p-value of "a step somewhere in y[s..e)": the largest rank
 * shift statistic over the allowed splits against the same for shuffled
 * copies. Rank-based, so outlying runs weigh no more than any other run.
 * Stops early once p cannot fall below alpha. */
static double perm_p(const double *y, size_t s, size_t e, const unsigned char *cut, const struct rbh_detect_params *p,
		     gsl_rng *rng, double *rank, size_t *idx)
{
	size_t len = e - s, hits = 0;
	const unsigned char *c = cut ? cut + s : NULL;
	ranks(y + s, len, rank, idx);
	double obs = max_rank_shift(rank, len, c, p->min_size);
	double limit = p->alpha * (p->perms + 1) - 1;
	for (unsigned k = 0; k < p->perms; k++) {
		gsl_ran_shuffle(rng, rank, len, sizeof(double));
		hits += max_rank_shift(rank, len, c, p->min_size) >= obs * (1 - 1e-12);
		if ((double)hits > limit)
			return (double)(hits + 1) / (k + 2);
	}
	return (double)(hits + 1) / (p->perms + 1);
}

/* PELT (Killick, Fearnhead & Eckley 2012) with the cost above and penalty
 * beta per step, steps only where cut allows, segments of min_size or more.
 * Writes the step positions to cp (ascending); returns their number. */
static size_t pelt(const double *z, size_t n, const unsigned char *cut, size_t min_size, double beta, size_t *cp)
{
	double *c1 = calloc(n + 1, sizeof(double)), *c2 = calloc(n + 1, sizeof(double)), *f = calloc(n + 1, sizeof(double));
	size_t *last = calloc(n + 1, sizeof(size_t)), *r = calloc(n + 2, sizeof(size_t)), ncp = 0;
	if (!c1 || !c2 || !f || !last || !r)
		goto out;
	for (size_t i = 0; i < n; i++) {
		c1[i + 1] = c1[i] + z[i];
		c2[i + 1] = c2[i] + z[i] * z[i];
	}
	size_t nr = 1;
	r[0] = 0;
	f[0] = -beta;
	for (size_t t = 1; t <= n; t++) {
		f[t] = INFINITY;
		if (t < n && cut && !cut[t])
			continue; /* not a possible segment end */
		for (size_t i = 0; i < nr; i++) {
			size_t s = r[i];
			if (t - s < min_size || !isfinite(f[s]))
				continue;
			double v = f[s] + cost(c1, c2, s, t) + beta;
			if (v < f[t]) {
				f[t] = v;
				last[t] = s;
			}
		}
		if (!isfinite(f[t]))
			continue;
		/* prune: a start that cannot beat t from here on */
		size_t k = 0;
		for (size_t i = 0; i < nr; i++) {
			size_t s = r[i];
			if (t - s < min_size || !isfinite(f[s]) || f[s] + cost(c1, c2, s, t) <= f[t])
				r[k++] = s;
		}
		r[k++] = t;
		nr = k;
	}
	if (isfinite(f[n]))
		for (size_t t = last[n]; t > 0; t = last[t])
			cp[ncp++] = t;
	for (size_t i = 0; i < ncp / 2; i++) {
		size_t tmp = cp[i];
		cp[i] = cp[ncp - 1 - i];
		cp[ncp - 1 - i] = tmp;
	}
out:
	free(c1);
	free(c2);
	free(f);
	free(last);
	free(r);
	return ncp;
}

int rbh_detect(const double *x, size_t n, const unsigned char *cut, const struct rbh_detect_params *p,
	       struct rbh_cp *out, size_t max)
{
	if (!p || p->min_size < 2 || !(p->alpha > 0 && p->alpha < 1) || p->perms < 1 || !(p->min_effect >= 0))
		return -EINVAL;
	int positive = 1;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(x[i]))
			return -EINVAL;
		positive &= x[i] > 0;
	}
	if (n < 2 * p->min_size)
		return 0;
	double *z = malloc(n * sizeof(double)), *y = malloc(n * sizeof(double)), *buf = malloc(n * sizeof(double));
	size_t *pos = malloc(n * sizeof(size_t)), *idx = malloc(n * sizeof(size_t));
	double *pv = malloc(n * sizeof(double));
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	int ret = -ENOMEM;
	if (!z || !y || !buf || !pos || !idx || !pv || !rng)
		goto out;
	gsl_rng_set(rng, (unsigned long)(p->seed ^ (p->seed >> 32)) + 1);
	/* steps are relative: work on logarithms when every value is positive */
	for (size_t i = 0; i < n; i++)
		y[i] = positive ? log(x[i]) : x[i];
	double s = rbh_noise_scale(y, n);
	ret = 0;
	if (!(s > 0))
		goto out; /* a constant series has no step */
	/* outlying runs are pulled to 3 noise scales around their neighbourhood's median */
	for (size_t i = 0; i < n; i++) {
		size_t a = i >= RBH_CLIP_HALF ? i - RBH_CLIP_HALF : 0, b = i + RBH_CLIP_HALF + 1 < n ? i + RBH_CLIP_HALF + 1 : n;
		double m = median_of(y, a, b, buf);
		z[i] = fmin(fmax(y[i], m - 3 * s), m + 3 * s);
	}
	size_t k = pelt(z, n, cut, p->min_size, 2.0 * s * s * log((double)n), pos);
	/* the significance of each step (phase 0), then its effect (phase 1): drop
	 * the weakest step, look at its neighbours again, until every step passes both */
	for (int removed = 1; removed;) {
		removed = 0;
		for (int phase = 0; phase < 2; phase++)
			for (;;) {
				size_t worst = k;
				double wv = 0;
				for (size_t i = 0; i < k; i++) {
					size_t a = i ? pos[i - 1] : 0, b = i + 1 < k ? pos[i + 1] : n;
					if (phase == 0) {
						pv[i] = perm_p(y, a, b, cut, p, rng, buf, idx);
						if (pv[i] >= p->alpha && pv[i] > wv)
							wv = pv[i], worst = i;
						continue;
					}
					double before = median_of(x, a, pos[i], buf), after = median_of(x, pos[i], b, buf);
					double eff = before != 0 ? fabs(after / before - 1) : INFINITY;
					if (eff < p->min_effect && (worst == k || eff < wv))
						wv = eff, worst = i;
				}
				if (worst == k)
					break;
				memmove(pos + worst, pos + worst + 1, (k - worst - 1) * sizeof(size_t));
				memmove(pv + worst, pv + worst + 1, (k - worst - 1) * sizeof(double));
				k--;
				removed |= phase == 1;
			}
	}
	for (size_t i = 0; i < k && i < max; i++) {
		size_t a = i ? pos[i - 1] : 0, b = i + 1 < k ? pos[i + 1] : n;
		out[i] = (struct rbh_cp){ pos[i], pv[i], median_of(x, a, pos[i], buf), median_of(x, pos[i], b, buf) };
	}
	ret = (int)(k < max ? k : max);
out:
	gsl_rng_free(rng);
	free(z);
	free(y);
	free(buf);
	free(pos);
	free(idx);
	free(pv);
	return ret;
}
