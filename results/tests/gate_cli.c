/* gate_cli.c - test helper (not a test by itself) for tests/e2e_gate_scipy.sh:
 * reads lines "KIND MU0 ALPHA x1 x2 ... [| y1 y2 ...]" (KIND 1: one-sample t
 * test of x against MU0; KIND 2: Welch's test of mean(y) - mean(x) against MU0)
 * and prints "t p_greater p_less lo hi df" with full precision, or "error". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../gate.h"

int main(void)
{
	static char line[1 << 20];
	static double x[1 << 16], y[1 << 16];
	while (fgets(line, sizeof(line), stdin)) {
		size_t nx = 0, ny = 0;
		int second = 0, field = 0, kind = 0;
		double mu0 = 0, alpha = 0.05;
		for (char *save = NULL, *t = strtok_r(line, " \n", &save); t; t = strtok_r(NULL, " \n", &save), field++) {
			if (field == 0)
				kind = atoi(t);
			else if (field == 1)
				mu0 = strtod(t, NULL);
			else if (field == 2)
				alpha = strtod(t, NULL);
			else if (!strcmp(t, "|"))
				second = 1;
			else if (second && ny < sizeof(y) / sizeof(y[0]))
				y[ny++] = strtod(t, NULL);
			else if (!second && nx < sizeof(x) / sizeof(x[0]))
				x[nx++] = strtod(t, NULL);
		}
		struct rb_ttest r;
		int ret = kind == 1 ? rb_ttest_1samp(x, nx, mu0, alpha, &r) : rb_ttest_welch(x, nx, y, ny, mu0, alpha, &r);
		if (ret)
			printf("error\n");
		else
			printf("%.17g %.17g %.17g %.17g %.17g %.17g\n", r.t, r.p_greater, r.p_less, r.lo, r.hi, r.df);
	}
	return 0;
}
