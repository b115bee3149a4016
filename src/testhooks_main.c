/* testhooks_main.c - `regionbench-testhooks stress ...`: the stress command built
 * with test-only faults (see stress/testhooks.c). Used by tests only. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2 || strcmp(argv[1], "stress")) {
		fprintf(stderr, "usage: regionbench-testhooks stress [OPTIONS]\n");
		return 2;
	}
	return cmd_stress(argc - 1, argv + 1);
}
