/* commands.h - the subcommands of the regionbench binary, and the typed pieces
 * commands share (no command re-executes the binary to reuse another). */
#ifndef REGIONBENCH_SRC_COMMANDS_H
#define REGIONBENCH_SRC_COMMANDS_H

#include <regex.h>

#include "compare.h"
#include "opts.h"

int cmd_bench(int argc, char **argv);
int cmd_stress(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_clean(int argc, char **argv);
int cmd_matrix(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_baseline(int argc, char **argv);
int cmd_ab(int argc, char **argv);

/* ---- the gate's options, shared by compare and ab (src/gateopts.c) ---- */
enum {
	RB_GO_THRESHOLD,
	RB_GO_ALPHA,
	RB_GO_MIN_RUNS,
	RB_GO_PRIOR_CV,
	RB_GO_METRIC,
	RB_GO_FILTER,
	RB_GO_ALLOW,
	RB_GO_INCONCLUSIVE,
	RB_GO_DISTURBED,
	RB_GO_MARKDOWN,
	RB_GO_JUNIT,
	RB_GO_CSV,
	RB_GO_HISTORY,
	RB_GO__N
};
extern const struct rb_opt rb_gate_opts[RB_GO__N];
/* What the gate decides, for --help. */
#define RB_GATE_HELP                                                                                               \
	"\n\nRuns (worker processes) are the unit: per metric, the runs' medians (tail metrics also their p99s)\n"  \
	"are compared on a log scale. regression: the one-sided test 'worse than 1 + threshold' is significant\n"     \
	"after Holm over every metric compared; improvement: likewise the other way; unchanged: the interval\n"       \
	"lies inside [1/(1+t), 1+t]; otherwise inconclusive, with its reason. Below --min-runs runs a side\n"         \
	"the spread is the prior (--prior-cv; p99 rows: 4 times it). Directions come from metrics.csv.\n"           \
	"A metric the baseline has and the candidate lost (absent, skipped) or errored (status error) is\n"          \
	"verdict fail (missing_in_candidate, error_in_candidate): the gate fails, whatever --inconclusive says.\n"    \
	"Metrics missing in the baseline are listed and inconclusive; stress verification failures always fail.\n"   \
	"Runs with status interference or unstable are left out (counted; excluded_runs when none is left)\n"       \
	"unless --include-disturbed. A run folder whose runs.csv disagrees with its summary.csv or meta.csv\n"       \
	"(configurations, run ids, schema version) is bad input. Backends are matched by name (meta.csv).\n"        \
	"Exit: 0 no regression and every metric decided, 1 a regression, a fail or a failed verification,\n"         \
	"2 bad input, 3 inconclusive (--inconclusive pass|fail maps it to 0 or 1)."

/* The gate's options, validated: the comparison plan, and what to do with it. */
struct rb_gate_cli {
	struct rb_compare_plan plan; /* its regexes point into this struct: do not copy it */
	regex_t re_metric, re_filter;
	int have_metric, have_filter;
	const char *out[3];   /* --markdown, --junit, --csv (NULL: not written) */
	const char *history;  /* --history DB (NULL: none): prior spreads from it (ab: also imports the rounds) */
	int inconclusive;     /* exit status for "inconclusive": 3 (default), 0 (pass), 1 (fail) */
};
/* Validate every gate option in v (indexed by RB_GO_*): ranges, regular
 * expressions, writable output folders. Returns 0, or 2 after printing one
 * line (a usage error). Free with rb_gate_cli_free whatever it returned. */
int rb_gate_cli_read(const char *cmd, const struct rb_optval *v, struct rb_gate_cli *g);
void rb_gate_cli_free(struct rb_gate_cli *g);
/* Print the comparison, write the requested files, and return the exit status:
 * 1 a regression or a failed stress verification, else 3 (as mapped by
 * --inconclusive) when some metric is inconclusive, else 0; 2 when a file
 * cannot be written. */
int rb_gate_cli_finish(const char *cmd, const struct rb_gate_cli *g, const struct rb_comparison *c);

#endif
