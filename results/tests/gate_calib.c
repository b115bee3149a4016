/* gate_calib.c - calibration of the regression gate by Monte Carlo: synthetic
 * runs driven through the real decision code (rb_gate_decide, with ab's round
 * pairing and --until-decided's alpha schedule), GSL for the random numbers,
 * the quantiles and the Clopper-Pearson bounds.
 *
 * Model of one metric: each run (worker process) of side s in round r has the
 * value exp(mu + drift_r + effect_s + e_run) * median(within-run samples), with
 * drift_r ~ N(0, 3 %) shared by both sides of a round (ab) and across metrics,
 * e_run ~ N(0, spread) with the metric's between-run spread drawn from 1-5 %,
 * and within-run samples lognormal (sd 8 %, 15 samples, 3 % of them 3x
 * outliers; with 90 metrics the run's median is drawn from its normal
 * approximation, 1.2533 * sd / sqrt(samples), to stay fast).
 *
 * Asserted: the false-regression rate is at most alpha within Monte Carlo
 * error (the 95 % Clopper-Pearson lower bound is <= alpha) over 10,000 trials,
 * for 1 and for 90 metrics, A/A (no change) and at the null's boundary (every
 * metric exactly 1 + threshold slower), for ab (paired, 5 rounds; 1 and 2
 * rounds, where the paired prior is used), for
 * --until-decided (5 to 20 rounds), for compare with 3 runs a side (Welch) and
 * with 1 run a side (the 5 % prior). Printed: power curves for 2, 5, 10 and 20 %
 * slowdowns at 5, 10 and 20 rounds (threshold 5 % and 2 %), and how often A/A
 * is decided "unchanged" - the figures behind the README's recommendation. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

#include "../../tests/check.h"
#include "../gate.h"

enum { MAXM = 90, MAXK = 20, SAMPLES = 15 };
static const double WITHIN = 0.08, DRIFT = 0.03, ALPHA = 0.05;

static gsl_rng *rng;

/* One run's value: exp(level) times the median of its within-run samples. */
static double run_value(double level, int exact_median)
{
	if (!exact_median)
		return exp(level + gsl_ran_gaussian(rng, 1.2533 * WITHIN / sqrt(SAMPLES)));
	double s[SAMPLES];
	for (int i = 0; i < SAMPLES; i++) {
		s[i] = exp(gsl_ran_gaussian(rng, WITHIN));
		if (gsl_rng_uniform(rng) < 0.03)
			s[i] *= 3;
	}
	return exp(level) * rb_median(s, SAMPLES);
}

struct trial_cfg {
	size_t metrics;
	size_t rounds;	  /* ab: rounds; compare: runs per side */
	int paired;	  /* ab */
	double effect;	  /* true ratio of every metric ("boundary": 1 + threshold) */
	size_t affected;  /* how many metrics carry the effect (the rest: none) */
	double threshold;
	size_t max_rounds; /* > rounds: --until-decided */
};

struct tally {
	size_t trials, any_regression, regression_1, unchanged_1, decided_all;
};

static double vals[2][MAXM][MAXK];
static unsigned rounds_idx[MAXK];
static double spread_of[MAXM];

/* Simulate round k (0-based) of every metric. */
static void simulate_round(const struct trial_cfg *c, size_t k, int exact)
{
	double drift = c->paired ? gsl_ran_gaussian(rng, DRIFT) : 0;
	for (size_t m = 0; m < c->metrics; m++) {
		double eff = m < c->affected ? log(c->effect) : 0;
		vals[0][m][k] = run_value(drift + gsl_ran_gaussian(rng, spread_of[m]), exact);
		vals[1][m][k] = run_value(drift + eff + gsl_ran_gaussian(rng, spread_of[m]), exact);
	}
}

static int decide(const struct trial_cfg *c, size_t k, double alpha, struct rb_gate_result *res)
{
	static struct rb_gate_input in[MAXM];
	struct rb_gate_params g = { c->threshold, alpha, 3, rb_gate_prior_default() };
	for (size_t m = 0; m < c->metrics; m++)
		in[m] = (struct rb_gate_input){ .b = vals[0][m], .c = vals[1][m], .nb = k, .nc = k,
						.round_b = c->paired ? rounds_idx : NULL,
						.round_c = c->paired ? rounds_idx : NULL };
	return rb_gate_decide(&g, in, res, c->metrics);
}

static int trials(const struct trial_cfg *c, size_t n, struct tally *t)
{
	static struct rb_gate_result res[MAXM];
	int exact = c->metrics == 1;
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < n; i++) {
		for (size_t m = 0; m < c->metrics; m++)
			spread_of[m] = gsl_ran_flat(rng, 0.01, 0.05);
		size_t kmax = c->max_rounds > c->rounds ? c->max_rounds : c->rounds, k = 0, kprev = 0, look = c->rounds;
		int regression = 0, reg1 = 0, unch1 = 0, decided = 0;
		while (k < kmax) {
			simulate_round(c, k++, exact);
			if (k < look)
				continue;
			look = rb_gate_next_look(k, kmax);
			double a = c->max_rounds > c->rounds ? rb_gate_look_alpha(ALPHA, kprev, k, kmax) : ALPHA;
			kprev = k;
			if (decide(c, k, a, res))
				return -1;
			regression = reg1 = unch1 = 0;
			decided = 1;
			for (size_t m = 0; m < c->metrics; m++) {
				regression |= res[m].verdict == RB_REGRESSION;
				decided &= res[m].verdict != RB_INCONCLUSIVE;
			}
			reg1 = res[0].verdict == RB_REGRESSION;
			unch1 = res[0].verdict == RB_UNCHANGED;
			if (c->max_rounds <= c->rounds || decided || regression)
				break;
		}
		t->any_regression += regression;
		t->regression_1 += reg1;
		t->unchanged_1 += unch1;
		t->decided_all += decided;
		t->trials++;
	}
	return 0;
}

/* The q quantile of Beta(a, b), by bisection on GSL's CDF (its own inverse
 * does not always converge). */
static double beta_q(double q, double a, double b)
{
	double lo = 0, hi = 1;
	for (int i = 0; i < 60; i++) {
		double mid = (lo + hi) / 2;
		if (gsl_cdf_beta_P(mid, a, b) < q)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

/* 95 % Clopper-Pearson interval of x successes in n. */
static void cp(size_t x, size_t n, double *lo, double *hi)
{
	*lo = x ? beta_q(0.025, (double)x, (double)(n - x + 1)) : 0;
	*hi = x < n ? beta_q(0.975, (double)(x + 1), (double)(n - x)) : 1;
}

static int false_alarms(const char *what, const struct trial_cfg *c, size_t n)
{
	struct tally t;
	CHECK_EQ(trials(c, n, &t), 0);
	double lo, hi;
	cp(t.any_regression, t.trials, &lo, &hi);
	fprintf(stderr, "%-58s false regressions %5zu / %zu = %.4f  [95%% CP %.4f, %.4f]  (alpha %.2f)\n", what,
		t.any_regression, t.trials, (double)t.any_regression / (double)t.trials, lo, hi, ALPHA);
	CHECK(lo <= ALPHA);
	return 0;
}

static int run(void)
{
	gsl_rng_env_setup();
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 20261129);
	for (unsigned k = 0; k < MAXK; k++)
		rounds_idx[k] = k;

	/* false alarms: A/A (10,000 trials, 1 and 90 metrics) and at the null's
	 * boundary (every metric exactly 1 + threshold slower: the hardest case) */
	static const struct {
		const char *what;
		struct trial_cfg c;
		size_t n;
	} fa[] = {
		{ "ab 1 round (prior 5 %), 1 metric, boundary", { 1, 1, 1, 1.05, 1, 0.05, 0 }, 10000 },
		{ "ab 2 rounds (prior 5 %), 1 metric, boundary", { 1, 2, 1, 1.05, 1, 0.05, 0 }, 10000 },
		{ "ab 5 rounds, 1 metric, A/A", { 1, 5, 1, 1.00, 1, 0.05, 0 }, 10000 },
		{ "ab 5 rounds, 90 metrics, A/A", { 90, 5, 1, 1.00, 90, 0.05, 0 }, 10000 },
		{ "ab 5 rounds, 1 metric, boundary (+5 %)", { 1, 5, 1, 1.05, 1, 0.05, 0 }, 10000 },
		{ "ab 5 rounds, 90 metrics, boundary (+5 % on all)", { 90, 5, 1, 1.05, 90, 0.05, 0 }, 2000 },
		{ "ab 20 rounds, 1 metric, boundary (+2 %, threshold 2 %)", { 1, 20, 1, 1.02, 1, 0.02, 0 }, 2000 },
		{ "ab --until-decided 5..20 rounds, 1 metric, boundary", { 1, 5, 1, 1.05, 1, 0.05, 20 }, 2000 },
		{ "ab --until-decided 5..20 rounds, 90 metrics, boundary", { 90, 5, 1, 1.05, 90, 0.05, 20 }, 300 },
		{ "compare 3 runs a side (Welch), 1 metric, boundary", { 1, 3, 0, 1.05, 1, 0.05, 0 }, 10000 },
		{ "compare 3 runs a side (Welch), 90 metrics, boundary", { 90, 3, 0, 1.05, 90, 0.05, 0 }, 1000 },
		{ "compare 1 run a side (prior 5 %), 1 metric, boundary", { 1, 1, 0, 1.05, 1, 0.05, 0 }, 10000 },
		{ "compare 1 run a side (prior 5 %), 90 metrics, boundary", { 90, 1, 0, 1.05, 90, 0.05, 0 }, 2000 },
	};
	for (size_t i = 0; i < sizeof(fa) / sizeof(fa[0]); i++)
		if (false_alarms(fa[i].what, &fa[i].c, fa[i].n))
			return 1;

	/* power: one metric slowed, alone (and among 90 at thresholds 5 and 10 %: Holm's price) */
	static const double effects[] = { 1.02, 1.05, 1.10, 1.20 };
	static const size_t rounds[] = { 5, 10, 20 };
	static const double thresholds[] = { 0.05, 0.10, 0.02 };
	for (int th = 0; th < 3; th++)
		for (int fam = 0; fam < (th < 2 ? 2 : 1); fam++) {
			size_t np = fam ? 100 : 1000;
			fprintf(stderr, "power of ab (threshold %.0f %%, %s): P(regression) at 5/10/20 rounds, then --until-decided 5..20\n",
				thresholds[th] * 100, fam ? "1 slowed metric among 90" : "1 metric");
			double prev_e[4] = { 0, 0, 0, 0 };
			for (int e = 0; e < 4; e++) {
				fprintf(stderr, "  slowdown %2.0f %%:", (effects[e] - 1) * 100);
				for (int r = 0; r < 4; r++) {
					struct trial_cfg p = { .metrics = fam ? 90 : 1, .rounds = r < 3 ? rounds[r] : 5, .paired = 1,
							       .effect = effects[e], .affected = 1, .threshold = thresholds[th],
							       .max_rounds = r < 3 ? 0 : 20 };
					struct tally t;
					CHECK_EQ(trials(&p, np, &t), 0);
					double pw = (double)t.regression_1 / (double)t.trials, lo, hi;
					cp(t.regression_1, t.trials, &lo, &hi);
					fprintf(stderr, "  %.3f [%.3f, %.3f]", pw, lo, hi);
					/* a change no larger than the threshold is (almost) never a regression */
					if (effects[e] <= 1 + thresholds[th] + 1e-9)
						CHECK(lo <= ALPHA);
					CHECK(hi >= prev_e[r]); /* power grows with the effect */
					prev_e[r] = lo;
				}
				fprintf(stderr, "\n");
			}
		}
	/* the README's recommendation (threshold 5 %, --until-decided 5..20) catches a 20 % slowdown */
	{
		struct trial_cfg p = { 1, 5, 1, 1.20, 1, 0.05, 20 };
		struct tally t;
		CHECK_EQ(trials(&p, 1000, &t), 0);
		CHECK((double)t.regression_1 / (double)t.trials >= 0.95);
	}
	/* how often A/A is decided: one metric "unchanged", and all 90 decided (exit 0 rather than 3) */
	static const double ths[] = { 0.05, 0.10, 0.20 };
	for (int th = 0; th < 3; th++) {
		fprintf(stderr, "A/A, 90 metrics, threshold %2.0f %%: P(a metric unchanged) / P(all 90 decided) at 5/10/20 rounds, --until-decided 5..20:",
			ths[th] * 100);
		for (int r = 0; r < 4; r++) {
			struct trial_cfg p = { 90, r < 3 ? rounds[r] : 5, 1, 1.0, 90, ths[th], r < 3 ? 0 : 20 };
			struct tally t;
			CHECK_EQ(trials(&p, 100, &t), 0);
			fprintf(stderr, "  %.2f/%.2f", (double)t.unchanged_1 / (double)t.trials, (double)t.decided_all / (double)t.trials);
		}
		fprintf(stderr, "\n");
	}
	gsl_rng_free(rng);
	return 0;
}

int main(void)
{
	return test_main(run, 300);
}
