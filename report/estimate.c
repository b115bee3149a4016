/* estimate.c - Theil-Sen cost models and run-level ratios (GSL for medians,
 * means, variances and the t quantile). */
#include "estimate.h"
#include "schema.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#define STR_(x) #x
#define STR(x) STR_(x)
const char rb_costmodel_rule[] =
	"time = fixed + per page × pages (4 KiB pages), fitted to the p50s across sizes by Theil–Sen: the per-page "
	"cost is the median of the slopes between every pair of sizes, each pair weighted by how many pages apart "
	"the sizes are; the fixed cost is the median of what is left, each size weighted by 1 / its p50. One odd "
	"size cannot pull the line away. R² is "
	"the share of the variation across sizes the model explains, on the log scale (\"flat\": the model changes "
	"less than " STR(RB_MODEL_FLAT_FACTOR) "× over the sizes, there is nothing to explain). A model is drawn only "
	"where it fits: no p50 further than a factor " STR(RB_MODEL_MAX_FACTOR) " from it, and R² at least "
	STR(RB_MODEL_MIN_R2) " (rising) or every p50 within a factor " STR(RB_MODEL_FLAT_MAX_FACTOR) " (flat).";

static double median(double *v, size_t n)
{
	gsl_sort(v, 1, n);
	return gsl_stats_median_from_sorted_data(v, 1, n);
}

struct pair {
	double v, weight;
};

static int by_v(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	return x->v < y->v ? -1 : x->v > y->v;
}

/* The weighted median of k values (sorts them): where the cumulative weight
 * reaches half; exactly half: between that value and the next. */
static double weighted_median(struct pair *p, size_t k)
{
	double total = 0, cum = 0;
	for (size_t i = 0; i < k; i++)
		total += p[i].weight;
	qsort(p, k, sizeof(*p), by_v);
	for (size_t i = 0; i < k; i++) {
		cum += p[i].weight;
		if (cum >= total / 2)
			return cum == total / 2 && i + 1 < k ? (p[i].v + p[i + 1].v) / 2 : p[i].v;
	}
	return k ? p[k - 1].v : NAN;
}

int rb_costmodel_fit(const double *size_bytes, const double *p50, size_t n, struct rb_costmodel *m)
{
	memset(m, 0, sizeof(*m));
	m->r2 = NAN;
	m->max_dev = NAN;
	m->points = n;
	size_t distinct = 0;
	for (size_t i = 0; i < n; i++) {
		if (!(p50[i] > 0) || !(size_bytes[i] > 0))
			return -EINVAL;
		int seen = 0;
		for (size_t j = 0; j < i; j++)
			seen |= size_bytes[j] == size_bytes[i];
		distinct += !seen;
	}
	if (distinct < RB_MODEL_MIN_POINTS)
		return -EINVAL;
	struct pair *pr = malloc(sizeof(*pr) * (n * (n - 1) / 2 + n));
	double *w = malloc(sizeof(double) * n);
	if (!pr || !w) {
		free(pr);
		free(w);
		return -ENOMEM;
	}
	/* per page: the weighted median of the pairwise slopes, each pair weighted
	 * by how many pages apart its sizes are */
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (size_bytes[i] != size_bytes[j]) {
				double dx = (size_bytes[j] - size_bytes[i]) / RB_MODEL_PAGE;
				pr[k].v = (p50[j] - p50[i]) / dx;
				pr[k++].weight = fabs(dx);
			}
	m->per_page = weighted_median(pr, k);
	/* fixed: the weighted median of what is left, each size weighted by
	 * 1 / p50 (a residual counts relative to its size's time) */
	for (size_t i = 0; i < n; i++) {
		pr[i].v = p50[i] - m->per_page * size_bytes[i] / RB_MODEL_PAGE;
		pr[i].weight = 1 / p50[i];
	}
	m->fixed = weighted_median(pr, n);
	free(pr);
	if (m->fixed < 0) {
		for (size_t i = 0; i < n; i++)
			w[i] = p50[i] / (size_bytes[i] / RB_MODEL_PAGE);
		m->per_page = median(w, n);
		m->fixed = 0;
	}
	/* quality: the largest factor between a p50 and the model; R² on the log
	 * scale, where every size counts alike */
	double lo = INFINITY, hi = 0, mean = 0, ss_res = 0, ss_tot = 0, dev = 0;
	int positive = 1;
	for (size_t i = 0; i < n; i++) {
		double y = m->fixed + m->per_page * size_bytes[i] / RB_MODEL_PAGE;
		positive &= y > 0;
		if (y > 0) {
			double f = p50[i] > y ? p50[i] / y : y / p50[i];
			dev = f - 1 > dev ? f - 1 : dev;
			ss_res += pow(log(p50[i]) - log(y), 2);
			lo = y < lo ? y : lo;
			hi = y > hi ? y : hi;
		}
		mean += log(p50[i]) / (double)n;
	}
	for (size_t i = 0; i < n; i++)
		ss_tot += pow(log(p50[i]) - mean, 2);
	free(w);
	m->max_dev = positive ? dev : INFINITY;
	int flat = !(hi >= RB_MODEL_FLAT_FACTOR * lo);
	if (positive && !flat && ss_tot > 0)
		m->r2 = 1 - ss_res / ss_tot;
	m->fits = positive && m->max_dev <= RB_MODEL_MAX_FACTOR - 1 + 1e-9 &&
		  (flat ? m->max_dev <= RB_MODEL_FLAT_MAX_FACTOR - 1 + 1e-9 : m->r2 >= RB_MODEL_MIN_R2);
	return 0;
}

static int logs(const double *v, size_t n, double *out)
{
	for (size_t i = 0; i < n; i++) {
		if (!(v[i] > 0) || !isfinite(v[i]))
			return -EINVAL;
		out[i] = log(v[i]);
	}
	return 0;
}

int rb_ratio_runs(const double *a, size_t na, const double *b, size_t nb, struct rb_ratio *r)
{
	r->ratio = r->lo = r->hi = NAN;
	r->has_ci = 0;
	if (!na || !nb)
		return -EINVAL;
	double *la = malloc(sizeof(double) * (na + nb)), *lb = la ? la + na : NULL;
	if (!la)
		return -ENOMEM;
	if (logs(a, na, la) || logs(b, nb, lb)) {
		free(la);
		return -EINVAL;
	}
	double ma = gsl_stats_mean(la, 1, na), mb = gsl_stats_mean(lb, 1, nb);
	r->ratio = exp(mb - ma);
	if (na >= 2 && nb >= 2) {
		double va = gsl_stats_variance_m(la, 1, na, ma) / (double)na;
		double vb = gsl_stats_variance_m(lb, 1, nb, mb) / (double)nb;
		double se = sqrt(va + vb), half = 0;
		if (se > 0) {
			/* Welch-Satterthwaite degrees of freedom */
			double df = (va + vb) * (va + vb) / (va * va / (double)(na - 1) + vb * vb / (double)(nb - 1));
			half = gsl_cdf_tdist_Pinv(0.975, df) * se;
		}
		r->lo = exp(mb - ma - half);
		r->hi = exp(mb - ma + half);
		r->has_ci = 1;
	}
	free(la);
	return 0;
}

double rb_geomean(const double *v, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += log(v[i]);
	return n ? exp(s / (double)n) : NAN;
}

int rb_ratio_clear(const struct rb_ratio *r)
{
	return r->has_ci && (r->lo > 1 || r->hi < 1);
}

/* Two significant digits without an exponent: 1.4, 81, 1234 (at least the units digit). */
static const char *sig2(double v, char *buf, size_t n)
{
	char r[32];
	snprintf(r, sizeof(r), "%.2g", v);
	double x = strtod(r, NULL), a = fabs(x);
	if (fabs(v) >= 10 || a >= 10 || v == 0)
		snprintf(buf, n, "%.0f", v);
	else if (a >= 1)
		snprintf(buf, n, "%.1f", x);
	else if (a >= 0.0001)
		snprintf(buf, n, "%.*f", (int)ceil(-log10(a) - 1e-9) + 1, x);
	else
		snprintf(buf, n, "%s0", v < 0 ? "-" : "");
	return buf;
}

const char *rb_fmt_ns2(double ns, char *buf, size_t n)
{
	static const char *const units[] = { "ns", "µs", "ms", "s" };
	char v[32];
	double a = fabs(ns);
	int u = 0;
	/* the unit in which the rounded value stays below 1000 (999.7 µs is 1.0 ms) */
	while (u < 3 && a >= 999.5) {
		a /= 1e3;
		ns /= 1e3;
		u++;
	}
	if (!isfinite(ns))
		snprintf(buf, n, "?");
	else
		snprintf(buf, n, "%s %s", sig2(ns, v, sizeof(v)), units[u]);
	return buf;
}

/* 1 when the unit cell names unit u. */
static int unit_is(const char *unit, enum rb_unit u)
{
	enum rb_unit x;
	return !rb_unit_parse(unit, &x) && x == u;
}

const char *rb_fmt_value(double v, const char *unit, char *buf, size_t n)
{
	char s[32];
	if (unit_is(unit, RB_UNIT_NS))
		return rb_fmt_ns2(v, buf, n);
	int count = unit_is(unit, RB_UNIT_COUNT);
	snprintf(buf, n, "%s%s%s", sig2(v, s, sizeof(s)), count ? "" : " ", count ? "" : unit);
	return buf;
}

const char *rb_costmodel_text(const struct rb_costmodel *m, const char *unit, char *buf, size_t n)
{
	char a[32], b[32];
	double pp = fabs(m->per_page);
	const char *sign = m->per_page < 0 ? "−" : "+";
	if (unit_is(unit, RB_UNIT_NS))
		snprintf(buf, n, "%s %s %s %s %s/page", sig2(m->fixed >= 100 ? m->fixed / 1e3 : m->fixed, a, sizeof(a)),
			 m->fixed >= 100 ? "µs" : "ns", sign, sig2(pp >= 10 ? pp / 1e3 : pp, b, sizeof(b)),
			 pp >= 10 ? "µs" : "ns");
	else
		snprintf(buf, n, "%s %s %s/page %s", sig2(m->fixed, a, sizeof(a)), sign, sig2(pp, b, sizeof(b)), unit);
	return buf;
}
