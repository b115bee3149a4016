/* history.c - `regionbench history`: run folders into an SQLite database
 * (results/history.db), and what it remembers: runs, per-run values, trends,
 * steps (the history/ library does the work). */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "commands.h"
#include "db.h"
#include "import.h"
#include "meta.h"
#include "opts.h"
#include "parse.h"
#include "proc.h"
#include "query.h"
#include "render.h"
#include "trend.h"

#define DB_HELP "the history database [default: results/history.db under the project root]"
#define ALPHA_HELP "significance level of a step (its permutation test)"
#define EFFECT_HELP "smallest change of the median reported as a step, in percent"

/* ---- shared pieces ---- */

/* --db, or the default; for writing, its folder must exist (the default's is made). */
static int db_path(const char *cmd, const struct rb_optval *v, int writing, char *buf, size_t n)
{
	if (v->set) {
		if (snprintf(buf, n, "%s", v->s) >= (int)n)
			return rb_usage_error(cmd, "--db: path too long");
	} else {
		char dir[PATH_MAX];
		rbh_default_path(buf, n);
		snprintf(dir, sizeof(dir), "%s/results", rb_root());
		if (writing && mkdir(dir, 0755) && errno != EEXIST)
			return rb_usage_error(cmd, "cannot make %s: %s", dir, strerror(errno));
	}
	char parent[PATH_MAX];
	snprintf(parent, sizeof(parent), "%s", buf);
	char *slash = strrchr(parent, '/');
	if (slash)
		*(slash == parent ? slash + 1 : slash) = '\0';
	else
		strcpy(parent, ".");
	struct stat st;
	if (writing && (stat(parent, &st) || !S_ISDIR(st.st_mode)))
		return rb_usage_error(cmd, "--db: directory '%s' does not exist", parent);
	return 0;
}

static int open_db(const char *cmd, const char *path, enum rbh_mode mode, struct rbh_db *db)
{
	char err[1024];
	int ret = rbh_open(db, path, mode, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "regionbench %s: %s\n", cmd, err);
		return ret == -EBADMSG || ret == -ENOENT ? 2 : 1;
	}
	return 0;
}

/* The full hash of REF in the project's git checkout, or "" when git does not know it. */
static void git_resolve(const char *ref, char *out, size_t n)
{
	char spec[512], line[128];
	out[0] = '\0';
	snprintf(spec, sizeof(spec), "%s^{commit}", ref);
	char *argv[] = { "git", "-C", (char *)rb_root(), "rev-parse", "--verify", "--quiet", spec, NULL };
	if (rb_run_capture(argv, line, sizeof(line)) == 0 && strlen(line) == 40 &&
	    strspn(line, "0123456789abcdef") == 40)
		snprintf(out, n, "%s", line);
}

static int label_ok(const char *s)
{
	if (!*s || strlen(s) > 100)
		return 0;
	for (const char *c = s; *c; c++)
		if ((unsigned char)*c <= ' ' || *c == 0x7f)
			return 0;
	return 1;
}

static void detect_params(const struct rb_optval *alpha, const struct rb_optval *effect, struct rbh_detect_params *p)
{
	*p = (struct rbh_detect_params)RBH_DETECT_DEFAULTS;
	p->alpha = alpha->f;
	p->min_effect = effect->f / 100;
}

static int check_detect(const char *cmd, const struct rb_optval *alpha)
{
	if (!(alpha->f > 0 && alpha->f < 1))
		return rb_usage_error(cmd, "--alpha: '%s' is not valid (expected a number between 0 and 1)", alpha->s);
	if (alpha->f * 2000 < 1)
		return rb_usage_error(cmd, "--alpha: %s is below what 1999 permutations can show (0.0005)", alpha->s);
	return 0;
}

static int regex_ok(const char *cmd, const char *opt, const char *re)
{
	regex_t rx;
	if (regcomp(&rx, re, REG_EXTENDED | REG_NOSUB))
		return rb_usage_error(cmd, "%s: '%s' is not a valid regular expression", opt, re);
	regfree(&rx);
	return 0;
}

/* The options trend and steps share: --metric, --alpha. */
static int series_opts(const char *cmd, const struct rb_optval *metric, const struct rb_optval *alpha)
{
	int r = metric->set ? regex_ok(cmd, "--metric", metric->s) : 0;
	return r ? r : check_detect(cmd, alpha);
}

/* ---- import ---- */

enum { I_DB, I_COMMIT, I_TIME, I_N };
static const struct rb_opt import_opts[] = {
	[I_DB] = { .name = "db", .arg = "PATH", .help = DB_HELP, .type = RB_OPT_STR },
	[I_COMMIT] = { .name = "commit", .arg = "REF", .help = "label the runs with this commit (a ref git resolves here, or any id, for runs made outside a git checkout) [default: the runs' git_commit]", .type = RB_OPT_STR },
	[I_TIME] = { .name = "time", .arg = "ISO8601", .help = "label the runs with this time, e.g. 2026-11-29T06:13:58Z [default: the runs' start time]", .type = RB_OPT_STR },
};

#define MAXPOS 4096

static int h_import(int argc, char **argv)
{
	static const char *pos[MAXPOS];
	struct rb_optval v[I_N];
	int npos;
	int r = rb_opts_parse("history import", "history import RUN_DIR... [--db PATH] [--commit REF] [--time ISO8601]\n\n"
			      "Import run folders (a folder that is not one is searched for them, 4 levels deep; CI\n"
			      "artifacts can be imported as they were downloaded). Each run goes in as one transaction;\n"
			      "a run id already in the database is left as it is. A folder that fails validation is\n"
			      "skipped with its reason, the rest are imported (exit 1).",
			      import_opts, I_N, v, argc, argv, pos, MAXPOS, &npos);
	if (r)
		return r == 1 ? 0 : r;
	if (!npos)
		return rb_usage_error("history import", "no RUN_DIR given (try --help)");
	char path[PATH_MAX], t[32], commit[128], err[1024];
	struct rbh_label lab = { NULL, NULL };
	if (v[I_TIME].set) {
		if (rbh_parse_time(v[I_TIME].s, t, sizeof(t)))
			return rb_usage_error("history import", "--time: '%s' is not an ISO 8601 time (expected e.g. 2026-11-29T06:13:58Z or 2026-11-29)", v[I_TIME].s);
		lab.time = t;
	}
	if (v[I_COMMIT].set) {
		if (!label_ok(v[I_COMMIT].s))
			return rb_usage_error("history import", "--commit: '%s' is not a commit id or label (no spaces, at most 100 characters)", v[I_COMMIT].s);
		git_resolve(v[I_COMMIT].s, commit, sizeof(commit));
		lab.commit = commit[0] ? commit : v[I_COMMIT].s;
	}
	for (int i = 0; i < npos; i++) {
		struct stat st;
		if (stat(pos[i], &st) || !S_ISDIR(st.st_mode))
			return rb_usage_error("history import", "'%s' is not a directory", pos[i]);
	}
	if ((r = db_path("history import", &v[I_DB], 1, path, sizeof(path))))
		return r;
	r = rbh_import_paths(path, pos, npos, &lab, stdout, err, sizeof(err));
	if (r == 2 || (r == 1 && err[0]))
		fprintf(stderr, "regionbench history import: %s\n", err);
	return r;
}

/* ---- list ---- */

enum { L_DB, L_FILTER, L_N };
static const struct rb_opt list_opts[] = {
	[L_DB] = { .name = "db", .arg = "PATH", .help = DB_HELP, .type = RB_OPT_STR },
	[L_FILTER] = { .name = "filter", .arg = "REGEX", .help = "only runs whose line matches this extended regex (run id, time, kind, commit, branch, host, kernel, backends)", .type = RB_OPT_STR },
};

static int h_list(int argc, char **argv)
{
	struct rb_optval v[L_N];
	const char *pos[1];
	int npos;
	int r = rb_opts_parse("history list", "history list [--db PATH] [--filter REGEX]\n\nThe runs in the database, oldest first.",
			      list_opts, L_N, v, argc, argv, pos, 0, &npos);
	if (r)
		return r == 1 ? 0 : r;
	if (v[L_FILTER].set && (r = regex_ok("history list", "--filter", v[L_FILTER].s)))
		return r;
	char path[PATH_MAX], err[1024];
	struct rbh_db db;
	if ((r = db_path("history list", &v[L_DB], 0, path, sizeof(path))) || (r = open_db("history list", path, RBH_READ, &db)))
		return r;
	regex_t rx;
	if (v[L_FILTER].set)
		regcomp(&rx, v[L_FILTER].s, REG_EXTENDED | REG_NOSUB);
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db.h,
				    "SELECT r.time, r.run_id, r.kind, coalesce(substr(r.git_commit, 1, 12), '-'),"
				    " coalesce(r.git_branch, '-'), r.host, r.kernel,"
				    " coalesce((SELECT group_concat(b.backend, ',') FROM run_backends b WHERE b.run = r.id), '-'),"
				    " (SELECT count(*) FROM points p WHERE p.run = r.id)"
				    " FROM runs r ORDER BY r.time, r.run_id",
				    -1, &st, NULL);
	size_t shown = 0, total = 0;
	if (rc == SQLITE_OK) {
		printf("%-20s  %-34s  %-6s  %-12s  %-12s  %-12s  %-18s  %-16s  %s\n", "time", "run id", "kind", "commit", "branch",
		       "host", "kernel", "backends", "runs");
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			char line[4096];
			snprintf(line, sizeof(line), "%-20s  %-34s  %-6s  %-12s  %-12s  %-12s  %-18s  %-16s  %lld",
				 sqlite3_column_text(st, 0), sqlite3_column_text(st, 1), sqlite3_column_text(st, 2),
				 sqlite3_column_text(st, 3), sqlite3_column_text(st, 4), sqlite3_column_text(st, 5),
				 sqlite3_column_text(st, 6), sqlite3_column_text(st, 7), (long long)sqlite3_column_int64(st, 8));
			total++;
			if (v[L_FILTER].set && regexec(&rx, line, 0, NULL, 0))
				continue;
			puts(line);
			shown++;
		}
		sqlite3_finalize(st);
	}
	if (v[L_FILTER].set)
		regfree(&rx);
	if (rc != SQLITE_DONE) {
		r = rbh_sqlerr(&db, rc, "listing runs", err, sizeof(err));
		fprintf(stderr, "regionbench history list: %s\n", err);
		rbh_close(&db);
		return r == -EBADMSG ? 2 : 1;
	}
	printf("%zu of %zu run folder(s)\n", shown, total);
	rbh_close(&db);
	return 0;
}

/* ---- show ---- */

enum { S_DB, S_N };
static const struct rb_opt show_opts[] = {
	[S_DB] = { .name = "db", .arg = "PATH", .help = DB_HELP, .type = RB_OPT_STR },
};

static void series_heading(const struct rbh_series *s)
{
	printf("\n== %s · %s (%s) · host %s · kernel %s — per-run median and p99 (%s, %s is better)\n", s->key, s->backend,
	       s->fs_type, s->host, s->kernel, s->unit[0] ? s->unit : "?", rb_direction_name(s->dir));
}

static int h_show(int argc, char **argv)
{
	struct rb_optval v[S_N];
	const char *pos[1];
	int npos;
	int r = rb_opts_parse("history show", "history show METRIC_REGEX [--db PATH]\n\n"
			      "A table per series (metric key x backend x host x kernel) whose metric key\n"
			      "(scenario[/variant]/SIZE/pPROCS/metric, e.g. create/manual/4K/p1/create_ns) matches\n"
			      "the extended regex: one row per run (worker process).",
			      show_opts, S_N, v, argc, argv, pos, 1, &npos);
	if (r)
		return r == 1 ? 0 : r;
	if (npos != 1)
		return rb_usage_error("history show", "expected one METRIC_REGEX (try --help)");
	if ((r = regex_ok("history show", "METRIC_REGEX", pos[0])))
		return r;
	char path[PATH_MAX], err[1024];
	struct rbh_db db;
	if ((r = db_path("history show", &v[S_DB], 0, path, sizeof(path))) || (r = open_db("history show", path, RBH_READ, &db)))
		return r;
	struct rbh_series *ss;
	size_t ns;
	int ret = rbh_series_list(&db, pos[0], &ss, &ns, err, sizeof(err));
	if (!ret && !ns) {
		snprintf(err, sizeof(err), "no series in the history matches '%s' (see: regionbench history list)", pos[0]);
		ret = -ENOENT;
	}
	for (size_t i = 0; !ret && i < ns; i++) {
		struct rbh_point *pt;
		size_t n;
		if ((ret = rbh_points(&db, ss[i].id, &pt, &n, err, sizeof(err))))
			break;
		series_heading(&ss[i]);
		printf("%-20s  %-12s  %-34s  %3s  %8s  %12s  %12s  %s\n", "time", "commit", "run id", "rep", "n", "p50", "p99",
		       "status");
		for (size_t k = 0; k < n; k++)
			printf("%-20s  %-12.12s  %-34s  %3u  %8zu  %12.6g  %12.6g  %s\n", pt[k].time,
			       pt[k].commit[0] ? pt[k].commit : "-", pt[k].run_id, pt[k].rep, pt[k].n, pt[k].p50, pt[k].p99,
			       pt[k].status);
		free(pt);
	}
	free(ss);
	rbh_close(&db);
	if (ret) {
		fprintf(stderr, "regionbench history show: %s\n", err);
		return ret == -EBADMSG || ret == -ENOENT ? 2 : 1;
	}
	return 0;
}

/* ---- trend ---- */

enum { T_DB, T_METRIC, T_BY, T_OUT, T_ALPHA, T_EFFECT, T_N };
static const struct rb_opt trend_opts[] = {
	[T_DB] = { .name = "db", .arg = "PATH", .help = DB_HELP, .type = RB_OPT_STR },
	[T_METRIC] = { .name = "metric", .arg = "REGEX", .help = "only series whose metric key matches this extended regex [default: all]", .type = RB_OPT_STR },
	[T_BY] = { .name = "by", .arg = "AXIS", .help = "the x axis: commits in run order, run time, or kernels (one panel per series across kernels)", .type = RB_OPT_STR, .def = "commit", .choices = "commit|time|kernel" },
	[T_OUT] = { .name = "out", .arg = "DIR", .help = "output folder, new or empty [default: results/history/<id>]", .type = RB_OPT_STR },
	[T_ALPHA] = { .name = "alpha", .arg = "A", .help = ALPHA_HELP, .type = RB_OPT_FLOAT, .def = "0.001" },
	[T_EFFECT] = { .name = "min-effect", .arg = "PCT", .help = EFFECT_HELP, .type = RB_OPT_FLOAT, .def = "2" },
};

static int h_trend(int argc, char **argv)
{
	struct rb_optval v[T_N];
	const char *pos[1];
	int npos;
	int r = rb_opts_parse("history trend", "history trend [--metric REGEX] [--by commit|time|kernel] [--out DIR] [--db PATH]\n\n"
			      "Trend charts (gnuplot): one panel per series, a point per run (worker process), the\n"
			      "median line and the detected steps (see `history steps --help`); trend.md and a\n"
			      "self-contained trend.html in the output folder.",
			      trend_opts, T_N, v, argc, argv, pos, 0, &npos);
	if (r)
		return r == 1 ? 0 : r;
	if ((r = series_opts("history trend", &v[T_METRIC], &v[T_ALPHA])))
		return r;
	char err[1024], path[PATH_MAX], out[PATH_MAX], plots[PATH_MAX];
	if (v[T_OUT].set && rb_rundir_check(v[T_OUT].s, err, sizeof(err)))
		return rb_usage_error("history trend", "%s", err);
	struct rbh_db db;
	if ((r = db_path("history trend", &v[T_DB], 0, path, sizeof(path))) || (r = open_db("history trend", path, RBH_READ, &db)))
		return r;
	if (v[T_OUT].set) {
		snprintf(out, sizeof(out), "%s", v[T_OUT].s);
	} else {
		char id[128];
		rb_run_id(id, sizeof(id));
		rb_default_dir(rb_root(), "history", id, out, sizeof(out));
	}
	rb_plots_dir(plots, sizeof(plots));
	struct rbh_trend_opts o = { v[T_METRIC].set ? v[T_METRIC].s : NULL,
				    !strcmp(v[T_BY].s, "time") ? RBH_BY_TIME : !strcmp(v[T_BY].s, "kernel") ? RBH_BY_KERNEL : RBH_BY_COMMIT,
				    out, plots, path, RBH_DETECT_DEFAULTS };
	detect_params(&v[T_ALPHA], &v[T_EFFECT], &o.det);
	int panels;
	int ret = rbh_trend(&db, &o, &panels, err, sizeof(err));
	rbh_close(&db);
	if (ret && ret != -EIO) {
		fprintf(stderr, "regionbench history trend: %s\n", err);
		return ret == -EBADMSG || ret == -ENOENT ? 2 : 1;
	}
	if (ret)
		fprintf(stderr, "regionbench history trend: %s\n", err);
	printf("trend: %s/trend.html and trend.md (%d panel(s))\n", out, panels);
	return ret ? 1 : 0;
}

/* ---- steps ---- */

enum { P_DB, P_METRIC, P_SINCE, P_FAIL, P_ALPHA, P_EFFECT, P_N };
static const struct rb_opt steps_opts[] = {
	[P_DB] = { .name = "db", .arg = "PATH", .help = DB_HELP, .type = RB_OPT_STR },
	[P_METRIC] = { .name = "metric", .arg = "REGEX", .help = "only series whose metric key matches this extended regex [default: all]", .type = RB_OPT_STR },
	[P_SINCE] = { .name = "since", .arg = "REF", .help = "only steps whose first run after the step is later than the runs of commit REF (a commit id, a prefix of one, or a ref git resolves here)", .type = RB_OPT_STR },
	[P_FAIL] = { .name = "fail-on-regression", .arg = NULL, .help = "exit 1 when a regression step is in the range (nightly CI)", .type = RB_OPT_FLAG },
	[P_ALPHA] = { .name = "alpha", .arg = "A", .help = ALPHA_HELP, .type = RB_OPT_FLOAT, .def = "0.001" },
	[P_EFFECT] = { .name = "min-effect", .arg = "PCT", .help = EFFECT_HELP, .type = RB_OPT_FLOAT, .def = "2" },
};

/* The time of the last run of commit REF (exact, a prefix of 4+ hex digits, or
 * what git resolves REF to); "" when no run has it. */
static int since_time(struct rbh_db *db, const char *ref, char *out, size_t n)
{
	char full[64];
	const char *tries[3] = { ref, NULL, NULL };
	int hex = strlen(ref) >= 4 && strspn(ref, "0123456789abcdef") == strlen(ref);
	git_resolve(ref, full, sizeof(full));
	tries[1] = full[0] ? full : NULL;
	out[0] = '\0';
	for (int i = 0; i < 2 && !out[0]; i++) {
		if (!tries[i])
			continue;
		sqlite3_stmt *st;
		int rc = sqlite3_prepare_v2(db->h,
					    "SELECT max(time) FROM runs WHERE git_commit = ?1 OR (?2 AND substr(git_commit, 1, length(?1)) = ?1)",
					    -1, &st, NULL);
		if (rc != SQLITE_OK)
			return rc;
		sqlite3_bind_text(st, 1, tries[i], -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, i == 0 && hex);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW && sqlite3_column_text(st, 0))
			snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW)
			return rc;
	}
	return SQLITE_OK;
}

static int h_steps(int argc, char **argv)
{
	struct rb_optval v[P_N];
	const char *pos[1];
	int npos;
	int r = rb_opts_parse("history steps", "history steps [--metric REGEX] [--since REF] [--fail-on-regression] [--db PATH]\n\n"
			      "One line per step detected in a series (metric key x backend x kernel x host), on the\n"
			      "per-run medians in the order of the runs' times: PELT places the steps (between\n"
			      "commits only), a permutation test gives each its p-value (steps with p >= --alpha are\n"
			      "dropped), and steps that move the median by less than --min-effect are dropped.\n"
			      "A regression is a step the wrong way for the metric's direction (metrics.csv).",
			      steps_opts, P_N, v, argc, argv, pos, 0, &npos);
	if (r)
		return r == 1 ? 0 : r;
	if ((r = series_opts("history steps", &v[P_METRIC], &v[P_ALPHA])))
		return r;
	if (v[P_SINCE].set && !label_ok(v[P_SINCE].s))
		return rb_usage_error("history steps", "--since: '%s' is not a commit id or ref", v[P_SINCE].s);
	char path[PATH_MAX], err[1024], since[32] = "";
	struct rbh_db db;
	if ((r = db_path("history steps", &v[P_DB], 0, path, sizeof(path))) || (r = open_db("history steps", path, RBH_READ, &db)))
		return r;
	int ret = 0;
	if (v[P_SINCE].set) {
		int rc = since_time(&db, v[P_SINCE].s, since, sizeof(since));
		if (rc != SQLITE_OK)
			ret = rbh_sqlerr(&db, rc, "looking up --since", err, sizeof(err));
		else if (!since[0]) {
			snprintf(err, sizeof(err), "--since: no run in %s has commit '%s'", path, v[P_SINCE].s);
			ret = -ENOENT;
		}
	}
	struct rbh_detect_params dp;
	detect_params(&v[P_ALPHA], &v[P_EFFECT], &dp);
	struct rbh_series *ss = NULL;
	size_t ns = 0, nsteps = 0, nreg = 0, with = 0;
	if (!ret)
		ret = rbh_series_list(&db, v[P_METRIC].set ? v[P_METRIC].s : NULL, &ss, &ns, err, sizeof(err));
	if (!ret && !ns) {
		snprintf(err, sizeof(err), "no series in the history matches '%s'", v[P_METRIC].set ? v[P_METRIC].s : "");
		ret = -ENOENT;
	}
	for (size_t i = 0; !ret && i < ns; i++) {
		struct rbh_point *pt;
		struct rbh_step *st = NULL;
		size_t n;
		if ((ret = rbh_points(&db, ss[i].id, &pt, &n, err, sizeof(err))))
			break;
		int k = rbh_steps(&ss[i], pt, n, &dp, &st);
		if (k < 0) {
			ret = k;
			snprintf(err, sizeof(err), "step detection failed: %s", strerror(-k));
		}
		int counted = 0;
		for (int j = 0; j < k; j++) {
			const struct rbh_point *a = &pt[st[j].at], *b = &pt[st[j].at - 1];
			if (since[0] && strcmp(a->time, since) <= 0)
				continue;
			printf("%s %s · %s (%s) · host %s · kernel %s: at %.12s (%s, after %.12s): median %.6g -> %.6g %s, ratio %.3f, p %.2g\n",
			       rbh_step_kind_name(st[j].kind), ss[i].key, ss[i].backend, ss[i].fs_type, ss[i].host, ss[i].kernel,
			       a->commit[0] ? a->commit : a->run_id, a->time, b->commit[0] ? b->commit : b->run_id, st[j].before,
			       st[j].after, ss[i].unit, st[j].ratio, st[j].p);
			nsteps++;
			nreg += st[j].kind == RBH_REGRESSION;
			with += !counted++;
		}
		free(st);
		free(pt);
	}
	free(ss);
	rbh_close(&db);
	if (ret) {
		fprintf(stderr, "regionbench history steps: %s\n", err);
		return ret == -EBADMSG || ret == -ENOENT ? 2 : 1;
	}
	printf("%zu step(s) (%zu regression(s)) in %zu of %zu series%s%s\n", nsteps, nreg, with, ns,
	       since[0] ? " after the runs of " : "", since[0] ? v[P_SINCE].s : "");
	return v[P_FAIL].u && nreg ? 1 : 0;
}

/* ---- the command ---- */

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *help;
} subs[] = {
	{ "import", h_import, "import run folders (idempotent by run id; one transaction per run)" },
	{ "list", h_list, "the runs in the database" },
	{ "show", h_show, "a table per metric key: every run's median and p99" },
	{ "trend", h_trend, "trend charts and a markdown/HTML page" },
	{ "steps", h_steps, "detected steps, one line each (--fail-on-regression for nightly CI)" },
};

int cmd_history(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		printf("usage: regionbench history SUBCOMMAND [OPTIONS]   (each has --help)\n\n"
		       "Run folders into an SQLite database (default results/history.db, --db PATH everywhere):\n"
		       "runs with their commit, time, host, kernel, CPU, backends and tools; per run (worker\n"
		       "process) the median and p99 of every metric; stress verdicts with per-kind counts.\n"
		       "A series is a metric key x backend x kernel x host.\n"
		       "bench, stress, report, matrix and ab take --history DB to import the run folders they make;\n"
		       "compare and ab --history DB take a metric's recorded between-run spread as the gate's prior.\n\n"
		       "subcommands:\n");
		for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
			printf("  %-8s %s\n", subs[i].name, subs[i].help);
		return argc < 2 ? 2 : 0;
	}
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].fn(argc - 1, argv + 1);
	return rb_usage_error("history", "unknown subcommand '%s' (expected import, list, show, trend or steps)", argv[1]);
}
