/* history_detect_rules.c - the step detector's two rules on a series whose
 * answer is known: 20 runs at 100 then 20 at 101 (a 1 % step), with a
 * deterministic +-0.1 % wobble, so the step is certain (no shuffle of the
 * ranks comes close: its permutation p is the smallest possible, 1/2000).
 * - minimum effect: reported at --min-effect 0.5 %, not at the default 2 %;
 * - significance: not reported at alpha 1e-6, which 1999 permutations can
 *   never reach (the p-value of a step must be below alpha). */
#include <math.h>

#include "../check.h"
#include "../../history/detect.h"

static int run(void)
{
	enum { N = 40 };
	double x[N];
	for (int i = 0; i < N; i++)
		x[i] = (i < N / 2 ? 100.0 : 101.0) * (1 + 0.0002 * ((i * 37) % 11 - 5));
	struct rbh_cp cp[8];
	struct rbh_detect_params p = RBH_DETECT_DEFAULTS;

	p.min_effect = 0.005;
	CHECK_EQ(rbh_detect(x, N, NULL, &p, cp, 8), 1);
	CHECK_EQ(cp[0].at, N / 2);
	CHECK(cp[0].p < p.alpha);
	CHECK(fabs(cp[0].after / cp[0].before - 1.01) < 0.002);

	p = (struct rbh_detect_params)RBH_DETECT_DEFAULTS; /* min_effect 2 % */
	CHECK_EQ(rbh_detect(x, N, NULL, &p, cp, 8), 0);

	p.min_effect = 0.005;
	p.alpha = 1e-6;
	CHECK_EQ(rbh_detect(x, N, NULL, &p, cp, 8), 0);
	return 0;
}

int main(void)
{
	return test_main(run, 30);
}
