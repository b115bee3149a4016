/* opts.h - table-driven options: one table per subcommand gives the parser,
 * the validation and the --help text. */
#ifndef REGIONBENCH_HARNESS_OPTS_H
#define REGIONBENCH_HARNESS_OPTS_H

#include <stdint.h>

enum rb_opt_type {
	RB_OPT_FLAG,	 /* no value */
	RB_OPT_STR,	 /* any non-empty text (choices: "a|b|c" restricts it) */
	RB_OPT_SIZE,	 /* bytes with binary suffix, within [min, max] */
	RB_OPT_COUNT,	 /* whole number within [min, max] */
	RB_OPT_DURATION, /* 10s, 250ms ... within [min, max] ns */
	RB_OPT_FLOAT,	 /* a finite decimal number >= 0 */
};

#define RB_OPT_MAXREP 16

struct rb_opt {
	const char *name; /* long name without "--" */
	const char *arg;  /* placeholder in --help; NULL for flags */
	const char *help;
	enum rb_opt_type type;
	const char *def; /* default, parsed like user input; NULL for none */
	uint64_t min, max;
	const char *choices; /* RB_OPT_STR: "a|b|c" */
	int repeat;	     /* may be given up to RB_OPT_MAXREP times */
};

struct rb_optval {
	int set;   /* given on the command line */
	uint64_t u; /* SIZE, COUNT, DURATION, FLAG (1 when given) */
	double f;  /* FLOAT */
	const char *s; /* STR: the (last) value */
	const char *list[RB_OPT_MAXREP];
	int n; /* number of values for repeatable options */
};

/* Parse argv (argv[0] is the subcommand). Positional arguments are collected
 * into pos[] (at most maxpos, else a usage error). Returns 0 to go on, 1 when
 * --help was printed (exit 0), 2 on a usage error (one line printed). */
int rb_opts_parse(const char *cmd, const char *usage, const struct rb_opt *opts, int nopts,
		  struct rb_optval *vals, int argc, char **argv, const char **pos, int maxpos,
		  int *npos);
void rb_opts_help(const char *cmd, const char *usage, const struct rb_opt *opts, int nopts);

/* Print "regionbench CMD: message" and return 2 (a usage error). */
int rb_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
