/* stats.c - percentiles and moments on known data. */
#include <math.h>

#include "../../tests/check.h"
#include "../stats.h"

#define NEAR(a, b) CHECK(fabs((double)(a) - (double)(b)) < 1e-9 * (1 + fabs((double)(b))))

static int run(void)
{
	double v[101];
	for (int i = 0; i <= 100; i++)
		v[i] = 100 - i; /* unsorted on purpose */
	struct rb_stats s;
	CHECK_EQ(rb_stats_compute(v, 101, &s), 0);
	CHECK_EQ(s.n, 101);
	NEAR(s.min, 0);
	NEAR(s.max, 100);
	NEAR(s.p50, 50);
	NEAR(s.p90, 90);
	NEAR(s.p99, 99);
	NEAR(s.p999, 99.9);
	NEAR(s.mean, 50);
	NEAR(s.stddev, sqrt(858.5)); /* sample stddev of 0..100 */
	CHECK_EQ(v[0], 100);		/* input untouched */
	double two[2] = { 1, 2 };
	CHECK_EQ(rb_stats_compute(two, 2, &s), 0);
	NEAR(s.p50, 1.5);
	CHECK_EQ(rb_stats_compute(two, 0, &s), 0);
	CHECK_EQ(s.n, 0);
	/* Clopper-Pearson against scipy.stats.beta.ppf */
	double lo, hi;
	rb_clopper_pearson(5, 10, 0.95, &lo, &hi);
	CHECK(fabs(lo - 0.187086028) < 1e-6 && fabs(hi - 0.812913972) < 1e-6);
	rb_clopper_pearson(0, 20, 0.95, &lo, &hi);
	CHECK(lo == 0 && fabs(hi - 0.168433471) < 1e-6);
	rb_clopper_pearson(1, 200, 0.95, &lo, &hi);
	CHECK(fabs(lo - 0.000126581) < 1e-8 && fabs(hi - 0.027541898) < 1e-6);
	rb_clopper_pearson(20, 20, 0.95, &lo, &hi);
	CHECK(fabs(lo - (1 - 0.168433471)) < 1e-6 && hi == 1);
	return 0;
}

int main(void)
{
	return test_main(run, 10);
}
