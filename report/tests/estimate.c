/* estimate.c - the cost model recovers fixed + per-page costs, shrugs off one odd
 * size, refuses to call a curve or a noisy sweep a fit, and says flat when it is
 * flat; the run-level ratio has an interval only with two runs a side, and a
 * clear difference only when that interval excludes 1. */
#include <math.h>

#include "../../tests/check.h"
#include "../estimate.h"

#define NEAR(a, b, rel) (fabs((double)(a) - (double)(b)) <= (rel) * fabs((double)(b)) + 1e-9)

static const double sizes[] = { 4096, 65536, 1048576, 16777216 }; /* 1, 16, 256, 4096 pages */

static int run(void)
{
	struct rb_costmodel m;
	double t[4];
	char text[128];

	/* exactly linear: 5 µs + 0.1 µs/page */
	for (int i = 0; i < 4; i++)
		t[i] = 5000 + 100 * sizes[i] / 4096;
	CHECK_EQ(rb_costmodel_fit(sizes, t, 4, &m), 0);
	CHECK(NEAR(m.fixed, 5000, 1e-9) && NEAR(m.per_page, 100, 1e-9));
	CHECK(m.fits && m.r2 > 0.999 && m.max_dev < 1e-9);
	CHECK_EQ(strcmp(rb_costmodel_text(&m, "ns", text, sizeof(text)), "5.0 µs + 0.10 µs/page"), 0);

	/* one odd size (3× at 1M, as ASLR or the TLB flush regime make it): the
	 * model still follows the others; it does not fit that point */
	t[2] *= 3;
	CHECK_EQ(rb_costmodel_fit(sizes, t, 4, &m), 0);
	CHECK(NEAR(m.per_page, 100, 0.05) && NEAR(m.fixed, 5000, 0.05));
	CHECK(!m.fits && m.max_dev > 1.5);

	/* flat with noise: no per-page cost worth the name, R² undefined, fits */
	double flat[4] = { 5500, 7500, 5600, 5400 };
	CHECK_EQ(rb_costmodel_fit(sizes, flat, 4, &m), 0);
	CHECK(fabs(m.per_page) * 4096 < 0.1 * m.fixed);
	CHECK(isnan(m.r2) && m.fits);
	/* ... unless a size is 1.6× off */
	flat[1] = 5500 * 1.6 * 1.1;
	CHECK_EQ(rb_costmodel_fit(sizes, flat, 4, &m), 0);
	CHECK(!m.fits);

	/* quadratic in pages: no straight line describes it */
	for (int i = 0; i < 4; i++)
		t[i] = 2000 + 0.05 * pow(sizes[i] / 4096, 2);
	CHECK_EQ(rb_costmodel_fit(sizes, t, 4, &m), 0);
	CHECK(!m.fits);

	/* a negative fixed cost is not physical: refitted through zero */
	double through0[3] = { 90, 1700, 26000 };
	CHECK_EQ(rb_costmodel_fit(sizes, through0, 3, &m), 0);
	CHECK(m.fixed == 0 && m.per_page > 0);

	/* too few sizes, or a non-positive time: no model */
	CHECK(rb_costmodel_fit(sizes, t, 2, &m) < 0);
	double same[3] = { 4096, 4096, 65536 };
	CHECK(rb_costmodel_fit(same, t, 3, &m) < 0);
	double zero[3] = { 1, 0, 3 };
	CHECK(rb_costmodel_fit(sizes, zero, 3, &m) < 0);

	/* ratios over runs */
	struct rb_ratio r;
	double a[3] = { 100, 102, 98 }, b[3] = { 200, 204, 196 };
	CHECK_EQ(rb_ratio_runs(a, 3, b, 3, &r), 0);
	CHECK(r.has_ci && NEAR(r.ratio, 2, 1e-9) && r.lo > 1.8 && r.hi < 2.2 && rb_ratio_clear(&r));
	/* runs that overlap: an interval around 1, no clear difference */
	double c[3] = { 100, 150, 80 }, e[3] = { 110, 90, 160 };
	CHECK_EQ(rb_ratio_runs(c, 3, e, 3, &r), 0);
	CHECK(r.has_ci && r.lo < 1 && r.hi > 1 && !rb_ratio_clear(&r));
	/* a big difference from one run a side: a ratio, no interval, no claim */
	CHECK_EQ(rb_ratio_runs(a, 1, b, 1, &r), 0);
	CHECK(!r.has_ci && NEAR(r.ratio, 2, 1e-9) && !rb_ratio_clear(&r));
	/* identical runs: a zero-width interval */
	double same_v[2] = { 50, 50 }, twice[2] = { 100, 100 };
	CHECK_EQ(rb_ratio_runs(same_v, 2, twice, 2, &r), 0);
	CHECK(r.has_ci && NEAR(r.lo, 2, 1e-9) && NEAR(r.hi, 2, 1e-9) && rb_ratio_clear(&r));
	CHECK(rb_ratio_runs(a, 0, b, 3, &r) < 0);
	double neg[2] = { -1, 2 };
	CHECK(rb_ratio_runs(neg, 2, b, 3, &r) < 0);
	/* the interval widens with fewer runs (t with few degrees of freedom) */
	double a2[2] = { 100, 110 }, b2[2] = { 200, 220 }, a6[6] = { 100, 110, 100, 110, 100, 110 },
	       b6[6] = { 200, 220, 200, 220, 200, 220 };
	struct rb_ratio r2, r6;
	rb_ratio_runs(a2, 2, b2, 2, &r2);
	rb_ratio_runs(a6, 6, b6, 6, &r6);
	CHECK(r2.hi - r2.lo > 2 * (r6.hi - r6.lo));

	/* formatting */
	char buf[32];
	CHECK_EQ(strcmp(rb_fmt_ns2(81234, buf, sizeof(buf)), "81 µs"), 0);
	CHECK_EQ(strcmp(rb_fmt_ns2(1730000, buf, sizeof(buf)), "1.7 ms"), 0);
	CHECK_EQ(strcmp(rb_fmt_ns2(233, buf, sizeof(buf)), "233 ns"), 0);
	CHECK_EQ(strcmp(rb_fmt_ns2(999967, buf, sizeof(buf)), "1.0 ms"), 0);
	CHECK(NEAR(rb_geomean(a, 3), 99.99, 1e-3));
	return 0;
}

int main(void)
{
	return test_main(run, 10);
}
