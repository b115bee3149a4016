/* gate.c - the gate's statistics: t intervals on log run values (paired over
 * rounds or Welch), one-sided tests against the threshold, Holm, verdicts,
 * power. Distribution functions and quantiles: GSL. */
#include "gate.h"

#include <errno.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

struct rb_gate_prior rb_gate_prior_default(void)
{
	return (struct rb_gate_prior){ RB_GATE_PRIOR_CV, 0, "default" };
}

/* P(T > x) for T ~ t(df); df infinite: standard normal. */
static double sf(double x, double df)
{
	if (isnan(x))
		return 1;
	if (isinf(x))
		return x > 0 ? 0 : 1;
	return isinf(df) ? gsl_cdf_ugaussian_Q(x) : gsl_cdf_tdist_Q(x, df);
}

/* x with P(T > x) = p. */
static double q_upper(double p, double df)
{
	return isinf(df) ? gsl_cdf_ugaussian_Qinv(p) : gsl_cdf_tdist_Qinv(p, df);
}

/* Quantiles asked for within one decision repeat (the same level and df for
 * many metrics): a small memo, local to the call. */
struct qcache {
	unsigned next;
	struct {
		double p, df, q;
	} e[32];
};

static double q_cached(struct qcache *c, double p, double df)
{
	for (unsigned i = 0; i < 32; i++)
		if (c->e[i].p == p && c->e[i].df == df)
			return c->e[i].q;
	double q = q_upper(p, df);
	c->e[c->next % 32].p = p;
	c->e[c->next % 32].df = df;
	c->e[c->next % 32].q = q;
	c->next++;
	return q;
}

static void mean_var(const double *v, size_t n, double *mean, double *var)
{
	double m = 0, s = 0;
	for (size_t i = 0; i < n; i++)
		m += v[i];
	m /= (double)n;
	for (size_t i = 0; i < n; i++)
		s += (v[i] - m) * (v[i] - m);
	*mean = m;
	*var = n > 1 ? s / (double)(n - 1) : 0;
}

static void tfill(double mean, double se, double df, double mu0, double alpha, struct rb_ttest *o)
{
	o->mean = mean;
	o->se = se;
	o->df = df;
	o->t = (mean - mu0) / se;
	o->p_greater = sf(o->t, df);
	o->p_less = sf(-o->t, df);
	double q = q_upper(alpha, df);
	o->lo = mean - q * se;
	o->hi = mean + q * se;
}

/* Welch-Satterthwaite degrees of freedom; a, b: each side's variance of its mean. */
static double welch_df(double a, size_t na, double b, size_t nb)
{
	return (a + b) * (a + b) / (a * a / (double)(na - 1) + b * b / (double)(nb - 1));
}

int rb_ttest_1samp(const double *d, size_t n, double mu0, double alpha, struct rb_ttest *out)
{
	if (n < 2 || !(alpha > 0 && alpha < 1))
		return -EINVAL;
	double m, var;
	mean_var(d, n, &m, &var);
	if (!(var > 0))
		return -EINVAL;
	tfill(m, sqrt(var / (double)n), (double)(n - 1), mu0, alpha, out);
	return 0;
}

int rb_ttest_welch(const double *x, size_t nx, const double *y, size_t ny, double mu0, double alpha,
		   struct rb_ttest *out)
{
	if (nx < 2 || ny < 2 || !(alpha > 0 && alpha < 1))
		return -EINVAL;
	double mx, vx, my, vy;
	mean_var(x, nx, &mx, &vx);
	mean_var(y, ny, &my, &vy);
	double a = vx / (double)nx, b = vy / (double)ny;
	if (!(a + b > 0))
		return -EINVAL;
	tfill(my - mx, sqrt(a + b), welch_df(a, nx, b, ny), mu0, alpha, out);
	return 0;
}

double rb_median(const double *v, size_t n)
{
	if (!n)
		return NAN;
	double small[64], *c = n <= 64 ? small : malloc(n * sizeof(double));
	if (!c)
		return NAN;
	memcpy(c, v, n * sizeof(double));
	rb_sort_doubles(c, n);
	double m = rb_quantile_sorted(c, n, 0.5);
	if (c != small)
		free(c);
	return m;
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
	struct pi *v = malloc((n ? n : 1) * sizeof(*v));
	if (!v) {
		for (size_t i = 0; i < n; i++)
			if (!isnan(p[i]))
				p[i] = 1; /* fail safe: nothing is significant */
		return;
	}
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(p[i]))
			v[m++] = (struct pi){ p[i], i };
	qsort(v, m, sizeof(*v), cmp_pi);
	double run = 0;
	for (size_t j = 0; j < m; j++) {
		double adj = (double)(m - j) * v[j].p;
		if (adj > 1)
			adj = 1;
		if (adj > run)
			run = adj;
		p[v[j].i] = run;
	}
	free(v);
}

double rb_gate_look_alpha(double alpha, size_t kprev, size_t k, size_t kmax)
{
	if (!kmax || k <= kprev)
		return 0;
	if (k > kmax)
		k = kmax;
	return alpha * (double)(k - kprev) / (double)kmax;
}

size_t rb_gate_next_look(size_t k, size_t kmax)
{
	return 2 * k < kmax ? 2 * k : kmax;
}

/* The statistics of one metric, before Holm. */
struct est {
	double d, se, df; /* mean log ratio, its standard error, degrees of freedom */
	double unit_sd;	  /* the sd of one unit (a round's log ratio, or one run's log value) */
	int paired;
	int df_fixed; /* df is the prior's, not the runs' */
};

static int all_positive(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!(v[i] > 0) || !isfinite(v[i]))
			return 0;
	return 1;
}

static double prior_sd(const struct rb_gate_prior *p, double *df)
{
	*df = p->runs > 1 ? (double)(p->runs - 1) : INFINITY;
	return sqrt(log1p(p->cv * p->cv)); /* sd of log for a lognormal of that cv */
}

/* The coefficient of variation of a lognormal whose log has this sd (the inverse of prior_sd). */
static double cv_of(double sd)
{
	return sqrt(expm1(sd * sd));
}

/* Paired: per round present on both sides, mean log of each side; the
 * candidate's minus the baseline's. Returns the number of rounds (<= 0: none or
 * -ENOMEM). */
static long round_diffs(const struct rb_gate_input *in, double **out)
{
	unsigned maxr = 0;
	for (size_t i = 0; i < in->nb; i++)
		maxr = in->round_b[i] > maxr ? in->round_b[i] : maxr;
	for (size_t i = 0; i < in->nc; i++)
		maxr = in->round_c[i] > maxr ? in->round_c[i] : maxr;
	size_t R = (size_t)maxr + 1;
	double *sb = calloc(R * 4, sizeof(double));
	double *d = malloc(R * sizeof(double));
	if (!sb || !d) {
		free(sb);
		free(d);
		return -ENOMEM;
	}
	double *nb = sb + R, *sc = sb + 2 * R, *nc = sb + 3 * R;
	for (size_t i = 0; i < in->nb; i++) {
		sb[in->round_b[i]] += log(in->b[i]);
		nb[in->round_b[i]]++;
	}
	for (size_t i = 0; i < in->nc; i++) {
		sc[in->round_c[i]] += log(in->c[i]);
		nc[in->round_c[i]]++;
	}
	long k = 0;
	for (size_t r = 0; r < R; r++)
		if (nb[r] > 0 && nc[r] > 0)
			d[k++] = sc[r] / nc[r] - sb[r] / nb[r];
	free(sb);
	*out = d;
	return k;
}

static int estimate(const struct rb_gate_params *g, const struct rb_gate_input *in, struct est *e,
		    struct rb_gate_result *r)
{
	const struct rb_gate_prior *pr = in->prior.cv > 0 ? &in->prior : &g->prior;
	double pdf, psd = prior_sd(pr, &pdf);
	memset(e, 0, sizeof(*e));
	if (in->round_b && in->round_c) {
		double *d = NULL;
		long k = round_diffs(in, &d);
		if (k < 0)
			return (int)k;
		if (k > 0) {
			e->paired = 1;
			r->rounds = (size_t)k;
			double m, var;
			mean_var(d, (size_t)k, &m, &var);
			free(d);
			e->d = m;
			double sd = sqrt(var);
			/* identical rounds (quantised values) measure no spread: not evidence of none */
			if ((size_t)k >= g->min_runs && sd > 0) {
				e->unit_sd = sd;
				e->df = (double)(k - 1);
			} else if (k >= 2 && sd > psd * M_SQRT2) { /* measured, though few, is wider: keep it */
				e->unit_sd = sd;
				e->df = (double)(k - 1);
				r->spread_prior = 1;
			} else { /* a round's log ratio: the difference of two runs */
				e->unit_sd = psd * M_SQRT2;
				e->df = pdf;
				e->df_fixed = 1;
				r->spread_prior = 1;
			}
			e->se = e->unit_sd / sqrt((double)k);
			r->spread = cv_of(e->unit_sd / M_SQRT2);
			r->spread_source = r->spread_prior ? pr->source : "measured";
			return 0;
		}
		free(d); /* no round in common: compare the runs unpaired */
	}
	double *lb = malloc((in->nb + in->nc) * sizeof(double));
	if (!lb)
		return -ENOMEM;
	double *lc = lb + in->nb;
	for (size_t i = 0; i < in->nb; i++)
		lb[i] = log(in->b[i]);
	for (size_t i = 0; i < in->nc; i++)
		lc[i] = log(in->c[i]);
	double mb, vb, mc, vc;
	mean_var(lb, in->nb, &mb, &vb);
	mean_var(lc, in->nc, &mc, &vc);
	free(lb);
	e->d = mc - mb;
	double hsum = 1.0 / (double)in->nb + 1.0 / (double)in->nc;
	double pooled_df = (double)(in->nb - 1) + (double)(in->nc - 1);
	double pooled = pooled_df > 0 ? sqrt(((double)(in->nb - 1) * vb + (double)(in->nc - 1) * vc) / pooled_df) : 0;
	if (in->nb >= g->min_runs && in->nc >= g->min_runs && vb + vc > 0) {
		double a = vb / (double)in->nb, b = vc / (double)in->nc;
		e->se = sqrt(a + b);
		e->df = welch_df(a, in->nb, b, in->nc);
		e->unit_sd = pooled;
	} else {
		r->spread_prior = 1;
		if (pooled_df > 0 && pooled > psd) { /* measured, though few, is wider: keep it */
			e->unit_sd = pooled;
			e->df = pooled_df;
		} else {
			e->unit_sd = psd;
			e->df = pdf;
			e->df_fixed = 1;
		}
		e->se = e->unit_sd * sqrt(hsum);
	}
	r->spread = cv_of(e->unit_sd);
	r->spread_source = r->spread_prior ? pr->source : "measured";
	return 0;
}

static double finite_or_nan(double v)
{
	return isfinite(v) ? v : NAN;
}

/* Runs per side (rounds) at which the 80 %-power margin at level a fits in L. */
static double needed(struct qcache *qc, const struct rb_gate_result *e, double a, double L, size_t now)
{
	if (!(e->unit_sd > 0))
		return (double)now;
	/* se(k) = unit_sd / sqrt(k) paired, unit_sd * sqrt(2 / k) unpaired */
	double c = e->paired ? e->unit_sd : e->unit_sd * M_SQRT2;
	double z0 = gsl_cdf_ugaussian_Qinv(a) + gsl_cdf_ugaussian_Qinv(0.2);
	double k = ceil(z0 * z0 * c * c / (L * L)); /* the normal answer, then refined with t */
	if (k < 2)
		k = 2;
	for (int it = 0; it < 30 && k < 1e6; it++) {
		double df = isnan(e->df) ? INFINITY : e->df; /* NaN: the prior's, taken as exact (normal) */
		if (!e->df_fixed)
			df = e->paired ? k - 1 : 2 * k - 2;
		if (df < 1)
			df = 1;
		double z = q_cached(qc, a, df) + q_cached(qc, 0.2, df);
		double nk = ceil(z * z * c * c / (L * L));
		if (nk < 2)
			nk = 2;
		if (nk > 1e6)
			return 1e6;
		if (nk == k)
			break;
		k = nk;
	}
	return k;
}

int rb_gate_decide(const struct rb_gate_params *g, const struct rb_gate_input *in, struct rb_gate_result *out,
		   size_t n)
{
	if (!(g->threshold > 0 && g->threshold < 1000) || !(g->alpha > 0 && g->alpha < 1) || !(g->prior.cv > 0) ||
	    !isfinite(g->prior.cv) || g->min_runs < 2)
		return -EINVAL;
	gsl_set_error_handler_off(); /* every input is checked; a domain error must not abort */
	double L = log1p(g->threshold);
	struct est *e = calloc(n ? n : 1, sizeof(*e));
	double *pw = malloc((n ? n : 1) * 2 * sizeof(double));
	if (!e || !pw) {
		free(e);
		free(pw);
		return -ENOMEM;
	}
	double *pb = pw + n;
	size_t tested = 0;
	struct qcache qc;
	memset(&qc, 0, sizeof(qc));
	int ret = 0;
	for (size_t i = 0; i < n; i++) {
		struct rb_gate_result *r = &out[i];
		memset(r, 0, sizeof(*r));
		r->nb = in[i].nb;
		r->nc = in[i].nc;
		r->xb = in[i].xb;
		r->xc = in[i].xc;
		r->median_b = rb_median(in[i].b, in[i].nb);
		r->median_c = rb_median(in[i].c, in[i].nc);
		r->verdict = RB_INCONCLUSIVE;
		pw[i] = pb[i] = NAN;
		r->ratio = r->lo = r->hi = r->p = r->p_holm = r->p_better = r->p_better_holm = NAN;
		r->spread = r->df = r->detectable = r->runs_needed = NAN;
		r->spread_source = "";
		if (in[i].nb && in[i].c_error) { /* a failure of the candidate, whatever else it measured */
			r->verdict = RB_FAIL;
			r->reason = RB_REASON_ERROR_CANDIDATE;
			continue;
		}
		if (!in[i].nb || !in[i].nc) {
			size_t x = in[i].nb ? in[i].xc : in[i].xb, s = in[i].nb ? in[i].sc : in[i].sb;
			r->reason = x ? RB_REASON_EXCLUDED
				    : s ? RB_REASON_TOO_FEW_SAMPLES
				    : in[i].nb ? RB_REASON_MISSING_CANDIDATE
					       : RB_REASON_MISSING_BASELINE;
			if (r->reason == RB_REASON_MISSING_CANDIDATE)
				r->verdict = RB_FAIL; /* the baseline has runs of it: the candidate lost it */
			continue;
		}
		if (!all_positive(in[i].b, in[i].nb) || !all_positive(in[i].c, in[i].nc)) {
			r->reason = RB_REASON_NON_POSITIVE;
			continue;
		}
		if ((ret = estimate(g, &in[i], &e[i], r)))
			break;
		r->tested = 1;
		r->se = e[i].se;
		r->unit_sd = e[i].unit_sd;
		r->df_fixed = e[i].df_fixed;
		r->paired = e[i].paired;
		tested++;
		double w = in[i].higher_better ? -e[i].d : e[i].d; /* > 0: worse */
		if (e[i].se > 0) {
			pw[i] = sf((w - L) / e[i].se, e[i].df);
			pb[i] = sf((-w - L) / e[i].se, e[i].df);
		} else { /* no spread at all: the point estimate decides */
			pw[i] = w > L ? 0 : 1;
			pb[i] = -w > L ? 0 : 1;
		}
		double q = q_cached(&qc, g->alpha, e[i].df);
		r->p = pw[i];
		r->p_better = pb[i];
		r->ratio = finite_or_nan(exp(e[i].d));
		r->lo = finite_or_nan(exp(e[i].d - q * e[i].se));
		r->hi = finite_or_nan(exp(e[i].d + q * e[i].se));
		r->df = finite_or_nan(e[i].df);
		r->spread = finite_or_nan(r->spread);
	}
	if (!ret) {
		rb_holm(pw, n);
		rb_holm(pb, n);
		for (size_t i = 0; i < n; i++) {
			struct rb_gate_result *r = &out[i];
			if (!r->tested)
				continue;
			r->p_holm = pw[i];
			r->p_better_holm = pb[i];
			double q = q_cached(&qc, g->alpha, e[i].df);
			double lo = e[i].d - q * e[i].se, hi = e[i].d + q * e[i].se;
			if (r->p_holm < g->alpha) {
				r->verdict = RB_REGRESSION;
			} else if (r->p_better_holm < g->alpha) {
				r->verdict = RB_IMPROVEMENT;
			} else if (lo >= -L && hi <= L) {
				r->verdict = RB_UNCHANGED;
			} else {
				r->verdict = RB_INCONCLUSIVE;
				if (lo > L || hi < -L)
					r->reason = RB_REASON_HOLM;
				else
					r->reason = r->spread_prior ? RB_REASON_TOO_FEW_RUNS : RB_REASON_STRADDLES;
			}
		}
	}
	free(e);
	free(pw);
	return ret;
}

void rb_gate_power(const struct rb_gate_params *g, struct rb_gate_result *r, size_t n)
{
	gsl_set_error_handler_off();
	double L = log1p(g->threshold);
	size_t tested = 0;
	for (size_t i = 0; i < n; i++)
		tested += r[i].tested;
	double a1 = g->alpha / (double)(tested ? tested : 1); /* Holm's first, strictest step */
	struct qcache qc;
	memset(&qc, 0, sizeof(qc));
	for (size_t i = 0; i < n; i++) {
		if (!r[i].tested)
			continue;
		double df = isnan(r[i].df) ? INFINITY : r[i].df;
		double z = q_cached(&qc, a1, df) + q_cached(&qc, 0.2, df);
		double det = expm1(L + z * r[i].se);
		r[i].detectable = isfinite(det) && det < 1e6 ? det : 1e6;
		r[i].runs_needed = needed(&qc, &r[i], a1, L, r[i].paired ? r[i].rounds : (r[i].nb < r[i].nc ? r[i].nb : r[i].nc));
	}
}
