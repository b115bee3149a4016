/* main.c - the regionbench binary: one subcommand per entry in the table.
 * (The ./regionbench script installs and builds, then runs this.) */
#include <stdio.h>
#include <string.h>

#include "commands.h"

char **rb_main_argv;

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} cmds[] = {
	{ "bench", cmd_bench, "micro-benchmarks (Google Benchmark) and whole-process timings (hyperfine)" },
	{ "stress", cmd_stress, "cross-process write visibility while the region keeps growing" },
	{ "report", cmd_report, "charts and a report (markdown + self-contained HTML) from run folders" },
	{ "matrix", cmd_matrix, "the same suite on every filesystem backend (made for the run), compared" },
	{ "merge", cmd_merge, "merge run folders from several kernels or machines for one report" },
	{ "clean", cmd_clean, "remove leftovers of crashed runs (region files and mounts of dead creators)" },
	{ "compare", cmd_compare, "regression gate: compare two run folders or baselines (exit 1 on a regression)" },
	{ "baseline", cmd_baseline, "save a run as a named baseline (results/baselines/NAME), list them" },
	{ "ab", cmd_ab, "interleaved A/B: run two builds alternately here, gate on the rounds paired" },
	{ "history", cmd_history, "results history in SQLite: import run folders, list, show, trend charts, step detection" },
};

int main(int argc, char **argv)
{
	rb_main_argv = argv;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		printf("usage: regionbench COMMAND [OPTIONS]\n\ncommands:\n");
		for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
			printf("  %-8s %s\n", cmds[i].name, cmds[i].help);
		return argc < 2 ? 2 : 0;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "regionbench: unknown command '%s' (try: regionbench --help)\n", argv[1]);
	return 2;
}
