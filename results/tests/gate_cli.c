/* gate_cli.c - test helper (not a test by itself): reads lines "x1 x2 ... | y1 y2 ..."
 * and prints "U1 p exact" for each with full precision, for comparison with scipy. */
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
		int second = 0;
		for (char *save = NULL, *t = strtok_r(line, " \n", &save); t; t = strtok_r(NULL, " \n", &save)) {
			if (!strcmp(t, "|")) {
				second = 1;
				continue;
			}
			if (second)
				y[ny++] = strtod(t, NULL);
			else
				x[nx++] = strtod(t, NULL);
		}
		struct rb_mwu m;
		if (rb_mwu(x, nx, y, ny, &m)) {
			printf("error\n");
			continue;
		}
		printf("%.17g %.17g %d\n", m.u1, m.p, m.exact);
	}
	return 0;
}
