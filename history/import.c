/* import.c - run folders into the history database (see import.h). */
#include "import.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "opts.h"

/* ---- times and labels ---- */

static int digits(const char *s, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*out = *out * 10 + (s[i] - '0');
	}
	return 0;
}

int rbh_parse_time(const char *s, char *out, size_t n)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, zh = 0, zm = 0, sign = 0;
	if (strlen(s) < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
	    digits(s + 8, 2, &d))
		return -EINVAL;
	const char *p = s + 10;
	if (*p == 'T' || *p == ' ') {
		if (digits(p + 1, 2, &h) || p[3] != ':' || digits(p + 4, 2, &mi))
			return -EINVAL;
		p += 6;
		if (*p == ':') {
			if (digits(p + 1, 2, &sec))
				return -EINVAL;
			p += 3;
			if (*p == '.' || *p == ',') {
				p++;
				if (!isdigit((unsigned char)*p))
					return -EINVAL;
				while (isdigit((unsigned char)*p))
					p++;
			}
		}
		if (*p == 'Z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p == '+' ? 1 : -1;
			if (digits(p + 1, 2, &zh))
				return -EINVAL;
			p += 3;
			if (*p == ':')
				p++;
			if (digits(p, 2, &zm))
				return -EINVAL;
			p += 2;
		}
	}
	if (*p || y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 || zh > 23 || zm > 59)
		return -EINVAL;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = sec };
	time_t t = timegm(&tm);
	struct tm back;
	gmtime_r(&t, &back);
	if (back.tm_mday != d && sec < 60)
		return -EINVAL; /* 31 February */
	t -= (time_t)sign * (zh * 3600 + zm * 60);
	gmtime_r(&t, &back);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &back);
	return 0;
}

void rbh_backend_label(const char *spec, char *out, size_t n)
{
	const char *pre = "dir:/tmp/regionbench.";
	size_t pl = strlen(pre);
	if (!strncmp(spec, pre, pl)) {
		const char *p = spec + pl;
		while (isdigit((unsigned char)*p))
			p++;
		const char *name = *p == '.' && p > spec + pl ? p + 1 : NULL;
		const char *end = name ? strrchr(name, '.') : NULL;
		if (end && end > name && !strchr(end, '/')) {
			snprintf(out, n, "%.*s", (int)(end - name), name);
			return;
		}
	}
	snprintf(out, n, "%s", spec);
}

/* ---- reading a folder ---- */

static int load_table(const char *dir, const struct rb_table *t, struct rb_csv *c, int *idx, int partial, char *why,
		      size_t n)
{
	char path[PATH_MAX + 32], err[512];
	snprintf(path, sizeof(path), "%s/%s", dir, t->file);
	if (access(path, F_OK)) {
		snprintf(why, n, "no %s (written by regionbench from schema 1 on)", t->file);
		return -EINVAL;
	}
	if (rb_csv_load(path, c, err, sizeof(err))) {
		snprintf(why, n, "%s", err);
		return -EINVAL;
	}
	int ret = partial ? rb_csv_bind_partial(c, t, t->file, idx, err, sizeof(err))
			  : rb_csv_bind(c, t, t->file, idx, err, sizeof(err));
	if (ret)
		snprintf(why, n, "%s", err);
	return ret;
}

static int num_ok(const char *s, int may_be_empty)
{
	double v;
	return (may_be_empty && !*s) || !rb_csv_num(s, &v);
}

static int uint_ok(const char *s)
{
	if (!*s)
		return 0;
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	return strlen(s) <= 19;
}

static const char *cell(const struct rb_csv *c, size_t r, int col)
{
	return col >= 0 ? rb_csv_get(c, r, col) : "";
}

/* The descriptor row of (scenario, metric) in metrics.csv, or -1. */
static long metric_row(const struct rbh_folder *f, const char *scenario, const char *metric)
{
	for (size_t r = 0; r < f->metrics.nrows; r++)
		if (!strcmp(cell(&f->metrics, r, f->mi[RB_MET_SCENARIO]), scenario) &&
		    !strcmp(cell(&f->metrics, r, f->mi[RB_MET_METRIC]), metric))
			return (long)r;
	return -1;
}

static int check_rows(struct rbh_folder *f, char *why, size_t n)
{
	for (size_t r = 0; r < f->metrics.nrows; r++) {
		enum rb_unit u;
		enum rb_direction d;
		enum rb_axis a;
		const char *tail = cell(&f->metrics, r, f->mi[RB_MET_TAIL]);
		if (rb_unit_parse(cell(&f->metrics, r, f->mi[RB_MET_UNIT]), &u) ||
		    rb_direction_parse(cell(&f->metrics, r, f->mi[RB_MET_DIRECTION]), &d) ||
		    rb_axis_parse(cell(&f->metrics, r, f->mi[RB_MET_AXIS]), &a) || (strcmp(tail, "0") && strcmp(tail, "1"))) {
			snprintf(why, n, "metrics.csv line %zu: unit, direction, axis or tail is not one of the schema's values",
				 r + 2);
			return -EINVAL;
		}
	}
	for (size_t r = 0; r < f->runs.nrows; r++) {
		const int *i = f->ri;
		enum rb_status st;
		const char *scn = cell(&f->runs, r, i[RB_RUN_SCENARIO]), *met = cell(&f->runs, r, i[RB_RUN_METRIC]);
		if (strcmp(cell(&f->runs, r, i[RB_RUN_RUN_ID]), f->run_id)) {
			snprintf(why, n, "runs.csv line %zu belongs to run '%s', meta.csv to '%s'", r + 2,
				 cell(&f->runs, r, i[RB_RUN_RUN_ID]), f->run_id);
			return -EINVAL;
		}
		if (rb_status_parse(cell(&f->runs, r, i[RB_RUN_STATUS]), &st) || !uint_ok(cell(&f->runs, r, i[RB_RUN_SIZE_BYTES])) ||
		    !uint_ok(cell(&f->runs, r, i[RB_RUN_PROCS])) || !uint_ok(cell(&f->runs, r, i[RB_RUN_REP])) ||
		    !uint_ok(cell(&f->runs, r, i[RB_RUN_N])) || !num_ok(cell(&f->runs, r, i[RB_RUN_P50]), !rb_status_measured(st)) ||
		    !num_ok(cell(&f->runs, r, i[RB_RUN_P99]), !rb_status_measured(st)) ||
		    !num_ok(cell(&f->runs, r, i[RB_RUN_MEAN]), !rb_status_measured(st))) {
			snprintf(why, n, "runs.csv line %zu: a status or number is not valid", r + 2);
			return -EINVAL;
		}
		long m = metric_row(f, scn, met);
		if (m < 0) {
			snprintf(why, n, "runs.csv line %zu: metric '%s' of scenario '%s' has no descriptor in metrics.csv", r + 2,
				 met, scn);
			return -EINVAL;
		}
		if (strcmp(cell(&f->metrics, (size_t)m, f->mi[RB_MET_UNIT]), cell(&f->runs, r, i[RB_RUN_UNIT]))) {
			snprintf(why, n, "runs.csv line %zu: unit '%s' of %s, metrics.csv says '%s'", r + 2,
				 cell(&f->runs, r, i[RB_RUN_UNIT]), met, cell(&f->metrics, (size_t)m, f->mi[RB_MET_UNIT]));
			return -EINVAL;
		}
	}
	for (size_t r = 0; r < f->summary.nrows; r++) {
		const int *i = f->si;
		enum rb_status st;
		if (rb_status_parse(cell(&f->summary, r, i[RB_SUM_STATUS]), &st) ||
		    !uint_ok(cell(&f->summary, r, i[RB_SUM_SIZE_BYTES])) || !uint_ok(cell(&f->summary, r, i[RB_SUM_PROCS])) ||
		    !uint_ok(cell(&f->summary, r, i[RB_SUM_N])) || !num_ok(cell(&f->summary, r, i[RB_SUM_P50]), 1) ||
		    !num_ok(cell(&f->summary, r, i[RB_SUM_P99]), 1)) {
			snprintf(why, n, "summary.csv line %zu: a status or number is not valid", r + 2);
			return -EINVAL;
		}
	}
	static const int need[] = { RB_STR_SCENARIO, RB_STR_BACKEND, RB_STR_FS_TYPE, RB_STR_VARIANT, RB_STR_VERDICT,
				    RB_STR_INITIAL_SIZE_BYTES };
	for (size_t k = 0; f->has_stress && k < sizeof(need) / sizeof(need[0]); k++)
		if (f->ti[need[k]] < 0) {
			snprintf(why, n, "stress.csv: no column '%s'", rb_t_stress.cols[need[k]]);
			return -EINVAL;
		}
	for (size_t r = 0; f->has_stress && r < f->stress.nrows; r++) {
		if (!uint_ok(cell(&f->stress, r, f->ti[RB_STR_INITIAL_SIZE_BYTES]))) {
			snprintf(why, n, "stress.csv line %zu: initial_size_bytes is not a whole number", r + 2);
			return -EINVAL;
		}
		for (int k = 0; k < RB_V__N; k++)
			if (f->ti[RB_STR_KIND(k)] >= 0 && !uint_ok(cell(&f->stress, r, f->ti[RB_STR_KIND(k)]))) {
				snprintf(why, n, "stress.csv line %zu: count '%s' is not a whole number", r + 2,
					 rb_violation_name((enum rb_violation)k));
				return -EINVAL;
			}
	}
	return 0;
}

int rbh_folder_load(struct rbh_folder *f, const char *dir, const struct rbh_label *lab, char *why, size_t n)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "%s", dir);
	struct stat st;
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(why, n, "not a directory");
		return -ENOTDIR;
	}
	if (rb_rundir_incomplete(dir)) {
		snprintf(why, n, "incomplete: it has an INCOMPLETE marker (interrupted, or still running)");
		return -EINVAL;
	}
	char err[512];
	f->meta = calloc(1, sizeof(*f->meta));
	if (!f->meta)
		return -ENOMEM;
	if (rb_meta_read(dir, f->meta, err, sizeof(err))) {
		snprintf(why, n, "%s", err);
		return -EINVAL;
	}
	const char *id = rb_meta_get(f->meta, "run_id"), *kind = rb_meta_get(f->meta, "kind");
	const char *host = rb_meta_get(f->meta, "host"), *kernel = rb_meta_get(f->meta, "kernel_release");
	if (!id || !*id || strlen(id) >= sizeof(f->run_id)) {
		snprintf(why, n, "meta.csv has no run_id");
		return -EINVAL;
	}
	if (!kind || (strcmp(kind, "bench") && strcmp(kind, "stress"))) {
		snprintf(why, n, "meta.csv kind is '%s', not a bench or stress run (import the run folders it was made from)",
			 kind ? kind : "");
		return -EINVAL;
	}
	if (!host || !*host || !kernel || !*kernel) {
		snprintf(why, n, "meta.csv has no host or kernel_release");
		return -EINVAL;
	}
	snprintf(f->run_id, sizeof(f->run_id), "%s", id);
	snprintf(f->kind, sizeof(f->kind), "%s", kind);
	snprintf(f->host, sizeof(f->host), "%s", host);
	snprintf(f->kernel, sizeof(f->kernel), "%s", kernel);
	if (lab && lab->time) {
		snprintf(f->time, sizeof(f->time), "%s", lab->time);
	} else {
		const char *t = rb_meta_get(f->meta, "start_time");
		if (!t || !*t)
			t = rb_meta_get(f->meta, "end_time");
		if (!t || rbh_parse_time(t, f->time, sizeof(f->time))) {
			snprintf(why, n, "meta.csv has no valid start_time or end_time (label the run with --time ISO8601)");
			return -EINVAL;
		}
	}
	const char *c = lab && lab->commit ? lab->commit : rb_meta_get(f->meta, "git_commit");
	snprintf(f->commit, sizeof(f->commit), "%s", c && strcmp(c, "unknown") ? c : "");
	const char *b = rb_meta_get(f->meta, "git_branch");
	snprintf(f->branch, sizeof(f->branch), "%s", b && strcmp(b, "unknown") ? b : "");
	int ret;
	if ((ret = load_table(dir, &rb_t_metrics, &f->metrics, f->mi, 0, why, n)) ||
	    (ret = load_table(dir, &rb_t_runs, &f->runs, f->ri, 0, why, n)) ||
	    (ret = load_table(dir, &rb_t_summary, &f->summary, f->si, 0, why, n)))
		return ret;
	char sp[PATH_MAX + 16];
	snprintf(sp, sizeof(sp), "%s/stress.csv", dir);
	if (!access(sp, F_OK)) {
		if ((ret = load_table(dir, &rb_t_stress, &f->stress, f->ti, 1, why, n)))
			return ret;
		f->has_stress = 1;
	}
	return check_rows(f, why, n);
}

void rbh_folder_free(struct rbh_folder *f)
{
	free(f->meta);
	f->meta = NULL;
	rb_csv_free(&f->runs);
	rb_csv_free(&f->summary);
	rb_csv_free(&f->metrics);
	if (f->has_stress)
		rb_csv_free(&f->stress);
}

/* ---- writing ---- */

enum { Q_FIND_RUN, Q_RUN, Q_META, Q_BACKEND, Q_METRIC, Q_SERIES_ADD, Q_SERIES_ID, Q_POINT, Q_SUMMARY, Q_STRESS, Q_COUNT, Q__N };
static const char *const sql[Q__N] = {
	[Q_FIND_RUN] = "SELECT id FROM runs WHERE run_id = ?1",
	[Q_RUN] = "INSERT INTO runs (run_id, kind, time, git_commit, git_branch, git_dirty, host, kernel, kernel_version,"
		  " cpu, cpu_count, compiler, build_flags, tools, command_line, source, imported_at)"
		  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
		  " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
	[Q_META] = "INSERT OR REPLACE INTO run_meta (run, key, value) VALUES (?1, ?2, ?3)",
	[Q_BACKEND] = "INSERT INTO run_backends (run, idx, backend, spec, fs_type, mount_point, mount_options, block_size)"
		      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[Q_METRIC] = "INSERT INTO metrics (scenario, metric, unit, direction, axis, tail, description)"
		     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (scenario, metric) DO UPDATE SET"
		     " unit = excluded.unit, direction = excluded.direction, axis = excluded.axis, tail = excluded.tail,"
		     " description = excluded.description",
	[Q_SERIES_ADD] = "INSERT OR IGNORE INTO series (scenario, variant, size_bytes, procs, metric, backend, fs_type, host, kernel)"
			 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[Q_SERIES_ID] = "SELECT id FROM series WHERE scenario = ?1 AND variant = ?2 AND size_bytes = ?3 AND procs = ?4"
			" AND metric = ?5 AND backend = ?6 AND fs_type = ?7 AND host = ?8 AND kernel = ?9",
	[Q_POINT] = "INSERT INTO points (series, run, rep, n, p50, p99, mean, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[Q_SUMMARY] = "INSERT INTO summaries (series, run, n, p50, p99, status, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_STRESS] = "INSERT INTO stress (run, scenario, backend, fs_type, variant, writers, readers, duration_s,"
		     " records_written, records_verified, verdict) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[Q_COUNT] = "INSERT INTO stress_counts (stress, kind, count) VALUES (?1, ?2, ?3)",
};

struct ctx {
	struct rbh_db *db;
	sqlite3_stmt *q[Q__N];
	char *err;
	size_t errlen;
};

static void bt(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

/* Text, or NULL when empty. */
static void bt_opt(sqlite3_stmt *s, int i, const char *v)
{
	bt(s, i, v && *v ? v : NULL);
}

/* A numeric cell as REAL, or NULL when empty. */
static void bnum(sqlite3_stmt *s, int i, const char *v)
{
	double d;
	if (v && *v && !rb_csv_num(v, &d))
		sqlite3_bind_double(s, i, d);
	else
		sqlite3_bind_null(s, i);
}

static void bint(sqlite3_stmt *s, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_int64(s, i, (sqlite3_int64)strtoull(v, NULL, 10));
	else
		sqlite3_bind_null(s, i);
}

/* Step a statement to completion (and reset it). */
static int run_q(struct ctx *c, int k)
{
	int rc = sqlite3_step(c->q[k]);
	sqlite3_reset(c->q[k]);
	sqlite3_clear_bindings(c->q[k]);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		snprintf(c->err, c->errlen, "%s (a row given twice?)", sqlite3_errmsg(c->db->h));
		return -EINVAL;
	}
	return rbh_sqlerr(c->db, rc, "importing", c->err, c->errlen);
}

/* The series of a row: the key plus the run's host and kernel. */
static int series_id(struct ctx *c, const struct rbh_folder *f, const char *scn, const char *variant, const char *size,
		     const char *procs, const char *metric, const char *spec, const char *fs, sqlite3_int64 *id)
{
	char backend[512];
	rbh_backend_label(spec, backend, sizeof(backend));
	for (int k = Q_SERIES_ADD; k <= Q_SERIES_ID; k++) {
		sqlite3_stmt *s = c->q[k];
		bt(s, 1, scn);
		bt(s, 2, variant);
		bint(s, 3, size);
		bint(s, 4, procs);
		bt(s, 5, metric);
		bt(s, 6, backend);
		bt(s, 7, fs);
		bt(s, 8, f->host);
		bt(s, 9, f->kernel);
		if (k == Q_SERIES_ID) {
			int rc = sqlite3_step(s);
			*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			if (rc != SQLITE_ROW)
				return rbh_sqlerr(c->db, rc, "importing", c->err, c->errlen);
		} else {
			int ret = run_q(c, k);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/* A stress configuration's size: its initial size (summary's size_bytes is
 * the final size reached, which differs from run to run). */
static const char *config_size(const struct rbh_folder *f, const char *scn, const char *spec, const char *variant,
			       const char *size)
{
	for (size_t r = 0; f->has_stress && r < f->stress.nrows; r++)
		if (!strcmp(cell(&f->stress, r, f->ti[RB_STR_SCENARIO]), scn) &&
		    !strcmp(cell(&f->stress, r, f->ti[RB_STR_BACKEND]), spec) &&
		    !strcmp(cell(&f->stress, r, f->ti[RB_STR_VARIANT]), variant))
			return cell(&f->stress, r, f->ti[RB_STR_INITIAL_SIZE_BYTES]);
	return size;
}

/* The series of row r of runs.csv or summary.csv (their key columns have the
 * same ids in both tables). */
_Static_assert((int)RB_RUN_SCENARIO == (int)RB_SUM_SCENARIO && (int)RB_RUN_BACKEND == (int)RB_SUM_BACKEND &&
		       (int)RB_RUN_FS_TYPE == (int)RB_SUM_FS_TYPE && (int)RB_RUN_SIZE_BYTES == (int)RB_SUM_SIZE_BYTES &&
		       (int)RB_RUN_VARIANT == (int)RB_SUM_VARIANT && (int)RB_RUN_PROCS == (int)RB_SUM_PROCS &&
		       (int)RB_RUN_METRIC == (int)RB_SUM_METRIC,
	       "runs.csv and summary.csv key columns line up");
static int row_series(struct ctx *c, const struct rbh_folder *f, const struct rb_csv *t, const int *i, size_t r,
		      sqlite3_int64 *sid)
{
	const char *scn = cell(t, r, i[RB_RUN_SCENARIO]), *spec = cell(t, r, i[RB_RUN_BACKEND]);
	const char *var = cell(t, r, i[RB_RUN_VARIANT]);
	return series_id(c, f, scn, var, config_size(f, scn, spec, var, cell(t, r, i[RB_RUN_SIZE_BYTES])),
			 cell(t, r, i[RB_RUN_PROCS]), cell(t, r, i[RB_RUN_METRIC]), spec, cell(t, r, i[RB_RUN_FS_TYPE]), sid);
}

static int put_run(struct ctx *c, const struct rbh_folder *f, sqlite3_int64 *run)
{
	const struct rb_meta *m = f->meta;
	char tools[1024];
	snprintf(tools, sizeof(tools), "google_benchmark %s; %s; %s",
		 rb_meta_get(m, "google_benchmark_version") ? rb_meta_get(m, "google_benchmark_version") : "?",
		 rb_meta_get(m, "hyperfine_version") ? rb_meta_get(m, "hyperfine_version") : "hyperfine ?",
		 rb_meta_get(m, "gnuplot_version") ? rb_meta_get(m, "gnuplot_version") : "gnuplot ?");
	sqlite3_stmt *s = c->q[Q_RUN];
	bt(s, 1, f->run_id);
	bt(s, 2, f->kind);
	bt(s, 3, f->time);
	bt_opt(s, 4, f->commit);
	bt_opt(s, 5, f->branch);
	bt_opt(s, 6, rb_meta_get(m, "git_dirty"));
	bt(s, 7, f->host);
	bt(s, 8, f->kernel);
	bt_opt(s, 9, rb_meta_get(m, "kernel_version"));
	bt_opt(s, 10, rb_meta_get(m, "cpu_model"));
	bint(s, 11, rb_meta_get(m, "cpu_count") && uint_ok(rb_meta_get(m, "cpu_count")) ? rb_meta_get(m, "cpu_count") : NULL);
	bt_opt(s, 12, rb_meta_get(m, "compiler"));
	bt_opt(s, 13, rb_meta_get(m, "build_flags"));
	bt(s, 14, tools);
	bt_opt(s, 15, rb_meta_get(m, "command_line"));
	bt(s, 16, f->dir);
	int ret = run_q(c, Q_RUN);
	if (ret)
		return ret;
	*run = sqlite3_last_insert_rowid(c->db->h);
	for (int i = 0; i < m->n; i++) {
		sqlite3_bind_int64(c->q[Q_META], 1, *run);
		bt(c->q[Q_META], 2, m->kv[i].k);
		bt(c->q[Q_META], 3, m->kv[i].v);
		if ((ret = run_q(c, Q_META)))
			return ret;
	}
	int nb = rb_meta_backend_count(m);
	for (int i = 0; i < nb; i++) {
		char backend[512];
		const char *spec = rb_meta_backend(m, i, RB_BF_SPEC);
		rbh_backend_label(spec ? spec : "", backend, sizeof(backend));
		s = c->q[Q_BACKEND];
		sqlite3_bind_int64(s, 1, *run);
		sqlite3_bind_int(s, 2, i);
		bt(s, 3, backend);
		bt(s, 4, spec ? spec : "");
		bt_opt(s, 5, rb_meta_backend(m, i, RB_BF_FS_TYPE));
		bt_opt(s, 6, rb_meta_backend(m, i, RB_BF_MOUNT_POINT));
		bt_opt(s, 7, rb_meta_backend(m, i, RB_BF_MOUNT_OPTIONS));
		bt_opt(s, 8, rb_meta_backend(m, i, RB_BF_BLOCK_SIZE));
		if ((ret = run_q(c, Q_BACKEND)))
			return ret;
	}
	return 0;
}

static int put_rows(struct ctx *c, const struct rbh_folder *f, sqlite3_int64 run, struct rbh_import_stats *st)
{
	int ret;
	for (size_t r = 0; r < f->metrics.nrows; r++) {
		sqlite3_stmt *s = c->q[Q_METRIC];
		for (int k = 0; k < 7; k++) {
			static const int col[] = { RB_MET_SCENARIO, RB_MET_METRIC, RB_MET_UNIT, RB_MET_DIRECTION, RB_MET_AXIS,
						   RB_MET_TAIL, RB_MET_DESCRIPTION };
			if (col[k] == RB_MET_TAIL)
				bint(s, k + 1, cell(&f->metrics, r, f->mi[col[k]]));
			else
				bt(s, k + 1, cell(&f->metrics, r, f->mi[col[k]]));
		}
		if ((ret = run_q(c, Q_METRIC)))
			return ret;
	}
	sqlite3_int64 prev = -1;
	for (size_t r = 0; r < f->runs.nrows; r++) {
		const int *i = f->ri;
		const struct rb_csv *t = &f->runs;
		sqlite3_int64 sid;
		if ((ret = row_series(c, f, t, i, r, &sid)))
			return ret;
		st->series += sid != prev;
		prev = sid;
		sqlite3_stmt *s = c->q[Q_POINT];
		sqlite3_bind_int64(s, 1, sid);
		sqlite3_bind_int64(s, 2, run);
		bint(s, 3, cell(t, r, i[RB_RUN_REP]));
		bint(s, 4, cell(t, r, i[RB_RUN_N]));
		bnum(s, 5, cell(t, r, i[RB_RUN_P50]));
		bnum(s, 6, cell(t, r, i[RB_RUN_P99]));
		bnum(s, 7, cell(t, r, i[RB_RUN_MEAN]));
		bt(s, 8, cell(t, r, i[RB_RUN_STATUS]));
		if ((ret = run_q(c, Q_POINT)))
			return ret;
		st->points++;
	}
	for (size_t r = 0; r < f->summary.nrows; r++) {
		const int *i = f->si;
		const struct rb_csv *t = &f->summary;
		sqlite3_int64 sid;
		if ((ret = row_series(c, f, t, i, r, &sid)))
			return ret;
		sqlite3_stmt *s = c->q[Q_SUMMARY];
		sqlite3_bind_int64(s, 1, sid);
		sqlite3_bind_int64(s, 2, run);
		bint(s, 3, cell(t, r, i[RB_SUM_N]));
		bnum(s, 4, cell(t, r, i[RB_SUM_P50]));
		bnum(s, 5, cell(t, r, i[RB_SUM_P99]));
		bt(s, 6, cell(t, r, i[RB_SUM_STATUS]));
		bt(s, 7, cell(t, r, i[RB_SUM_REASON]));
		if ((ret = run_q(c, Q_SUMMARY)))
			return ret;
	}
	for (size_t r = 0; f->has_stress && r < f->stress.nrows; r++) {
		const int *i = f->ti;
		const struct rb_csv *t = &f->stress;
		sqlite3_stmt *s = c->q[Q_STRESS];
		char backend[512];
		rbh_backend_label(cell(t, r, i[RB_STR_BACKEND]), backend, sizeof(backend));
		sqlite3_bind_int64(s, 1, run);
		bt(s, 2, cell(t, r, i[RB_STR_SCENARIO]));
		bt(s, 3, backend);
		bt(s, 4, cell(t, r, i[RB_STR_FS_TYPE]));
		bt(s, 5, cell(t, r, i[RB_STR_VARIANT]));
		bint(s, 6, cell(t, r, i[RB_STR_WRITERS]));
		bint(s, 7, cell(t, r, i[RB_STR_READERS]));
		bnum(s, 8, cell(t, r, i[RB_STR_DURATION_S]));
		bint(s, 9, cell(t, r, i[RB_STR_RECORDS_WRITTEN]));
		bint(s, 10, cell(t, r, i[RB_STR_RECORDS_VERIFIED]));
		bt(s, 11, cell(t, r, i[RB_STR_VERDICT]));
		if ((ret = run_q(c, Q_STRESS)))
			return ret;
		sqlite3_int64 sid = sqlite3_last_insert_rowid(c->db->h);
		for (int k = 0; k < RB_V__N; k++) {
			if (i[RB_STR_KIND(k)] < 0)
				continue; /* a kind this writer does not count yet */
			sqlite3_bind_int64(c->q[Q_COUNT], 1, sid);
			bt(c->q[Q_COUNT], 2, rb_violation_name((enum rb_violation)k));
			bint(c->q[Q_COUNT], 3, cell(t, r, i[RB_STR_KIND(k)]));
			if ((ret = run_q(c, Q_COUNT)))
				return ret;
		}
		st->stress++;
	}
	return 0;
}

int rbh_import(struct rbh_db *db, const struct rbh_folder *f, struct rbh_import_stats *st, char *err, size_t errlen)
{
	struct ctx c = { db, { NULL }, err, errlen };
	memset(st, 0, sizeof(*st));
	int ret = 0;
	for (int k = 0; k < Q__N && !ret; k++) {
		int rc = sqlite3_prepare_v2(db->h, sql[k], -1, &c.q[k], NULL);
		if (rc != SQLITE_OK)
			ret = rbh_sqlerr(db, rc, "preparing the import", err, errlen);
	}
	if (!ret)
		ret = rbh_exec(db, "BEGIN IMMEDIATE", err, errlen);
	int in_tx = !ret;
	sqlite3_int64 run = 0;
	if (!ret) {
		bt(c.q[Q_FIND_RUN], 1, f->run_id);
		int rc = sqlite3_step(c.q[Q_FIND_RUN]);
		sqlite3_reset(c.q[Q_FIND_RUN]);
		if (rc == SQLITE_ROW)
			ret = 1; /* already there */
		else if (rc != SQLITE_DONE)
			ret = rbh_sqlerr(db, rc, "importing", err, errlen);
	}
	if (!ret && !(ret = put_run(&c, f, &run)) && !(ret = put_rows(&c, f, run, st)))
		ret = rbh_exec(db, "COMMIT", err, errlen);
	if (ret && in_tx)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	for (int k = 0; k < Q__N; k++)
		sqlite3_finalize(c.q[k]);
	return ret == 1 ? 0 : ret ? ret : 1;
}

/* ---- finding and importing folders ---- */

static int is_run_folder(const char *dir)
{
	char p[PATH_MAX + 16];
	snprintf(p, sizeof(p), "%s/meta.csv", dir);
	if (access(p, F_OK))
		return 0;
	struct rb_meta *m = calloc(1, sizeof(*m));
	char err[256];
	int yes = 1; /* unreadable: a folder to report, not to skip silently */
	if (m && !rb_meta_read(dir, m, err, sizeof(err))) {
		const char *k = rb_meta_get(m, "kind");
		yes = !k || !strcmp(k, "bench") || !strcmp(k, "stress");
	}
	free(m);
	return yes ? 1 : -1; /* -1: combined data (matrix, merged), not a run */
}

static int find_in(const char *path, int depth, rbh_found_fn fn, void *arg)
{
	int r = is_run_folder(path);
	if (r) {
		if (r > 0)
			fn(arg, path, NULL);
		return r > 0;
	}
	if (depth == 0)
		return 0;
	struct dirent **names;
	int n = scandir(path, &names, NULL, alphasort), found = 0;
	for (int i = 0; i < n; i++) {
		char sub[PATH_MAX];
		struct stat st;
		if (names[i]->d_name[0] != '.' &&
		    snprintf(sub, sizeof(sub), "%s/%s", path, names[i]->d_name) < (int)sizeof(sub) && !stat(sub, &st) &&
		    S_ISDIR(st.st_mode))
			found += find_in(sub, depth - 1, fn, arg);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	return found;
}

void rbh_find_runs(const char *path, rbh_found_fn fn, void *arg)
{
	struct stat st;
	if (stat(path, &st) || !S_ISDIR(st.st_mode))
		fn(arg, path, "not a directory");
	else if (!find_in(path, 4, fn, arg))
		fn(arg, path, "no run folder in it (a run folder holds meta.csv of a bench or stress run)");
}

struct import_job {
	struct rbh_db *db;
	const struct rbh_label *lab;
	FILE *log;
	int skipped, fatal;
	char *err;
	size_t errlen;
};

static void import_one(void *arg, const char *dir, const char *why)
{
	struct import_job *j = arg;
	if (j->fatal)
		return;
	if (why) {
		fprintf(j->log, "history: skipped %s: %s\n", dir, why);
		j->skipped++;
		return;
	}
	struct rbh_folder f;
	char reason[1024];
	if (rbh_folder_load(&f, dir, j->lab, reason, sizeof(reason))) {
		fprintf(j->log, "history: skipped %s: %s\n", dir, reason);
		j->skipped++;
		rbh_folder_free(&f);
		return;
	}
	struct rbh_import_stats st;
	int ret = rbh_import(j->db, &f, &st, reason, sizeof(reason));
	if (ret == 1)
		fprintf(j->log, "history: imported %s (%s, %zu runs of %zu series, %zu stress verdicts) from %s\n", f.run_id,
			f.kind, st.points, st.series, st.stress, dir);
	else if (ret == 0)
		fprintf(j->log, "history: %s is already in the database (from %s)\n", f.run_id, dir);
	else if (ret == -EINVAL) {
		fprintf(j->log, "history: skipped %s: %s\n", dir, reason);
		j->skipped++;
	} else {
		snprintf(j->err, j->errlen, "%s", reason);
		j->fatal = ret;
	}
	rbh_folder_free(&f);
}

int rbh_import_paths(const char *db_path, const char *const *paths, int npaths, const struct rbh_label *lab, FILE *log,
		     char *err, size_t errlen)
{
	struct rbh_db db;
	int ret = rbh_open(&db, db_path, RBH_WRITE, err, errlen);
	if (ret)
		return 2;
	struct import_job j = { &db, lab, log, 0, 0, err, errlen };
	for (int i = 0; i < npaths && !j.fatal; i++)
		rbh_find_runs(paths[i], import_one, &j);
	rbh_close(&db);
	if (j.fatal)
		return j.fatal == -EBADMSG ? 2 : 1;
	return j.skipped ? 1 : 0;
}

int rbh_history_option(const char *cmd, const char *db_path)
{
	char err[1024];
	if (db_path && rbh_check(db_path, 0, err, sizeof(err)))
		return rb_usage_error(cmd, "--history: %s", err);
	return 0;
}

int rbh_import_after(const char *cmd, const char *db_path, const char *const *dirs, int n, int code)
{
	if (!db_path || n <= 0 || (code != 0 && code != 1))
		return code; /* nothing made: a usage error, a skip, a signal */
	const char **done = calloc((size_t)n, sizeof(*done));
	int k = 0;
	for (int i = 0; done && i < n; i++)
		if (dirs[i] && dirs[i][0] && !rb_rundir_incomplete(dirs[i]))
			done[k++] = dirs[i];
	char err[1024] = "";
	int r = !done ? 1 : k ? rbh_import_paths(db_path, done, k, NULL, stderr, err, sizeof(err)) : 0;
	free(done);
	if (r)
		fprintf(stderr, "regionbench %s: --history %s: %s\n", cmd, db_path,
			err[0] ? err : "not every run folder could be imported");
	return code == 0 && r ? 1 : code;
}
