/* ab.c - `regionbench ab --baseline A --candidate B [...] [-- BENCH OPTIONS]`:
 * run two builds of the suite alternately on this machine in one session
 * (A B, B A, A B, ... for --rounds rounds), pool each side's samples, and compare
 * them like `compare`. A and B are a build folder (holding src/regionbench), a
 * source tree (build/default/src/regionbench), an executable, or a command line
 * (run by /bin/sh, e.g. "env LD_PRELOAD=... /path/regionbench"). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "afile.h"
#include "compare.h"
#include "csv.h"
#include "csvw.h"
#include "meta.h"
#include "opts.h"

enum { O_BASE, O_CAND, O_ROUNDS, O_OUT, O_THR, O_ALPHA, O_MIN, O_METRIC, O_FILTER, O_MD, O_JUNIT, O_CSV, O_NOPT };
static const struct rb_opt opts[] = {
	[O_BASE] = { .name = "baseline", .arg = "CMD_OR_BUILD", .help = "side A: build folder, source tree, executable or command", .type = RB_OPT_STR },
	[O_CAND] = { .name = "candidate", .arg = "CMD_OR_BUILD", .help = "side B, likewise", .type = RB_OPT_STR },
	[O_ROUNDS] = { .name = "rounds", .arg = "N", .help = "rounds (each runs A and B once, alternating who goes first)", .type = RB_OPT_COUNT, .def = "5", .min = 1, .max = 1000 },
	[O_OUT] = { .name = "out", .arg = "DIR", .help = "folder for the rounds and the pooled runs [default: results/ab/<id>]", .type = RB_OPT_STR },
	[O_THR] = { .name = "threshold", .arg = "PCT", .help = "passed to compare", .type = RB_OPT_STR },
	[O_ALPHA] = { .name = "alpha", .arg = "A", .help = "passed to compare", .type = RB_OPT_STR },
	[O_MIN] = { .name = "min-samples", .arg = "N", .help = "passed to compare", .type = RB_OPT_STR },
	[O_METRIC] = { .name = "metric", .arg = "REGEX", .help = "passed to compare", .type = RB_OPT_STR },
	[O_FILTER] = { .name = "filter", .arg = "REGEX", .help = "passed to compare", .type = RB_OPT_STR },
	[O_MD] = { .name = "markdown", .arg = "FILE", .help = "passed to compare", .type = RB_OPT_STR },
	[O_JUNIT] = { .name = "junit", .arg = "FILE", .help = "passed to compare", .type = RB_OPT_STR },
	[O_CSV] = { .name = "csv", .arg = "FILE", .help = "passed to compare", .type = RB_OPT_STR },
};

static int is_exe(const char *p)
{
	struct stat st;
	return !stat(p, &st) && S_ISREG(st.st_mode) && !access(p, X_OK);
}

/* Turn CMD_OR_BUILD into a shell command prefix. */
static int resolve_side(const char *what, const char *arg, char *cmd, size_t n, char *err, size_t errlen)
{
	struct stat st;
	char p[4200];
	if (!*arg) {
		snprintf(err, errlen, "--%s: empty (expected a build folder, an executable or a command)", what);
		return -EINVAL;
	}
	if (!stat(arg, &st) && S_ISDIR(st.st_mode)) {
		static const char *const tries[] = { "src/regionbench", "build/default/src/regionbench" };
		for (int i = 0; i < 2; i++) {
			snprintf(p, sizeof(p), "%s/%s", arg, tries[i]);
			if (is_exe(p)) {
				snprintf(cmd, n, "'%s'", p);
				return 0;
			}
		}
		snprintf(err, errlen, "--%s: folder '%s' holds no built regionbench (src/regionbench or build/default/src/regionbench)",
			 what, arg);
		return -ENOENT;
	}
	snprintf(cmd, n, "%s", arg);
	return 0;
}

static int run_side(const char *cmd, const char *out, char **bench, int nbench, const char *log)
{
	char line[16384];
	size_t off = (size_t)snprintf(line, sizeof(line), "%s bench --out '%s'", cmd, out);
	for (int i = 0; i < nbench && off < sizeof(line); i++)
		off += (size_t)snprintf(line + off, sizeof(line) - off, " '%s'", bench[i]);
	off += (size_t)snprintf(line + off, sizeof(line) - off, " >'%s' 2>&1", log);
	if (off >= sizeof(line))
		return -E2BIG;
	int st = system(line);
	return st == -1 ? -errno : WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* Pool the rounds of one side into one run folder: samples.csv and stress.csv
 * concatenated, meta.csv and summary.csv from the first round. */
static int pool(const char *side_dir, int rounds, char *err, size_t errlen)
{
	char pooled[4200], p[4400];
	snprintf(pooled, sizeof(pooled), "%s/pooled", side_dir);
	mkdir(pooled, 0755);
	static const char *const cat[] = { "samples.csv", "stress.csv" };
	for (int f = 0; f < 2; f++) {
		struct rb_afile a;
		int open = 0;
		for (int r = 1; r <= rounds; r++) {
			snprintf(p, sizeof(p), "%s/round-%d/%s", side_dir, r, cat[f]);
			if (access(p, F_OK))
				continue;
			struct rb_csv t;
			if (rb_csv_load(p, &t, err, errlen)) {
				if (open)
					rb_afile_abort(&a);
				return -EINVAL;
			}
			if (!open) {
				if (rb_afile_open(&a, pooled, cat[f])) {
					rb_csv_free(&t);
					snprintf(err, errlen, "cannot write in %s", pooled);
					return -EIO;
				}
				open = 1;
				for (size_t c = 0; c < t.ncols; c++)
					rb_csv_field(a.f, t.cells[c], c + 1 == t.ncols);
			}
			for (size_t row = 0; row < t.nrows; row++)
				for (size_t c = 0; c < t.ncols; c++)
					rb_csv_field(a.f, rb_csv_get(&t, row, (int)c), c + 1 == t.ncols);
			rb_csv_free(&t);
		}
		if (open && rb_afile_commit(&a))
			return -EIO;
	}
	static const char *const first[] = { "meta.csv", "summary.csv" };
	for (int f = 0; f < 2; f++) {
		char from[4400], to[4400], cmd[9000];
		snprintf(from, sizeof(from), "%s/round-1/%s", side_dir, first[f]);
		snprintf(to, sizeof(to), "%s/%s", pooled, first[f]);
		snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", from, to);
		if (system(cmd) != 0) {
			snprintf(err, errlen, "cannot copy %s", from);
			return -EIO;
		}
	}
	return 0;
}

int cmd_ab(int argc, char **argv)
{
	/* everything after "--" goes to `bench` on both sides */
	int split = argc;
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			split = i;
			break;
		}
	struct rb_optval v[O_NOPT];
	const char *pos[1];
	int npos;
	int ret = rb_opts_parse("ab",
				"ab --baseline CMD_OR_BUILD --candidate CMD_OR_BUILD [--rounds N] [--out DIR] [compare options] "
				"[-- BENCH OPTIONS (default: --quick)]",
				opts, O_NOPT, v, split, argv, pos, 0, &npos);
	if (ret)
		return ret == 1 ? 0 : ret;
	char err[4600], ca[4400], cb[4400];
	if (!v[O_BASE].set || !v[O_CAND].set)
		return rb_usage_error("ab", "both --baseline and --candidate are needed");
	if (resolve_side("baseline", v[O_BASE].s, ca, sizeof(ca), err, sizeof(err)) ||
	    resolve_side("candidate", v[O_CAND].s, cb, sizeof(cb), err, sizeof(err)))
		return rb_usage_error("ab", "%s", err);
	if (v[O_OUT].set && rb_rundir_check(v[O_OUT].s, err, sizeof(err)))
		return rb_usage_error("ab", "%s", err);
	char *quick[] = { "--quick" };
	char **bench = split < argc ? argv + split + 1 : quick;
	int nbench = split < argc ? argc - split - 1 : 1;
	const char *root = getenv("RB_ROOT");
	char id[128], out[4096], p[4400];
	rb_run_id(id, sizeof(id));
	if (v[O_OUT].set)
		snprintf(out, sizeof(out), "%s", v[O_OUT].s);
	else
		rb_default_dir(root, "ab", id, out, sizeof(out));
	mkdir(out, 0755);
	static const char *const side[2] = { "a", "b" };
	for (int s = 0; s < 2; s++) {
		snprintf(p, sizeof(p), "%s/%s", out, side[s]);
		mkdir(p, 0755);
	}
	int rounds = (int)v[O_ROUNDS].u;
	for (int r = 1; r <= rounds; r++) {
		for (int k = 0; k < 2; k++) {
			int s = (r % 2) ? k : 1 - k; /* A B, then B A, ... */
			char dir[4400], log[4400];
			snprintf(dir, sizeof(dir), "%s/%s/round-%d", out, side[s], r);
			snprintf(log, sizeof(log), "%s/%s/round-%d.log", out, side[s], r);
			fprintf(stderr, "regionbench ab: round %d/%d: %s\n", r, rounds, s ? "candidate" : "baseline");
			int code = run_side(s ? cb : ca, dir, bench, nbench, log);
			if (code != 0) {
				fprintf(stderr, "regionbench ab: the %s run failed (exit %d); see %s\n", s ? "candidate" : "baseline",
					code, log);
				return code == 2 ? 2 : 1;
			}
		}
	}
	for (int s = 0; s < 2; s++) {
		snprintf(p, sizeof(p), "%s/%s", out, side[s]);
		if (pool(p, rounds, err, sizeof(err))) {
			fprintf(stderr, "regionbench ab: pooling %s: %s\n", p, err);
			return 1;
		}
	}
	char pa[4400], pb[4400];
	snprintf(pa, sizeof(pa), "%s/a/pooled", out);
	snprintf(pb, sizeof(pb), "%s/b/pooled", out);
	char *cargv[32];
	int cn = 0;
	cargv[cn++] = "compare";
	cargv[cn++] = pa;
	cargv[cn++] = pb;
	static const int fwd[] = { O_THR, O_ALPHA, O_MIN, O_METRIC, O_FILTER, O_MD, O_JUNIT, O_CSV };
	char names[8][32];
	for (int k = 0; k < 8; k++)
		if (v[fwd[k]].set) {
			snprintf(names[k], sizeof(names[k]), "--%s", opts[fwd[k]].name);
			cargv[cn++] = names[k];
			cargv[cn++] = (char *)v[fwd[k]].s;
		}
	cargv[cn] = NULL;
	printf("pooled %d round(s) per side in %s\n", rounds, out);
	return cmd_compare(cn, cargv);
}
