/* gate.c - the gate's statistics on constructed cases: the median of an even,
 * lopsided sample; known t-test values (scipy); Holm; the verdict rule
 * (regression and improvement only beyond the threshold, unchanged only inside
 * it, inconclusive with its reason otherwise); few runs use the prior spread (a
 * 3x slowdown is a regression, a 3 % wobble never is); bad values give a
 * verdict, never inf. (Agreement with scipy on many random cases:
 * tests/e2e_gate_scipy.sh; false alarms and power: results/tests/gate_calib.c.) */
#include <math.h>

#include "../../tests/check.h"
#include "../gate.h"

static const struct rb_gate_params G = { 0.05, 0.05, 3, { RB_GATE_PRIOR_CV, 0, "default" } };

/* One unpaired metric: nb baseline runs at base*(1 +- s), nc candidate runs at base*ratio*(1 +- s). */
static struct rb_gate_result one_s(double ratio, size_t nb, size_t nc, int higher_better, double s)
{
	static double b[64], c[64];
	for (size_t i = 0; i < nb; i++)
		b[i] = 1000 * (1 + s * ((double)(i % 3) - 1));
	for (size_t i = 0; i < nc; i++)
		c[i] = 1000 * ratio * (1 + s * ((double)((i + 1) % 3) - 1));
	struct rb_gate_input in = { .b = b, .c = c, .nb = nb, .nc = nc, .higher_better = higher_better };
	struct rb_gate_result r;
	if (rb_gate_decide(&G, &in, &r, 1))
		r.verdict = RB_VERDICT__N;
	rb_gate_power(&G, &r, 1);
	return r;
}

static struct rb_gate_result one(double ratio, size_t nb, size_t nc, int higher_better)
{
	return one_s(ratio, nb, nc, higher_better, 0.01);
}

static int finite_or_nan(double v)
{
	return isfinite(v) || isnan(v);
}

static int no_inf(const struct rb_gate_result *r)
{
	const double v[] = { r->median_b, r->median_c, r->ratio, r->lo, r->hi, r->p, r->p_holm, r->p_better,
			     r->p_better_holm, r->spread, r->df, r->detectable, r->runs_needed };
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (!finite_or_nan(v[i]))
			return 0;
	return 1;
}

static int run(void)
{
	/* the median of an even, lopsided sample is the mean of the middle two */
	double lop[] = { 1000, 1, 2, 3 }, odd[] = { 3, 1, 2 };
	CHECK(rb_median(lop, 4) == 2.5);
	CHECK(rb_median(odd, 3) == 2);
	CHECK(isnan(rb_median(lop, 0)));
	double lb[] = { 100, 101, 102, 1000 }, lc[] = { 100, 101, 102, 1000 };
	struct rb_gate_input lin = { .b = lb, .c = lc, .nb = 4, .nc = 4 };
	struct rb_gate_result lr;
	CHECK_EQ(rb_gate_decide(&G, &lin, &lr, 1), 0);
	CHECK(lr.median_b == 101.5 && lr.median_c == 101.5);

	/* t tests against scipy.stats (ttest_1samp / ttest_ind(equal_var=False)) */
	struct rb_ttest t;
	double d[] = { 1, 2, 3, 4, 5 }, x[] = { 1, 2, 3, 4 }, y[] = { 2, 4, 6, 8, 9 };
	CHECK_EQ(rb_ttest_1samp(d, 5, 2, 0.05, &t), 0);
	CHECK(fabs(t.t - 1.414213562373095) < 1e-12 && fabs(t.p_greater - 0.11509982054024936) < 1e-9);
	CHECK_EQ(rb_ttest_welch(x, 4, y, 5, 0, 0.05, &t), 0);
	CHECK(fabs(t.t - 2.301081417250779) < 1e-12 && fabs(t.p_greater - (1 - 0.9687220914646952)) < 1e-9);
	CHECK(rb_ttest_1samp(d, 1, 0, 0.05, &t) < 0);

	/* the unpaired gate itself (not only rb_ttest_welch) against scipy: Welch on
	 * the log run values, unequal spreads (Welch-Satterthwaite df 5.019, where
	 * n1 + n2 - 2 = 8 would give p 0.0997 and lower bound 1.0292). scipy:
	 * ttest_ind(log(c) - log(1.05), log(b), equal_var=False, alternative="greater")
	 * -> p; alternative="less" on log(c) + log(1.05) -> p_better; bounds
	 * exp(d -+ t.ppf(0.95, df) * se). */
	{
		double wb[] = { 100, 100.5, 99.6, 100.2 }, wc[] = { 104, 131, 112, 97, 120, 109 };
		struct rb_gate_input win = { .b = wb, .c = wc, .nb = 4, .nc = 6 };
		struct rb_gate_result wr;
		CHECK_EQ(rb_gate_decide(&G, &win, &wr, 1), 0);
		CHECK(!wr.spread_prior && !wr.paired);
		CHECK(fabs(wr.df - 5.0190042001562549) < 1e-9);
		CHECK(fabs(wr.p - 0.11029347499587704) < 1e-9);
		CHECK(fabs(wr.p_better - 0.9926891353788927) < 1e-9);
		CHECK(fabs(wr.ratio - 1.1155620770185397) < 1e-9);
		CHECK(fabs(wr.lo - 1.0224146809110619) < 1e-7 && fabs(wr.hi - 1.2171956945815545) < 1e-7);
		CHECK_EQ(wr.verdict, RB_INCONCLUSIVE);
	}

	/* Holm: sorted p (0.01, 0.02, 0.03) x (3, 2, 1) -> 0.03, 0.04, 0.04; NaN is not in the family */
	double p[] = { 0.03, 0.01, NAN, 0.02 };
	rb_holm(p, 4);
	CHECK(fabs(p[1] - 0.03) < 1e-12 && fabs(p[3] - 0.04) < 1e-12 && fabs(p[0] - 0.04) < 1e-12 && isnan(p[2]));

	/* the verdict rule, 8 runs a side with 1 % spread */
	struct rb_gate_result r = one(1.30, 8, 8, 0);
	CHECK_EQ(r.verdict, RB_REGRESSION);
	CHECK(r.p_holm >= r.p && r.lo > 1.05 && !r.spread_prior && r.rounds == 0);
	CHECK_EQ(one(0.70, 8, 8, 0).verdict, RB_IMPROVEMENT);
	CHECK_EQ(one(1.00, 8, 8, 0).verdict, RB_UNCHANGED);
	CHECK_EQ(one(0.70, 8, 8, 1).verdict, RB_REGRESSION); /* higher is better */
	CHECK_EQ(one(1.30, 8, 8, 1).verdict, RB_IMPROVEMENT);
	/* a 7 % change at threshold 5 % whose interval reaches below 1.05: not unchanged, not a regression */
	r = one_s(1.07, 3, 3, 0, 0.025);
	CHECK_EQ(r.verdict, RB_INCONCLUSIVE);
	CHECK_EQ(r.reason, RB_REASON_STRADDLES);
	CHECK(r.lo > 1.0); /* wholly above 1, still never "unchanged" */
	r = one_s(1 / 1.07, 3, 3, 0, 0.025); /* the same below: reaches past 1/1.05 */
	CHECK_EQ(r.verdict, RB_INCONCLUSIVE);
	CHECK_EQ(r.reason, RB_REASON_STRADDLES);
	CHECK(r.hi < 1.0);
	/* a 3 % change wholly above 1 is inside the threshold: unchanged when narrow enough */
	CHECK_EQ(one(1.03, 30, 30, 0).verdict, RB_UNCHANGED);

	/* few runs: the prior spread (5 %); a 3x slowdown is a regression, a 3 % wobble inconclusive */
	r = one(3.0, 1, 1, 0);
	CHECK_EQ(r.verdict, RB_REGRESSION);
	CHECK(r.spread_prior && fabs(r.spread - 0.05) < 0.001);
	r = one(1.03, 1, 1, 0);
	CHECK_EQ(r.verdict, RB_INCONCLUSIVE);
	CHECK_EQ(r.reason, RB_REASON_TOO_FEW_RUNS);
	r = one(1.03, 2, 2, 0);
	CHECK_EQ(r.verdict, RB_INCONCLUSIVE);
	/* a wider prior (e.g. from history) widens the interval */
	{
		double b1[] = { 1000 }, c1[] = { 1400 };
		struct rb_gate_input in = { .b = b1, .c = c1, .nb = 1, .nc = 1, .prior = { 0.30, 20, "history" } };
		CHECK_EQ(rb_gate_decide(&G, &in, &r, 1), 0);
		CHECK_EQ(r.verdict, RB_INCONCLUSIVE);
		CHECK(!strcmp(r.spread_source, "history") && r.df == 19);
		in.prior.cv = 0; /* none: the params' 5 % -> 40 % is a regression */
		CHECK_EQ(rb_gate_decide(&G, &in, &r, 1), 0);
		CHECK_EQ(r.verdict, RB_REGRESSION);
	}

	/* paired rounds: drift shared within a round cancels */
	{
		double b5[5], c5[5];
		unsigned rb_[5], rc_[5];
		for (int i = 0; i < 5; i++) {
			double drift = 1 + 0.2 * (i % 2); /* 20 % drift between rounds */
			b5[i] = 1000 * drift * (1 + 0.002 * i);
			c5[i] = 1000 * drift * 1.0 * (1 + 0.002 * (4 - i) / 2);
			rb_[i] = rc_[i] = (unsigned)i;
		}
		struct rb_gate_input in = { .b = b5, .c = c5, .nb = 5, .nc = 5, .round_b = rb_, .round_c = rc_ };
		CHECK_EQ(rb_gate_decide(&G, &in, &r, 1), 0);
		CHECK_EQ(r.verdict, RB_UNCHANGED);
		CHECK_EQ(r.rounds, 5);
		in.round_b = in.round_c = NULL; /* unpaired, the drift is noise */
		CHECK_EQ(rb_gate_decide(&G, &in, &r, 1), 0);
		CHECK_EQ(r.verdict, RB_INCONCLUSIVE);
	}

	/* missing sides and bad values: a verdict with its reason, never inf */
	{
		double ok[] = { 1000, 1010, 990 }, zero[] = { 0, 0, 0 }, neg[] = { -5, 1, 2 }, bad[] = { NAN, 1, 2 },
		       inf[] = { INFINITY, 1, 2 };
		struct rb_gate_input in[6] = {
			{ .b = ok, .c = ok, .nb = 0, .nc = 3 },	   { .b = ok, .c = ok, .nb = 3, .nc = 0 },
			{ .b = zero, .c = ok, .nb = 3, .nc = 3 },  { .b = ok, .c = neg, .nb = 3, .nc = 3 },
			{ .b = bad, .c = ok, .nb = 3, .nc = 3 },   { .b = ok, .c = inf, .nb = 3, .nc = 3 },
		};
		struct rb_gate_result rr[6];
		CHECK_EQ(rb_gate_decide(&G, in, rr, 6), 0);
		CHECK_EQ(rr[0].reason, RB_REASON_MISSING_BASELINE);
		CHECK_EQ(rr[1].reason, RB_REASON_MISSING_CANDIDATE);
		for (int i = 2; i < 6; i++)
			CHECK_EQ(rr[i].reason, RB_REASON_NON_POSITIVE);
		for (int i = 0; i < 6; i++) {
			CHECK_EQ(rr[i].verdict, i == 1 ? RB_FAIL : RB_INCONCLUSIVE); /* the candidate lost it: fail */
			CHECK(no_inf(&rr[i]) && !rr[i].tested);
		}
	}
	/* the candidate errored: fail whatever it measured; no candidate run left
	 * after excluding disturbed ones, or none with this statistic: inconclusive
	 * with that reason, not a failure; the baseline's likewise */
	{
		double ok[] = { 1000, 1010, 990 };
		struct rb_gate_input in[6] = {
			{ .b = ok, .c = ok, .nb = 3, .nc = 3, .c_error = 1 }, { .b = ok, .c = ok, .nb = 3, .nc = 0, .xc = 2 },
			{ .b = ok, .c = ok, .nb = 3, .nc = 0, .sc = 3 },      { .b = ok, .c = ok, .nb = 0, .nc = 3, .xb = 1 },
			{ .b = ok, .c = ok, .nb = 0, .nc = 3, .c_error = 1 }, { .b = ok, .c = ok, .nb = 3, .nc = 3, .xc = 4 },
		};
		struct rb_gate_result rr[6];
		CHECK_EQ(rb_gate_decide(&G, in, rr, 6), 0);
		CHECK(rr[0].verdict == RB_FAIL && rr[0].reason == RB_REASON_ERROR_CANDIDATE);
		CHECK(rr[1].verdict == RB_INCONCLUSIVE && rr[1].reason == RB_REASON_EXCLUDED && rr[1].xc == 2);
		CHECK(rr[2].verdict == RB_INCONCLUSIVE && rr[2].reason == RB_REASON_TOO_FEW_SAMPLES);
		CHECK(rr[3].verdict == RB_INCONCLUSIVE && rr[3].reason == RB_REASON_EXCLUDED);
		CHECK(rr[4].verdict == RB_INCONCLUSIVE && rr[4].reason == RB_REASON_MISSING_BASELINE);
		CHECK(rr[5].verdict == RB_UNCHANGED && rr[5].xc == 4);
		/* identical runs (quantised values) show no spread, which is no evidence of
		 * none: the prior spread, so a change of exactly the threshold (20 -> 21)
		 * or of one tick (100 -> 110) is not a regression, 3x still is; no inf */
		double same[] = { 1000, 1000, 1000 }, q20[] = { 20, 20, 20 }, q21[] = { 21, 21, 21 },
		       q100[] = { 100, 100, 100 }, q110[] = { 110, 110, 110 }, q60[] = { 60, 60, 60 },
		       q300[] = { 300, 300, 300 };
		unsigned r3[] = { 0, 1, 2 };
		struct rb_gate_input s1 = { .b = same, .c = same, .nb = 3, .nc = 3 };
		CHECK_EQ(rb_gate_decide(&G, &s1, rr, 1), 0);
		CHECK(rr[0].verdict != RB_REGRESSION && rr[0].spread_prior && rr[0].spread > 0);
		CHECK(no_inf(&rr[0]));
		const double *qs[][3] = { { q20, q21, q60 }, { q100, q110, q300 } };
		for (int k = 0; k < 2; k++)
			for (int paired = 0; paired < 2; paired++) {
				struct rb_gate_input qi = { .b = qs[k][0], .c = qs[k][1], .nb = 3, .nc = 3,
							    .round_b = paired ? r3 : NULL, .round_c = paired ? r3 : NULL };
				CHECK_EQ(rb_gate_decide(&G, &qi, rr, 1), 0);
				CHECK(rr[0].verdict != RB_REGRESSION && rr[0].spread_prior && rr[0].p > 0.05);
				qi.c = qs[k][2];
				CHECK_EQ(rb_gate_decide(&G, &qi, rr, 1), 0);
				CHECK_EQ(rr[0].verdict, RB_REGRESSION);
			}
	}

	/* Holm over the family: two metrics each significant alone at p just under alpha */
	{
		static double b[2][4], c[2][4];
		struct rb_gate_input in[2];
		for (int m = 0; m < 2; m++) {
			for (int i = 0; i < 4; i++) {
				b[m][i] = 1000 * (1 + 0.03 * (i - 1.5));
				c[m][i] = 1000 * 1.115 * (1 + 0.03 * (1.5 - i));
			}
			in[m] = (struct rb_gate_input){ .b = b[m], .c = c[m], .nb = 4, .nc = 4 };
		}
		struct rb_gate_result rr[2];
		CHECK_EQ(rb_gate_decide(&G, in, rr, 2), 0);
		fprintf(stderr, "two metrics: p %.4g, p_holm %.4g\n", rr[0].p, rr[0].p_holm);
		CHECK(rr[0].p < 0.05 && rr[0].p_holm >= 0.05 && fabs(rr[0].p_holm - 2 * rr[0].p) < 1e-12);
		CHECK_EQ(rr[0].verdict, RB_INCONCLUSIVE);
		CHECK_EQ(rr[0].reason, RB_REASON_HOLM);
		CHECK_EQ(rb_gate_decide(&G, in, rr, 1), 0); /* alone: a regression */
		CHECK_EQ(rr[0].verdict, RB_REGRESSION);
	}

	/* power: more runs detect smaller changes; runs_needed is where 2x the threshold is detectable */
	{
		struct rb_gate_result a = one(1.0, 3, 3, 0), b = one(1.0, 30, 30, 0);
		CHECK(a.detectable > b.detectable && b.detectable > 0.05);
		CHECK(a.runs_needed >= 2 && a.runs_needed < 1e6);
		/* on the prior (one run a side, normal): filled too, and more than one run */
		struct rb_gate_result o = one(1.0, 1, 1, 0);
		CHECK(o.spread_prior && o.runs_needed > 1 && o.runs_needed < 1e6 && o.detectable > 0.05);
	}

	/* bad parameters */
	struct rb_gate_params bad = G;
	bad.threshold = 0;
	CHECK(rb_gate_decide(&bad, &lin, &lr, 1) < 0);
	bad = G;
	bad.alpha = NAN;
	CHECK(rb_gate_decide(&bad, &lin, &lr, 1) < 0);

	/* sequential looks spend at most alpha in total */
	double spent = rb_gate_look_alpha(0.05, 0, 5, 20);
	for (size_t k = 6; k <= 20; k++)
		spent += rb_gate_look_alpha(0.05, k - 1, k, 20);
	CHECK(fabs(spent - 0.05) < 1e-12);
	CHECK(rb_gate_look_alpha(0.05, 5, 5, 20) == 0);
	return 0;
}

int main(void)
{
	return test_main(run, 60);
}
