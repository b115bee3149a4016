/* gate.c - Mann-Whitney U, bootstrap ratio-of-medians interval, Holm, verdicts. */
#include "gate.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

struct tagged {
	double v;
	int first; /* 1 when from x */
};

static int cmp_tagged(const void *a, const void *b)
{
	double x = ((const struct tagged *)a)->v, y = ((const struct tagged *)b)->v;
	return (x > y) - (x < y);
}

/* Number of arrangements of U = k for sample sizes (a, b), as probabilities:
 * the coefficients of the Gaussian binomial [a+b choose a]_q over C(a+b, a). */
static long double *u_distribution(size_t a, size_t b)
{
	if (a > b) {
		size_t t = a;
		a = b;
		b = t;
	}
	size_t deg = a * b;
	long double *c = calloc(deg + 1, sizeof(long double));
	if (!c)
		return NULL;
	c[0] = 1;
	/* prod_{i=1..a} (1 - q^{b+i}) / (1 - q^i) */
	for (size_t i = 1; i <= a; i++) {
		size_t s = b + i;
		for (size_t k = deg; k >= s; k--) {
			c[k] -= c[k - s];
			if (k == s)
				break;
		}
		for (size_t k = i; k <= deg; k++)
			c[k] += c[k - i];
	}
	long double total = 0;
	for (size_t k = 0; k <= deg; k++)
		total += c[k];
	for (size_t k = 0; k <= deg; k++)
		c[k] /= total;
	return c;
}

int rb_mwu(const double *x, size_t nx, const double *y, size_t ny, struct rb_mwu *out)
{
	if (!nx || !ny)
		return -EINVAL;
	size_t n = nx + ny;
	struct tagged *t = malloc(n * sizeof(*t));
	if (!t)
		return -ENOMEM;
	for (size_t i = 0; i < nx; i++) {
		if (isnan(x[i]))
			goto nan;
		t[i] = (struct tagged){ x[i], 1 };
	}
	for (size_t i = 0; i < ny; i++) {
		if (isnan(y[i]))
			goto nan;
		t[nx + i] = (struct tagged){ y[i], 0 };
	}
	qsort(t, n, sizeof(*t), cmp_tagged);
	double r1 = 0, tie_term = 0;
	int ties = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && t[j].v == t[i].v)
			j++;
		double rank = ((double)(i + 1) + (double)j) / 2.0; /* average rank of i+1..j */
		double cnt = (double)(j - i);
		if (j - i > 1) {
			ties = 1;
			tie_term += cnt * cnt * cnt - cnt;
		}
		for (size_t k = i; k < j; k++)
			if (t[k].first)
				r1 += rank;
		i = j;
	}
	free(t);
	double n1 = (double)nx, n2 = (double)ny;
	double u1 = r1 - n1 * (n1 + 1) / 2, u2 = n1 * n2 - u1;
	double u = u1 > u2 ? u1 : u2;
	out->u1 = u1;
	out->exact = !(nx > 8 && ny > 8) && !ties;
	if (out->exact) {
		long double *d = u_distribution(nx, ny);
		if (!d)
			return -ENOMEM;
		/* sf(U) = P(U' >= U) = cdf(n1 n2 - U) by symmetry */
		size_t k = (size_t)llround(n1 * n2 - u);
		long double cdf = 0;
		for (size_t i = 0; i <= k; i++)
			cdf += d[i];
		free(d);
		out->p = (double)(2 * cdf);
	} else {
		double mu = n1 * n2 / 2, nn = (double)n;
		double s = sqrt(n1 * n2 / 12 * ((nn + 1) - tie_term / (nn * (nn - 1))));
		double z = (u - mu - 0.5) / s;
		out->p = 2 * 0.5 * erfc(z / sqrt(2.0));
	}
	if (out->p > 1)
		out->p = 1;
	if (out->p < 0)
		out->p = 0;
	return 0;
nan:
	free(t);
	return -EINVAL;
}

static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* k-th smallest (0-based) by quickselect; reorders v. */
static double select_k(double *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;
	while (lo < hi) {
		double pivot = v[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				double t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return v[k];
	}
	return v[k];
}

static double median_of(double *v, size_t n)
{
	double a = select_k(v, n, (n - 1) / 2);
	if (n % 2)
		return a;
	double b = select_k(v, n, n / 2);
	return (a + b) / 2;
}

/* One two-stage resample of a clustered side; buf holds at least ncl * max cluster size. */
static double resample_clustered(const double *v, const size_t *cl, size_t ncl, double *buf, uint64_t *rng)
{
	size_t m = 0;
	for (size_t k = 0; k < ncl; k++) {
		size_t pick = ncl > 1 ? next(rng) % ncl : 0;
		size_t lo = cl[pick], n = cl[pick + 1] - lo;
		for (size_t i = 0; i < n; i++)
			buf[m++] = v[lo + next(rng) % n];
	}
	return median_of(buf, m);
}

int rb_median_ratio_ci_clustered(const double *b, const size_t *bcl, size_t nbcl, const double *c, const size_t *ccl,
				 size_t nccl, double level, int reps, uint64_t seed, struct rb_ratio *out)
{
	size_t nb = bcl[nbcl], nc = ccl[nccl];
	if (!nb || !nc || reps < 10)
		return -EINVAL;
	size_t maxb = 0, maxc = 0;
	for (size_t k = 0; k < nbcl; k++)
		maxb = bcl[k + 1] - bcl[k] > maxb ? bcl[k + 1] - bcl[k] : maxb;
	for (size_t k = 0; k < nccl; k++)
		maxc = ccl[k + 1] - ccl[k] > maxc ? ccl[k + 1] - ccl[k] : maxc;
	size_t cap = maxb * nbcl > maxc * nccl ? maxb * nbcl : maxc * nccl;
	if (cap < nb)
		cap = nb;
	if (cap < nc)
		cap = nc;
	double *buf = malloc(cap * sizeof(double));
	double *ratios = malloc((size_t)reps * sizeof(double));
	if (!buf || !ratios) {
		free(buf);
		free(ratios);
		return -ENOMEM;
	}
	memcpy(buf, b, nb * sizeof(double));
	double mb = median_of(buf, nb);
	memcpy(buf, c, nc * sizeof(double));
	double mc = median_of(buf, nc);
	out->ratio = mb != 0 ? mc / mb : (mc == 0 ? 1 : INFINITY);
	uint64_t rng = seed ? seed : 0x9e3779b97f4a7c15ull;
	for (int r = 0; r < reps; r++) {
		double xb = resample_clustered(b, bcl, nbcl, buf, &rng);
		double xc = resample_clustered(c, ccl, nccl, buf, &rng);
		ratios[r] = xb != 0 ? xc / xb : (xc == 0 ? 1 : INFINITY);
	}
	rb_sort_doubles(ratios, (size_t)reps);
	double a = (1 - level) / 2;
	out->lo = rb_quantile_sorted(ratios, (size_t)reps, a);
	out->hi = rb_quantile_sorted(ratios, (size_t)reps, 1 - a);
	free(buf);
	free(ratios);
	return 0;
}

int rb_median_ratio_ci(const double *b, size_t nb, const double *c, size_t nc, double level, int reps, uint64_t seed,
		       struct rb_ratio *out)
{
	size_t bcl[2] = { 0, nb }, ccl[2] = { 0, nc };
	return rb_median_ratio_ci_clustered(b, bcl, 1, c, ccl, 1, level, reps, seed, out);
}

struct pi {
	double p;
	size_t i;
};

static int cmp_pi(const void *a, const void *b)
{
	double x = ((const struct pi *)a)->p, y = ((const struct pi *)b)->p;
	return (x > y) - (x < y);
}

void rb_holm(double *p, size_t n)
{
	struct pi *v = malloc(n * sizeof(*v));
	if (!v) {
		for (size_t i = 0; i < n; i++)
			p[i] = 1; /* fail safe: nothing is significant */
		return;
	}
	for (size_t i = 0; i < n; i++)
		v[i] = (struct pi){ p[i], i };
	qsort(v, n, sizeof(*v), cmp_pi);
	double run = 0;
	for (size_t j = 0; j < n; j++) {
		double adj = (double)(n - j) * v[j].p;
		if (adj > 1)
			adj = 1;
		if (adj > run)
			run = adj;
		p[v[j].i] = run;
	}
	free(v);
}

const char *rb_verdict_name(enum rb_verdict v)
{
	static const char *const names[] = { "unchanged", "regression", "improvement", "noisy", "insufficient" };
	return names[v];
}

enum rb_verdict rb_gate_verdict(const struct rb_gate_params *g, size_t nb, size_t nc, double p_adj,
				const struct rb_ratio *r, int lower_is_better)
{
	if (nb < g->min_samples || nc < g->min_samples)
		return RB_INSUFFICIENT;
	int sig = p_adj < g->alpha;
	int up = r->lo > 1 + g->threshold, down = r->hi < 1 - g->threshold;
	if (sig && (up || down)) {
		int slower = lower_is_better ? up : down;
		return slower ? RB_REGRESSION : RB_IMPROVEMENT;
	}
	if (r->hi - r->lo > 2 * g->threshold)
		return RB_NOISY;
	return RB_UNCHANGED;
}
