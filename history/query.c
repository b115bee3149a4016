/* query.c - series, points, steps and variance priors (see query.h). */
#include "query.h"

#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "import.h"
#include "parse.h"
#include "stats.h"

static void copy_col(char *dst, size_t n, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	snprintf(dst, n, "%s", t ? (const char *)t : "");
}

static void make_key(struct rbh_series *s)
{
	char size[32];
	rb_fmt_size(s->size_bytes, size, sizeof(size));
	snprintf(s->key, sizeof(s->key), "%s%s%s/%s/p%d/%s", s->scenario, s->variant[0] ? "/" : "", s->variant, size,
		 s->procs, s->metric);
}

#define SERIES_COLS                                                                                                \
	"s.id, s.scenario, s.variant, s.size_bytes, s.procs, s.metric, s.backend, s.fs_type, s.host, s.kernel,"     \
	" coalesce(m.unit, ''), coalesce(m.direction, 'none')"                                                     \
	" FROM series s LEFT JOIN metrics m ON m.scenario = s.scenario AND m.metric = s.metric"

static void read_series(sqlite3_stmt *st, struct rbh_series *s)
{
	memset(s, 0, sizeof(*s));
	s->id = sqlite3_column_int64(st, 0);
	copy_col(s->scenario, sizeof(s->scenario), st, 1);
	copy_col(s->variant, sizeof(s->variant), st, 2);
	s->size_bytes = (uint64_t)sqlite3_column_int64(st, 3);
	s->procs = sqlite3_column_int(st, 4);
	copy_col(s->metric, sizeof(s->metric), st, 5);
	copy_col(s->backend, sizeof(s->backend), st, 6);
	copy_col(s->fs_type, sizeof(s->fs_type), st, 7);
	copy_col(s->host, sizeof(s->host), st, 8);
	copy_col(s->kernel, sizeof(s->kernel), st, 9);
	copy_col(s->unit, sizeof(s->unit), st, 10);
	char dir[16];
	copy_col(dir, sizeof(dir), st, 11);
	if (rb_direction_parse(dir, &s->dir))
		s->dir = RB_DIR_NONE;
	make_key(s);
}

static int by_key(const void *a, const void *b)
{
	const struct rbh_series *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (!c)
		c = strcmp(x->backend, y->backend);
	if (!c)
		c = strcmp(x->host, y->host);
	if (!c)
		c = strcmp(x->kernel, y->kernel);
	return c;
}

int rbh_series_list(struct rbh_db *db, const char *re, struct rbh_series **out, size_t *n, char *err, size_t errlen)
{
	regex_t rx;
	*out = NULL;
	*n = 0;
	if (re && regcomp(&rx, re, REG_EXTENDED | REG_NOSUB)) {
		snprintf(err, errlen, "'%s' is not a valid regular expression", re);
		return -EINVAL;
	}
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->h, "SELECT " SERIES_COLS, -1, &st, NULL), ret = 0;
	size_t cap = 0;
	if (rc != SQLITE_OK) {
		ret = rbh_sqlerr(db, rc, "listing series", err, errlen);
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rbh_series s;
		read_series(st, &s);
		if (re && regexec(&rx, s.key, 0, NULL, 0))
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			struct rbh_series *p = realloc(*out, cap * sizeof(**out));
			if (!p) {
				ret = -ENOMEM;
				break;
			}
			*out = p;
		}
		(*out)[(*n)++] = s;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = rbh_sqlerr(db, rc, "listing series", err, errlen);
	sqlite3_finalize(st);
	if (!ret && *n)
		qsort(*out, *n, sizeof(**out), by_key);
out:
	if (re)
		regfree(&rx);
	if (ret) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return ret;
}

int rbh_points(struct rbh_db *db, long long series, struct rbh_point **out, size_t *n, char *err, size_t errlen)
{
	static const char q[] = "SELECT r.id, r.run_id, r.time, coalesce(r.git_commit, ''), r.kernel, p.rep, p.n, p.p50, p.p99,"
				" p.status FROM points p JOIN runs r ON r.id = p.run WHERE p.series = ?1 AND p.p50 IS NOT NULL"
				" AND p.status IN ('ok', 'interference', 'unstable') ORDER BY r.time, r.run_id, p.rep";
	sqlite3_stmt *st;
	*out = NULL;
	*n = 0;
	int rc = sqlite3_prepare_v2(db->h, q, -1, &st, NULL), ret = 0;
	if (rc != SQLITE_OK)
		return rbh_sqlerr(db, rc, "reading points", err, errlen);
	sqlite3_bind_int64(st, 1, series);
	size_t cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			struct rbh_point *p = realloc(*out, cap * sizeof(**out));
			if (!p) {
				ret = -ENOMEM;
				break;
			}
			*out = p;
		}
		struct rbh_point *p = &(*out)[(*n)++];
		p->run = sqlite3_column_int64(st, 0);
		copy_col(p->run_id, sizeof(p->run_id), st, 1);
		copy_col(p->time, sizeof(p->time), st, 2);
		copy_col(p->commit, sizeof(p->commit), st, 3);
		copy_col(p->kernel, sizeof(p->kernel), st, 4);
		p->rep = (unsigned)sqlite3_column_int(st, 5);
		p->n = (size_t)sqlite3_column_int64(st, 6);
		p->p50 = sqlite3_column_double(st, 7);
		p->p99 = sqlite3_column_type(st, 8) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 8);
		copy_col(p->status, sizeof(p->status), st, 9);
	}
	if (!ret && rc != SQLITE_DONE)
		ret = rbh_sqlerr(db, rc, "reading points", err, errlen);
	sqlite3_finalize(st);
	if (ret) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return ret;
}

const char *rbh_step_kind_name(enum rbh_step_kind k)
{
	static const char *const names[] = { "regression", "improvement", "change" };
	return names[k];
}

/* FNV-1a of the series' identity: the seed of its permutation tests. */
static uint64_t series_seed(const struct rbh_series *s)
{
	const char *parts[] = { s->key, s->backend, s->fs_type, s->host, s->kernel };
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		for (const char *c = parts[i]; *c; c++)
			h = (h ^ (unsigned char)*c) * 1099511628211ull;
		h = (h ^ 0x1f) * 1099511628211ull; /* a separator */
	}
	return h;
}

int rbh_steps(const struct rbh_series *s, const struct rbh_point *pt, size_t n, const struct rbh_detect_params *p,
	      struct rbh_step **out)
{
	*out = NULL;
	if (n == 0)
		return 0;
	double *x = malloc(n * sizeof(double));
	unsigned char *cut = malloc(n);
	struct rbh_cp *cp = malloc(n * sizeof(*cp));
	int k = -ENOMEM;
	if (!x || !cut || !cp)
		goto out;
	for (size_t i = 0; i < n; i++) {
		x[i] = pt[i].p50;
		/* runs of one commit (or, without a commit, of one run folder) stay together */
		cut[i] = i == 0 || (pt[i].commit[0] || pt[i - 1].commit[0] ? strcmp(pt[i].commit, pt[i - 1].commit) != 0
									    : pt[i].run != pt[i - 1].run);
	}
	struct rbh_detect_params q = *p;
	q.seed ^= series_seed(s);
	k = rbh_detect(x, n, cut, &q, cp, n);
	if (k <= 0)
		goto out;
	*out = calloc((size_t)k, sizeof(**out));
	if (!*out) {
		k = -ENOMEM;
		goto out;
	}
	for (int i = 0; i < k; i++) {
		struct rbh_step *st = &(*out)[i];
		st->at = cp[i].at;
		st->before = cp[i].before;
		st->after = cp[i].after;
		st->ratio = cp[i].before != 0 ? cp[i].after / cp[i].before : NAN;
		st->p = cp[i].p;
		st->kind = s->dir == RB_DIR_NONE ? RBH_CHANGE
			   : (st->ratio > 1) == (s->dir == RB_DIR_LOWER) ? RBH_REGRESSION
									 : RBH_IMPROVEMENT;
	}
out:
	free(x);
	free(cut);
	free(cp);
	return k;
}

static double median_of(const double *v, size_t n, double *buf)
{
	memcpy(buf, v, n * sizeof(double));
	rb_sort_doubles(buf, n);
	return rb_quantile_sorted(buf, n, 0.5);
}

int rbh_prior(struct rbh_db *db, const char *scenario, const char *variant, uint64_t size_bytes, int procs,
	      const char *metric, const char *backend_spec, const char *fs_type, const char *host, const char *kernel,
	      int p99, struct rbh_prior *out, char *err, size_t errlen)
{
	char backend[512];
	rbh_backend_label(backend_spec, backend, sizeof(backend));
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->h,
				    "SELECT " SERIES_COLS " WHERE s.scenario = ?1 AND s.variant = ?2 AND s.size_bytes = ?3"
				    " AND s.procs = ?4 AND s.metric = ?5 AND s.backend = ?6 AND (?7 IS NULL OR s.fs_type = ?7)"
				    " AND s.host = ?8 AND s.kernel = ?9",
				    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rbh_sqlerr(db, rc, "looking up a series", err, errlen);
	const char *txt[] = { scenario, variant, NULL, NULL, metric, backend, fs_type, host, kernel };
	for (int i = 0; i < 9; i++)
		if (txt[i])
			sqlite3_bind_text(st, i + 1, txt[i], -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)size_bytes);
	sqlite3_bind_int(st, 4, procs);
	struct rbh_series s;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_series(st, &s);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE) {
		snprintf(err, errlen, "no series %s/%s on %s, host %s, kernel %s in the history", scenario, metric, backend,
			 host, kernel);
		return -ENOENT;
	}
	if (rc != SQLITE_ROW)
		return rbh_sqlerr(db, rc, "looking up a series", err, errlen);
	struct rbh_point *pt;
	size_t n;
	int ret = rbh_points(db, s.id, &pt, &n, err, errlen);
	if (ret)
		return ret;
	struct rbh_detect_params p = RBH_DETECT_DEFAULTS;
	struct rbh_step *steps;
	int k = rbh_steps(&s, pt, n, &p, &steps);
	size_t from = k > 0 ? steps[k - 1].at : 0;
	if (k > 0)
		free(steps);
	ret = k < 0 ? k : 0;
	size_t m = n - from;
	if (!ret && m < 2) {
		snprintf(err, errlen, "series %s on %s has %zu run(s) since its last step (a spread needs 2)", s.key, backend, m);
		ret = -ENOENT;
	}
	double *v = ret ? NULL : malloc(m * sizeof(double)), *buf = ret ? NULL : malloc(m * sizeof(double));
	if (!ret && (!v || !buf))
		ret = -ENOMEM;
	if (!ret) { /* the runs that have the statistic (a p99 may be missing) */
		size_t k = 0;
		for (size_t i = 0; i < m; i++)
			if (!isnan(p99 ? pt[from + i].p99 : pt[from + i].p50))
				v[k++] = p99 ? pt[from + i].p99 : pt[from + i].p50;
		m = k;
		if (m < 2) {
			snprintf(err, errlen, "series %s on %s has %zu run(s) with a %s since its last step (a spread needs 2)",
				 s.key, backend, m, p99 ? "p99" : "median");
			ret = -ENOENT;
		}
	}
	if (!ret) {
		/* robust: 1.4826 MAD / median, so one process that landed badly does not set the prior */
		double med = median_of(v, m, buf);
		for (size_t i = 0; i < m; i++)
			v[i] = fabs(v[i] - med);
		out->runs = m;
		out->cv = 1.4826 * median_of(v, m, buf) / fabs(med);
		snprintf(out->since, sizeof(out->since), "%s", pt[from].time);
	}
	free(v);
	free(buf);
	free(pt);
	return ret;
}
