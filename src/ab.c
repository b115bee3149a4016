/* ab.c - `regionbench ab --baseline A --candidate B [...] [-- BENCH OPTIONS]`:
 * run two builds of the suite alternately on this machine in one session
 * (round 1: A then B, round 2: B then A, ...), each round a fresh `bench` per
 * side into its own run folder, then gate on the rounds paired: per round the
 * candidate's log run value minus the baseline's, so drift shared within a
 * round cancels. --until-decided adds rounds until every gated metric is
 * decided (or a regression is found, or --max-rounds is reached), doubling
 * them at each look and spending alpha over the looks so that together they
 * keep the false-regression rate at most alpha. The first round's folders are
 * read by the gate at once, so input it cannot read (another schema_version,
 * other machines without --allow-different) stops ab after one round.
 * A and B are a build folder (holding src/regionbench), a source tree
 * (build/default/src/regionbench) - either run with RB_ROOT at that folder, so
 * that its meta.csv names its own commit - an executable, or a command line, which is
 * split at blanks and run without a shell (no quoting, no expansion): e.g.
 * "env LD_PRELOAD=/x/slow.so /y/regionbench". Processes are started with
 * fork/exec (rb_run_logged), each side's output logged beside its run folder. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "gateprior.h"
#include "import.h"
#include "meta.h"
#include "parse.h"
#include "proc.h"

enum { O_BASE, O_CAND, O_ROUNDS, O_MAX, O_UNTIL, O_OUT, O_NOWN };
static const struct rb_opt own[O_NOWN] = {
	[O_BASE] = { .name = "baseline", .arg = "CMD_OR_BUILD", .help = "side A: build folder, source tree, executable or command line", .type = RB_OPT_STR },
	[O_CAND] = { .name = "candidate", .arg = "CMD_OR_BUILD", .help = "side B, likewise", .type = RB_OPT_STR },
	[O_ROUNDS] = { .name = "rounds", .arg = "N", .help = "rounds (each runs A and B once, alternating who goes first)", .type = RB_OPT_COUNT, .def = "5", .min = 1, .max = 1000 },
	[O_MAX] = { .name = "max-rounds", .arg = "N", .help = "with --until-decided: at most this many rounds", .type = RB_OPT_COUNT, .def = "20", .min = 1, .max = 1000 },
	[O_UNTIL] = { .name = "until-decided", .help = "after --rounds, add rounds (doubling them, up to --max-rounds) until every gated metric is decided; the look at k rounds tests at alpha*(k-k_prev)/max-rounds", .type = RB_OPT_FLAG },
	[O_OUT] = { .name = "out", .arg = "DIR", .help = "folder for the rounds' run folders [default: results/ab/<id>]", .type = RB_OPT_STR },
};

enum { MAXW = 64 };
struct sidecmd {
	char env[4200]; /* RB_ROOT=TREE: the side's own tree (its meta.csv names its commit) */
	char buf[4400];
	char *argv[MAXW];
	int argc;
};

static int is_exe(const char *p)
{
	struct stat st;
	return !stat(p, &st) && S_ISREG(st.st_mode) && !access(p, X_OK);
}

/* CMD_OR_BUILD -> the words that start that side's regionbench. */
static int resolve_side(const char *what, const char *arg, struct sidecmd *s, char *err, size_t errlen)
{
	struct stat st;
	s->argc = 0;
	if (!*arg) {
		snprintf(err, errlen, "--%s: empty (expected a build folder, an executable or a command line)", what);
		return -EINVAL;
	}
	if (!stat(arg, &st) && S_ISDIR(st.st_mode)) {
		static const char *const tries[] = { "src/regionbench", "build/default/src/regionbench" };
		char tree[PATH_MAX];
		for (int i = 0; i < 2; i++) {
			snprintf(s->buf, sizeof(s->buf), "%s/%s", arg, tries[i]);
			if (is_exe(s->buf)) {
				/* run with RB_ROOT at this tree, not the one ab was started from */
				snprintf(s->env, sizeof(s->env), "RB_ROOT=%s", realpath(arg, tree) ? tree : arg);
				s->argv[s->argc++] = "env";
				s->argv[s->argc++] = s->env;
				s->argv[s->argc++] = s->buf;
				return 0;
			}
		}
		snprintf(err, errlen,
			 "--%s: folder '%s' holds no built regionbench (src/regionbench or build/default/src/regionbench)",
			 what, arg);
		return -ENOENT;
	}
	snprintf(s->buf, sizeof(s->buf), "%s", arg);
	if (is_exe(s->buf)) { /* an executable, even with blanks in its path */
		s->argv[s->argc++] = s->buf;
		return 0;
	}
	for (char *save = NULL, *w = strtok_r(s->buf, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		if (s->argc == MAXW - 1) {
			snprintf(err, errlen, "--%s: more than %d words", what, MAXW - 1);
			return -E2BIG;
		}
		s->argv[s->argc++] = w;
	}
	if (!s->argc || (strchr(s->argv[0], '/') && !is_exe(s->argv[0]))) {
		snprintf(err, errlen, "--%s: '%s' is not a build folder, an executable or a command line", what, arg);
		return -ENOENT;
	}
	return 0;
}

/* Run `bench --out DIR BENCH...` for one side; its output goes to LOG. */
static int run_side(const struct sidecmd *s, const char *dir, char **bench, int nbench, const char *log)
{
	char *argv[MAXW + 4 + 256];
	int n = 0;
	if (nbench > 256)
		return -E2BIG;
	for (int i = 0; i < s->argc; i++)
		argv[n++] = s->argv[i];
	argv[n++] = "bench";
	argv[n++] = "--out";
	argv[n++] = (char *)dir;
	for (int i = 0; i < nbench; i++)
		argv[n++] = bench[i];
	argv[n] = NULL;
	return rb_run_logged(argv, log, NULL);
}

static int ab_body(int argc, char **argv, struct rb_gate_cli *g);

int cmd_ab(int argc, char **argv)
{
	struct rb_gate_cli g;
	memset(&g, 0, sizeof(g));
	int ret = ab_body(argc, argv, &g);
	rb_gate_cli_free(&g);
	return ret;
}

static int ab_body(int argc, char **argv, struct rb_gate_cli *g)
{
	/* everything after "--" goes to `bench` on both sides */
	int split = argc;
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			split = i;
			break;
		}
	struct rb_opt opts[O_NOWN + RB_GO__N];
	memcpy(opts, own, sizeof(own));
	memcpy(opts + O_NOWN, rb_gate_opts, sizeof(rb_gate_opts));
	struct rb_optval v[O_NOWN + RB_GO__N];
	const char *pos[1];
	int npos;
	int ret = rb_opts_parse("ab",
				"ab --baseline CMD_OR_BUILD --candidate CMD_OR_BUILD [--rounds N] [--until-decided] "
				"[--max-rounds N] [--out DIR] [--history DB] [compare options] [-- BENCH OPTIONS (default: --quick)]\n\n"
				"Runs `bench` of both sides alternately (A B, B A, ...), each round into its own run folder\n"
				"under --out, then gates on the rounds paired (per round the candidate's log run value minus\n"
				"the baseline's; t on k-1 degrees of freedom). A command-line side is split at blanks and run\n"
				"without a shell." RB_GATE_HELP,
				opts, O_NOWN + RB_GO__N, v, split, argv, pos, 0, &npos);
	if (ret)
		return ret == 1 ? 0 : ret;
	/* every option is checked before the first round */
	if ((ret = rb_gate_cli_read("ab", v + O_NOWN, g)))
		return ret;
	g->plan.paired = 1;
	char err[4600];
	static struct sidecmd sa, sb;
	if (!v[O_BASE].set || !v[O_CAND].set)
		return rb_usage_error("ab", "both --baseline and --candidate are needed");
	if (resolve_side("baseline", v[O_BASE].s, &sa, err, sizeof(err)) ||
	    resolve_side("candidate", v[O_CAND].s, &sb, err, sizeof(err)))
		return rb_usage_error("ab", "%s", err);
	size_t rounds = v[O_ROUNDS].u, maxr = v[O_UNTIL].set ? v[O_MAX].u : rounds;
	if (v[O_MAX].set && !v[O_UNTIL].set)
		return rb_usage_error("ab", "--max-rounds needs --until-decided");
	if (maxr < rounds)
		return rb_usage_error("ab", "--max-rounds %zu is below --rounds %zu", maxr, rounds);
	if (v[O_OUT].set && rb_rundir_check(v[O_OUT].s, err, sizeof(err)))
		return rb_usage_error("ab", "%s", err);
	char *quick[] = { "--quick" };
	char **bench = split < argc ? argv + split + 1 : quick;
	int nbench = split < argc ? argc - split - 1 : 1;
	char id[128], out[4096], p[4400];
	rb_run_id(id, sizeof(id));
	if (v[O_OUT].set)
		snprintf(out, sizeof(out), "%s", v[O_OUT].s);
	else
		rb_default_dir(rb_root(), "ab", id, out, sizeof(out));
	static const char *const side[2] = { "a", "b" };
	if (mkdir(out, 0755) && errno != EEXIST) {
		fprintf(stderr, "regionbench ab: cannot create '%s': %s\n", out, strerror(errno));
		return 1;
	}
	for (int s = 0; s < 2; s++) {
		snprintf(p, sizeof(p), "%s/%s", out, side[s]);
		mkdir(p, 0755);
	}
	char(*dirs)[2][4400] = calloc(maxr, sizeof(*dirs));
	const char **da = calloc(maxr, sizeof(char *)), **db = calloc(maxr, sizeof(char *));
	struct rb_comparison c = { 0 };
	static struct rbh_gate_priors hp;
	int have = 0, have_hp = 0;
	size_t k = 0, kprev = 0, look = rounds;
	ret = 1;
	if (!dirs || !da || !db)
		goto done;
	while (k < maxr) {
		k++;
		for (int o = 0; o < 2; o++) {
			int s = (k % 2) ? o : 1 - o; /* A B, then B A, ... */
			char log[4500];
			snprintf(dirs[k - 1][s], sizeof(dirs[k - 1][s]), "%s/%s/round-%zu", out, side[s], k);
			snprintf(log, sizeof(log), "%s/%s/round-%zu.log", out, side[s], k);
			fprintf(stderr, "regionbench ab: round %zu: %s\n", k, s ? "candidate" : "baseline");
			int code = run_side(s ? &sb : &sa, dirs[k - 1][s], bench, nbench, log);
			if (code != 0) {
				fprintf(stderr, "regionbench ab: the %s run of round %zu failed (exit %d); see %s\n",
					s ? "candidate" : "baseline", k, code, log);
				ret = code == 2 ? 2 : 1;
				goto done;
			}
		}
		da[k - 1] = dirs[k - 1][0];
		db[k - 1] = dirs[k - 1][1];
		if (k == 1 && look > 1) { /* folders the gate cannot read: say so now, not after --rounds */
			if (rb_compare(&g->plan, da, 1, db, 1, &c, err, sizeof(err))) {
				fprintf(stderr, "regionbench ab: %s\n", err);
				ret = 2;
				goto done;
			}
			rb_comparison_free(&c);
		}
		if (k < look)
			continue;
		look = rb_gate_next_look(k, maxr);
		/* a look: with --until-decided each look spends its share of alpha */
		struct rb_compare_plan plan = g->plan;
		if (v[O_UNTIL].set)
			plan.gate.alpha = rb_gate_look_alpha(g->plan.gate.alpha, kprev, k, maxr);
		kprev = k;
		if (have)
			rb_comparison_free(&c);
		have = 0;
		if (g->history && !have_hp && !access(g->history, F_OK)) { /* priors from the history as it was before this ab */
			if (rbh_gate_priors_open(&hp, g->history, db[0], &g->plan.priors, err, sizeof(err))) {
				fprintf(stderr, "regionbench ab: --history: %s\n", err);
				ret = 2;
				goto done;
			}
			have_hp = 1;
			plan.priors = g->plan.priors;
		}
		if (rb_compare(&plan, da, k, db, k, &c, err, sizeof(err))) {
			fprintf(stderr, "regionbench ab: %s\n", err);
			ret = 2;
			goto done;
		}
		have = 1;
		if (!v[O_UNTIL].set || !rb_compare_undecided(&c) || c.counts[RB_REGRESSION] || c.counts[RB_FAIL] || c.nstress)
			break;
		if (k < maxr)
			fprintf(stderr, "regionbench ab: %zu metric(s) undecided after %zu round(s): going on to %zu\n",
				c.counts[RB_INCONCLUSIVE], k, look);
	}
	printf("ab: %zu round(s) per side in %s, paired by round%s\n", k, out,
	       v[O_UNTIL].set ? " (alpha spent over the looks: see --help)" : "");
	if (have_hp)
		printf("history %s: a recorded spread for %zu of %zu gated statistics (the others: --prior-cv)\n", g->history,
		       hp.found, hp.found + hp.missed);
	ret = rb_gate_cli_finish("ab", g, &c);
done:
	if (have_hp)
		rbh_gate_priors_close(&hp);
	if (g->history && dirs && da && db) { /* the rounds made so far, both sides, into the history */
		const char **all = calloc(2 * k + 1, sizeof(char *));
		for (size_t i = 0; all && i < k; i++)
			all[2 * i] = dirs[i][0], all[2 * i + 1] = dirs[i][1];
		/* whatever the verdict (or a failed round): the complete rounds are history */
		if (all && rbh_import_after("ab", g->history, all, (int)(2 * k), 0) && ret == 0)
			ret = 1;
		free(all);
	}
	if (have)
		rb_comparison_free(&c);
	free(dirs);
	free(da);
	free(db);
	return ret;
}
