/* gate.c - the gate's statistics: known Mann-Whitney values, Holm, the bootstrap
 * interval's coverage on synthetic data with a known shift, and the verdict rule
 * on constructed cases. (Agreement with scipy: tests/e2e_gate_scipy.sh.) */
#include <math.h>

#include "../../tests/check.h"
#include "../gate.h"

static uint64_t rng = 88172645463325252ull;
static double uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return ((double)(rng >> 11) + 0.5) / 9007199254740992.0;
}
static double normal(void)
{
	return sqrt(-2 * log(uniform())) * cos(6.283185307179586 * uniform());
}

static int run(void)
{
	/* scipy's documented example: males vs females, exact: U1 = 17, p = 0.1111... */
	double m[] = { 19, 22, 16, 29, 24 }, f[] = { 20, 11, 17, 12 };
	struct rb_mwu r;
	CHECK_EQ(rb_mwu(m, 5, f, 4, &r), 0);
	CHECK(r.exact && r.u1 == 17);
	CHECK(fabs(r.p - 0.1111111111111111) < 1e-12);
	double nan_one[] = { NAN };
	CHECK(rb_mwu(nan_one, 1, f, 4, &r) < 0);
	CHECK(rb_mwu(m, 0, f, 4, &r) < 0);

	/* Holm: sorted p (0.01, 0.02, 0.03) x (3, 2, 1) -> 0.03, 0.04, 0.04 (monotone) */
	double p[] = { 0.03, 0.01, 0.02 };
	rb_holm(p, 3);
	CHECK(fabs(p[1] - 0.03) < 1e-12 && fabs(p[2] - 0.04) < 1e-12 && fabs(p[0] - 0.04) < 1e-12);

	/* coverage: lognormal timings, candidate 10% slower; the 95% interval holds 1.1 */
	enum { N = 200, TRIALS = 200 };
	static double b[N], c[N];
	int covered = 0;
	for (int t = 0; t < TRIALS; t++) {
		for (int i = 0; i < N; i++) {
			b[i] = 5000 * exp(0.1 * normal());
			c[i] = 5500 * exp(0.1 * normal());
		}
		struct rb_ratio q;
		CHECK_EQ(rb_median_ratio_ci(b, N, c, N, 0.95, 1000, (uint64_t)t + 1, &q), 0);
		covered += q.lo <= 1.1 && 1.1 <= q.hi;
	}
	fprintf(stderr, "coverage of the 95%% interval: %d/%d\n", covered, TRIALS);
	CHECK(covered >= TRIALS * 90 / 100);

	/* runs (processes) differ by a few percent each: the clustered interval carries
	 * that spread and covers the true ratio 1.0; the plain one is far too narrow */
	{
		enum { K = 8, M = 100 };
		static double cb[K * M], cc[K * M];
		size_t cl[K + 1];
		int clustered = 0, plain = 0;
		for (int t = 0; t < 100; t++) {
			for (int k = 0; k < K; k++) {
				double ob = exp(0.03 * normal()), oc = exp(0.03 * normal());
				cl[k] = (size_t)k * M;
				for (int i = 0; i < M; i++) {
					cb[k * M + i] = 5000 * ob * exp(0.02 * normal());
					cc[k * M + i] = 5000 * oc * exp(0.02 * normal());
				}
			}
			cl[K] = K * M;
			struct rb_ratio q;
			CHECK_EQ(rb_median_ratio_ci_clustered(cb, cl, K, cc, cl, K, 0.95, 1000, (uint64_t)t + 11, &q), 0);
			clustered += q.lo <= 1 && 1 <= q.hi;
			CHECK_EQ(rb_median_ratio_ci(cb, K * M, cc, K * M, 0.95, 1000, (uint64_t)t + 11, &q), 0);
			plain += q.lo <= 1 && 1 <= q.hi;
		}
		fprintf(stderr, "with per-run offsets: clustered interval covers 1.0 in %d/100, plain in %d/100\n", clustered, plain);
		CHECK(clustered >= 85);
		CHECK(plain < clustered);
	}

	/* verdicts on constructed cases */
	struct rb_gate_params g = { .threshold = 0.05, .alpha = 0.05, .min_samples = 10 };
	struct rb_ratio tiny = { 1.01, 1.005, 1.015 }, big = { 1.3, 1.25, 1.35 }, faster = { 0.7, 0.65, 0.75 },
			wide = { 1.02, 0.8, 1.3 }, straddle = { 1.06, 1.03, 1.09 };
	CHECK_EQ(rb_gate_verdict(&g, 100, 100, 1e-9, &tiny, 1), RB_UNCHANGED);	     /* significant but tiny */
	CHECK_EQ(rb_gate_verdict(&g, 100, 100, 1e-9, &big, 1), RB_REGRESSION);	     /* large shift */
	struct rb_ratio narrow_big = { 1.3, 1.28, 1.32 };
	CHECK_EQ(rb_gate_verdict(&g, 100, 100, 0.2, &narrow_big, 1), RB_UNCHANGED); /* not significant: never a regression */
	CHECK_EQ(rb_gate_verdict(&g, 100, 100, 1e-9, &faster, 1), RB_IMPROVEMENT);
	CHECK_EQ(rb_gate_verdict(&g, 100, 100, 1e-9, &big, 0), RB_IMPROVEMENT);     /* higher is better */
	CHECK_EQ(rb_gate_verdict(&g, 100, 100, 0.3, &wide, 1), RB_NOISY);
	CHECK_EQ(rb_gate_verdict(&g, 5, 100, 1e-9, &big, 1), RB_INSUFFICIENT);
	CHECK_EQ(rb_gate_verdict(&g, 100, 100, 1e-9, &straddle, 1), RB_UNCHANGED);  /* interval not wholly beyond 5% */

	/* end to end on synthetic samples: no shift -> never a regression; 30% -> regression */
	for (int i = 0; i < N; i++) {
		b[i] = 5000 * exp(0.05 * normal());
		c[i] = 5000 * exp(0.05 * normal());
	}
	struct rb_ratio q;
	CHECK_EQ(rb_mwu(b, N, c, N, &r), 0);
	CHECK_EQ(rb_median_ratio_ci(b, N, c, N, 0.95, 1000, 7, &q), 0);
	CHECK(rb_gate_verdict(&g, N, N, r.p, &q, 1) == RB_UNCHANGED);
	for (int i = 0; i < N; i++)
		c[i] *= 1.3;
	CHECK_EQ(rb_mwu(b, N, c, N, &r), 0);
	CHECK_EQ(rb_median_ratio_ci(b, N, c, N, 0.95, 1000, 7, &q), 0);
	CHECK(r.p < 1e-6 && rb_gate_verdict(&g, N, N, r.p, &q, 1) == RB_REGRESSION);
	return 0;
}

int main(void)
{
	return test_main(run, 60);
}
