/* compare.c - run folders -> gated rows -> verdicts. The evidence of a row is
 * the runs (worker processes) of one configuration and metric: runs.csv's p50,
 * and for tail metrics a second row on its p99. */
#include "compare.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "meta.h"

const char *const rb_compare_needs[] = { "meta.csv", "summary.csv", "runs.csv", "metrics.csv", NULL };

enum { NK = 6 };
static const int key_cols[NK] = { RB_RUN_SCENARIO, RB_RUN_BACKEND, RB_RUN_SIZE_BYTES,
				  RB_RUN_VARIANT,  RB_RUN_PROCS,   RB_RUN_METRIC };
static const int sum_key_cols[NK] = { RB_SUM_SCENARIO, RB_SUM_BACKEND, RB_SUM_SIZE_BYTES,
				      RB_SUM_VARIANT,  RB_SUM_PROCS,   RB_SUM_METRIC };
#define SEP '\x1f'

/* What a runs.csv row is to the gate. */
enum ev_use {
	EV_USE,	     /* evidence */
	EV_EXCLUDED, /* status interference or unstable: left out (counted) unless --include-disturbed */
	EV_NONE,     /* status error or skipped: no numbers */
};

/* One run of one configuration and metric. */
struct ev {
	char *key; /* the key cells joined by SEP */
	char *id;  /* run_id SEP rep: which run (one row per run and key) */
	unsigned line; /* in its runs.csv */
	unsigned round;
	double v[RB_RSTAT__N];
	double n;
	enum ev_use use;
};

/* One summary.csv row: a configuration and metric of one run. */
struct srow {
	char *kr; /* the key cells, then run_id, joined by SEP */
	unsigned line;
	enum rb_status st;
	int has_runs; /* n > 0 and measured: runs.csv must have its runs */
	int seen;     /* a runs.csv row names it */
};

/* A metric's descriptor, from metrics.csv. */
struct desc {
	char *key; /* scenario SEP metric */
	enum rb_direction dir;
	int tail;
};

struct side {
	struct ev *ev;
	size_t n, cap;
	struct desc *d;
	size_t nd, capd;
	char **err_keys; /* configurations and metrics with status error in summary.csv (sorted) */
	size_t nerr, caperr;
	int include_disturbed;
};

static void side_free(struct side *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->ev[i].key);
		free(s->ev[i].id);
	}
	for (size_t i = 0; i < s->nd; i++)
		free(s->d[i].key);
	for (size_t i = 0; i < s->nerr; i++)
		free(s->err_keys[i]);
	free(s->ev);
	free(s->d);
	free(s->err_keys);
	memset(s, 0, sizeof(*s));
}

/* Grow *v (elements of size sz, *cap of them) to hold one more than n. */
static int grow(void *v, size_t n, size_t *cap, size_t sz, size_t first)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? 2 * *cap : first;
	void *nv = realloc(*(void **)v, c * sz);
	if (!nv)
		return -ENOMEM;
	*(void **)v = nv;
	*cap = c;
	return 0;
}

static char *join(const struct rb_csv *t, size_t r, const int *idx, const int *cols, int ncols)
{
	size_t len = 1;
	for (int k = 0; k < ncols; k++)
		len += strlen(rb_csv_get(t, r, idx[cols[k]])) + 1;
	char *s = malloc(len), *o = s;
	for (int k = 0; s && k < ncols; k++) {
		const char *c = rb_csv_get(t, r, idx[cols[k]]);
		size_t l = strlen(c);
		memcpy(o, c, l);
		o += l;
		*o++ = k + 1 < ncols ? SEP : '\0';
	}
	return s;
}

/* dir/<tb's file> loaded and bound by header name (its path left in p). */
static int load_table(const char *dir, const struct rb_table *tb, struct rb_csv *t, int *idx, char *p, size_t pn,
		      char *err, size_t errlen)
{
	snprintf(p, pn, "%s/%s", dir, tb->file);
	if (rb_csv_load(p, t, err, errlen))
		return -EINVAL;
	if (rb_csv_bind(t, tb, p, idx, err, errlen)) {
		rb_csv_free(t);
		return -EINVAL;
	}
	return 0;
}

static int load_runs(struct side *s, const char *dir, unsigned round, char *err, size_t errlen)
{
	char p[4200];
	struct rb_csv t;
	int idx[RB_RUN__N];
	if (load_table(dir, &rb_t_runs, &t, idx, p, sizeof(p), err, errlen))
		return -EINVAL;
	int ret = 0;
	for (size_t r = 0; r < t.nrows && !ret; r++) {
		enum rb_status st;
		const char *sc = rb_csv_get(&t, r, idx[RB_RUN_STATUS]);
		if (rb_status_parse(sc, &st)) {
			snprintf(err, errlen, "%s: line %zu: status '%s' is not one of the statuses", p, r + 2, sc);
			ret = -EINVAL;
			break;
		}
		struct ev e = { .round = round, .line = (unsigned)(r + 2) };
		e.use = !rb_status_measured(st)			       ? EV_NONE
			: st == RB_OK || s->include_disturbed ? EV_USE
							      : EV_EXCLUDED;
		static const int vc[RB_RSTAT__N] = { RB_RUN_P50, RB_RUN_P99 };
		for (int k = 0; k < RB_RSTAT__N; k++) {
			const char *c = rb_csv_get(&t, r, idx[vc[k]]);
			if (!*c || e.use == EV_NONE) { /* too few samples for this percentile: no evidence of it */
				e.v[k] = NAN;
			} else if (rb_csv_num(c, &e.v[k])) {
				snprintf(err, errlen, "%s: line %zu: %s '%s' is not a finite number", p, r + 2,
					 rb_t_runs.cols[vc[k]], c);
				ret = -EINVAL;
			}
		}
		const char *nc = rb_csv_get(&t, r, idx[RB_RUN_N]);
		if (!ret && (rb_csv_num(nc, &e.n) || (e.n < 1 && e.use != EV_NONE))) {
			snprintf(err, errlen, "%s: line %zu: n '%s' is not a sample count", p, r + 2, nc);
			ret = -EINVAL;
		}
		if (ret)
			break;
		if (grow(&s->ev, s->n, &s->cap, sizeof(*s->ev), 256)) {
			ret = -ENOMEM;
			break;
		}
		static const int id_cols[2] = { RB_RUN_RUN_ID, RB_RUN_REP };
		if (!(e.key = join(&t, r, idx, key_cols, NK)) || !(e.id = join(&t, r, idx, id_cols, 2))) {
			free(e.key);
			ret = -ENOMEM;
			break;
		}
		s->ev[s->n++] = e;
	}
	if (ret == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", p);
	rb_csv_free(&t);
	return ret;
}

static int load_metrics(struct side *s, const char *dir, char *err, size_t errlen)
{
	char p[4200];
	struct rb_csv t;
	int idx[RB_MET__N];
	if (load_table(dir, &rb_t_metrics, &t, idx, p, sizeof(p), err, errlen))
		return -EINVAL;
	int ret = 0;
	static const int kc[2] = { RB_MET_SCENARIO, RB_MET_METRIC };
	for (size_t r = 0; r < t.nrows && !ret; r++) {
		struct desc d;
		const char *dc = rb_csv_get(&t, r, idx[RB_MET_DIRECTION]), *tc = rb_csv_get(&t, r, idx[RB_MET_TAIL]);
		if (rb_direction_parse(dc, &d.dir) || (strcmp(tc, "0") && strcmp(tc, "1"))) {
			snprintf(err, errlen, "%s: line %zu: direction '%s' / tail '%s' is not valid", p, r + 2, dc, tc);
			ret = -EINVAL;
			break;
		}
		d.tail = tc[0] == '1';
		if (s->nd == s->capd) {
			size_t cap = s->capd ? 2 * s->capd : 32;
			struct desc *nd = realloc(s->d, cap * sizeof(*nd));
			if (!nd) {
				ret = -ENOMEM;
				break;
			}
			s->d = nd;
			s->capd = cap;
		}
		if (!(d.key = join(&t, r, idx, kc, 2))) {
			ret = -ENOMEM;
			break;
		}
		s->d[s->nd++] = d;
	}
	if (ret == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", p);
	rb_csv_free(&t);
	return ret;
}

/* summary.csv: every configuration and metric of every run, with its status. */
static int load_summary(struct side *s, const char *dir, struct srow **rows, size_t *nrows, char *err, size_t errlen)
{
	char p[4200];
	struct rb_csv t;
	int idx[RB_SUM__N];
	size_t cap = 0;
	*rows = NULL;
	*nrows = 0;
	if (load_table(dir, &rb_t_summary, &t, idx, p, sizeof(p), err, errlen))
		return -EINVAL;
	int ret = 0;
	static const int kr_cols[NK + 1] = { RB_SUM_SCENARIO, RB_SUM_BACKEND, RB_SUM_SIZE_BYTES, RB_SUM_VARIANT,
					     RB_SUM_PROCS,    RB_SUM_METRIC,  RB_SUM_RUN_ID };
	for (size_t r = 0; r < t.nrows && !ret; r++) {
		struct srow x = { .line = (unsigned)(r + 2) };
		const char *sc = rb_csv_get(&t, r, idx[RB_SUM_STATUS]), *nc = rb_csv_get(&t, r, idx[RB_SUM_N]);
		double n;
		if (rb_status_parse(sc, &x.st) || rb_csv_num(nc, &n) || n < 0) {
			snprintf(err, errlen, "%s: line %zu: status '%s' / n '%s' is not valid", p, r + 2, sc, nc);
			ret = -EINVAL;
			break;
		}
		x.has_runs = n > 0;
		if (grow(rows, *nrows, &cap, sizeof(**rows), 64) || !(x.kr = join(&t, r, idx, kr_cols, NK + 1))) {
			ret = -ENOMEM;
			break;
		}
		(*rows)[(*nrows)++] = x;
		if (x.st == RB_ERROR) {
			char *k = join(&t, r, idx, sum_key_cols, NK);
			if (!k || grow(&s->err_keys, s->nerr, &s->caperr, sizeof(char *), 16)) {
				free(k);
				ret = -ENOMEM;
				break;
			}
			s->err_keys[s->nerr++] = k;
		}
	}
	if (ret == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", p);
	rb_csv_free(&t);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_srow(const void *a, const void *b)
{
	return strcmp(((const struct srow *)a)->kr, ((const struct srow *)b)->kr);
}

/* run_id is one of the runs meta.csv describes (run_id, or run.<i>.run_id of a merged folder). */
static int meta_has_run(const struct rb_meta *m, const char *rid)
{
	const char *v = rb_meta_get(m, "run_id");
	if (v && !strcmp(v, rid))
		return 1;
	char key[64];
	for (int i = 0; snprintf(key, sizeof(key), "run.%d.run_id", i), (v = rb_meta_get(m, key)); i++)
		if (!strcmp(v, rid))
			return 1;
	return 0;
}

/* A key (cells joined by SEP) as text: the cells separated by blanks. */
static const char *key_words(const char *key, char *buf, size_t n)
{
	snprintf(buf, n, "%s", key);
	for (char *c = buf; *c; c++)
		if (*c == SEP)
			*c = ' ';
	return buf;
}

/* One run folder's runs.csv (s->ev from n0 on) against its summary.csv and
 * meta.csv: the same configurations, metrics and run ids, one schema version. */
static int cross_check(const char *dir, const struct side *s, size_t n0, struct srow *rows, size_t nrows,
		       const struct rb_meta *m, char *err, size_t errlen)
{
	const char *sv = rb_meta_get(m, "schema_version");
	char want[16], kb[1200], kw[1200];
	snprintf(want, sizeof(want), "%d", RB_SCHEMA_VERSION);
	if (sv && strcmp(sv, want)) {
		snprintf(err, errlen, "%s/meta.csv: schema_version '%s', but runs.csv has %s (the files disagree)", dir, sv,
			 want);
		return -EINVAL;
	}
	if (nrows)
		qsort(rows, nrows, sizeof(*rows), cmp_srow);
	for (size_t i = n0; i < s->n; i++) {
		const struct ev *e = &s->ev[i];
		const char *rep = strchr(e->id, SEP);
		size_t rl = rep ? (size_t)(rep - e->id) : strlen(e->id);
		snprintf(kb, sizeof(kb), "%s%c%.*s", e->key, SEP, (int)rl, e->id);
		const char *rid = kb + strlen(e->key) + 1;
		if (!meta_has_run(m, rid)) {
			snprintf(err, errlen, "%s/runs.csv: line %u: run_id '%s' is not a run of its meta.csv (the files disagree)",
				 dir, e->line, rid);
			return -EINVAL;
		}
		struct srow key = { .kr = kb }, *f = nrows ? bsearch(&key, rows, nrows, sizeof(*rows), cmp_srow) : NULL;
		if (!f) {
			snprintf(err, errlen, "%s/runs.csv: line %u: %s (run %s) is not in summary.csv (the files disagree)", dir,
				 e->line, key_words(e->key, kw, sizeof(kw)), rid);
			return -EINVAL;
		}
		f->seen = 1;
	}
	for (size_t i = 0; i < nrows; i++) {
		const char *rid = strrchr(rows[i].kr, SEP);
		rid = rid ? rid + 1 : "";
		if (!meta_has_run(m, rid) || (rows[i].has_runs && !rows[i].seen)) {
			snprintf(kb, sizeof(kb), "%.*s", (int)(rid > rows[i].kr ? rid - rows[i].kr - 1 : 0), rows[i].kr);
			snprintf(err, errlen, "%s/summary.csv: line %u: %s (run %s) %s (the files disagree)", dir, rows[i].line,
				 key_words(kb, kw, sizeof(kw)), rid,
				 rows[i].has_runs && !rows[i].seen ? "has no run in runs.csv" : "is not a run of its meta.csv");
			return -EINVAL;
		}
	}
	return 0;
}

static int cmp_ev(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;
	int d = strcmp(x->key, y->key);
	if (!d)
		d = (x->round > y->round) - (x->round < y->round);
	return d ? d : strcmp(x->id, y->id);
}

static const struct desc *find_desc(const struct side *s, const char *key)
{
	/* key: scenario SEP backend SEP ... SEP metric */
	const char *scen_end = strchr(key, SEP), *metric = strrchr(key, SEP);
	if (!scen_end || !metric)
		return NULL;
	size_t sl = (size_t)(scen_end - key);
	metric++;
	for (size_t i = 0; i < s->nd; i++) {
		const char *dk = s->d[i].key;
		if (!strncmp(dk, key, sl) && dk[sl] == SEP && !strcmp(dk + sl + 1, metric))
			return &s->d[i];
	}
	return NULL;
}

/* The candidate's stress verdicts: any violation or a failed verdict fails the
 * gate, and so does no stress.csv where the baseline has one (expected: the
 * verification did not run). */
static int stress_failures(const char *dir, int expected, char *msg, size_t n, int *fails, char *err, size_t errlen)
{
	char p[4200];
	snprintf(p, sizeof(p), "%s/stress.csv", dir);
	if (access(p, F_OK)) {
		if (expected) {
			size_t l = strlen(msg);
			snprintf(msg + l, n - l, "%s%s: no stress.csv (the baseline has one)", *fails ? "; " : "", dir);
			(*fails)++;
		}
		return 0;
	}
	struct rb_csv t;
	if (rb_csv_load(p, &t, err, errlen))
		return -EINVAL;
	/* the verdict and the count of every violation kind stress.csv has (by name) */
	int vc = rb_csv_col(&t, rb_t_stress.cols[RB_STR_VERDICT]), sc = rb_csv_col(&t, rb_t_stress.cols[RB_STR_SCENARIO]),
	    varc = rb_csv_col(&t, rb_t_stress.cols[RB_STR_VARIANT]);
	if (vc < 0 || sc < 0 || varc < 0) {
		snprintf(err, errlen, "%s: no verdict, scenario or variant column", p);
		rb_csv_free(&t);
		return -EINVAL;
	}
	int kc[RB_V__N];
	for (int k = 0; k < RB_V__N; k++)
		kc[k] = rb_csv_col(&t, rb_violation_name((enum rb_violation)k));
	for (size_t r = 0; r < t.nrows; r++) {
		const char *verdict = rb_csv_get(&t, r, vc);
		char kinds[512] = "";
		for (int k = 0; k < RB_V__N; k++) {
			const char *c = kc[k] >= 0 ? rb_csv_get(&t, r, kc[k]) : "0";
			if (strcmp(c, "0")) {
				size_t l = strlen(kinds);
				snprintf(kinds + l, sizeof(kinds) - l, ", %s %s", rb_violation_name((enum rb_violation)k), c);
			}
		}
		if (strcmp(verdict, "pass") || kinds[0]) {
			size_t l = strlen(msg);
			snprintf(msg + l, n - l, "%s%s %s: verdict %s%s", *fails ? "; " : "",
				 rb_csv_get(&t, r, sc), rb_csv_get(&t, r, varc), verdict,
				 kinds);
			(*fails)++;
		}
	}
	rb_csv_free(&t);
	return 0;
}

static void add_diff(char *out, size_t n, int *d, const char *name, const char *x, const char *y)
{
	size_t l = strlen(out);
	snprintf(out + l, n - l, "%s%s ('%s' vs '%s')", *d ? ", " : "", name, x ? x : "-", y ? y : "-");
	(*d)++;
}

/* The backend of m whose spec (its identity, e.g. dir:/dev/shm) is spec: its index, or -1. */
static int backend_index(const struct rb_meta *m, const char *spec)
{
	for (int i = 0, n = rb_meta_backend_count(m); i < n; i++) {
		const char *s = rb_meta_backend(m, i, RB_BF_SPEC);
		if (s && !strcmp(s, spec))
			return i;
	}
	return -1;
}

/* What differs between the sides' machines: host, kernel, CPU, and per backend
 * (matched by identity, not by position) its filesystem; a backend one side
 * has and the other has not. */
static void meta_differs(const struct rb_meta *a, const struct rb_meta *b, char *out, size_t n)
{
	static const char *const keys[] = { "host", "kernel_release", "cpu_model", "cpu_count" };
	out[0] = '\0';
	int d = 0;
	char name[1200];
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		const char *x = rb_meta_get(a, keys[k]), *y = rb_meta_get(b, keys[k]);
		if ((x || y) && (!x || !y || strcmp(x, y)))
			add_diff(out, n, &d, keys[k], x, y);
	}
	const struct rb_meta *side[2] = { a, b };
	for (int s = 0; s < 2; s++)
		for (int i = 0, nb = rb_meta_backend_count(side[s]); i < nb; i++) {
			const char *spec = rb_meta_backend(side[s], i, RB_BF_SPEC);
			if (!spec)
				continue;
			int j = backend_index(side[1 - s], spec);
			if (j < 0) {
				snprintf(name, sizeof(name), "backend %s", spec);
				add_diff(out, n, &d, name, s ? NULL : "measured", s ? "measured" : NULL);
			} else if (!s) {
				const char *x = rb_meta_backend(a, i, RB_BF_FS_TYPE), *y = rb_meta_backend(b, j, RB_BF_FS_TYPE);
				if ((x || y) && (!x || !y || strcmp(x, y))) {
					snprintf(name, sizeof(name), "backend %s fs_type", spec);
					add_diff(out, n, &d, name, x, y);
				}
			}
		}
}

static int load_side(struct side *s, const char *const *dirs, size_t n, char *err, size_t errlen)
{
	struct rb_meta *m = malloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		size_t n0 = s->n, nrows = 0;
		struct srow *rows = NULL;
		int ret = load_runs(s, dirs[i], (unsigned)i, err, errlen);
		if (!ret)
			ret = load_metrics(s, dirs[i], err, errlen);
		if (!ret)
			ret = load_summary(s, dirs[i], &rows, &nrows, err, errlen);
		if (!ret && rb_meta_read(dirs[i], m, err, errlen))
			ret = -EINVAL;
		if (!ret)
			ret = cross_check(dirs[i], s, n0, rows, nrows, m, err, errlen);
		for (size_t r = 0; r < nrows; r++)
			free(rows[r].kr);
		free(rows);
		if (ret) {
			free(m);
			return ret;
		}
	}
	free(m);
	if (s->nerr)
		qsort(s->err_keys, s->nerr, sizeof(char *), cmp_str);
	if (s->n)
		qsort(s->ev, s->n, sizeof(*s->ev), cmp_ev);
	/* one run is one row: a run counted twice would halve the spread */
	for (size_t i = 1; i < s->n; i++)
		if (!cmp_ev(&s->ev[i - 1], &s->ev[i])) {
			const struct ev *a = &s->ev[i - 1], *b = &s->ev[i];
			snprintf(err, errlen, "%s/runs.csv: lines %u and %u are the same run twice (run_id, configuration, metric and rep)",
				 dirs[a->round], a->line < b->line ? a->line : b->line, a->line < b->line ? b->line : a->line);
			return -EINVAL;
		}
	return 0;
}

/* Some run in [from, to) has statistic st (excluded runs too). */
static int has_stat(const struct side *s, size_t from, size_t to, int st)
{
	for (size_t e = from; e < to; e++)
		if (s->ev[e].use != EV_NONE && !isnan(s->ev[e].v[st]))
			return 1;
	return 0;
}

/* The evidence of statistic st from runs [from, to): values (and rounds) appended at
 * vals[*used]; runs left out and runs without the statistic counted. */
static size_t take(const struct side *s, size_t from, size_t to, int st, double *vals, unsigned *rounds,
		   size_t *used, double *nsamples, size_t *excluded, size_t *nostat)
{
	size_t first = *used;
	for (size_t e = from; e < to; e++) {
		const struct ev *x = &s->ev[e];
		if (x->use == EV_NONE)
			continue;
		if (isnan(x->v[st])) { /* too few samples for this percentile: no evidence of it */
			*nostat += x->use == EV_USE;
		} else if (x->use == EV_EXCLUDED) {
			(*excluded)++;
		} else {
			vals[*used] = x->v[st];
			rounds[(*used)++] = x->round;
			*nsamples += x->n;
		}
	}
	return *used - first;
}

static int selected(const struct rb_compare_plan *p, const struct rb_cmp_key *k)
{
	return (!p->metric_re || !regexec(p->metric_re, k->metric, 0, NULL, 0)) &&
	       (!p->filter_re || !regexec(p->filter_re, k->scenario, 0, NULL, 0));
}

static void split_key(char *buf, struct rb_cmp_key *k)
{
	const char **f[NK] = { &k->scenario, &k->backend, &k->size_bytes, &k->variant, &k->procs, &k->metric };
	for (int i = 0; i < NK; i++) {
		*f[i] = buf;
		char *e = strchr(buf, SEP);
		if (e) {
			*e = '\0';
			buf = e + 1;
		}
	}
}

/* Rows of one key: evidence from [ib, jb) of b and [ic, jc) of c. */
struct pending {
	size_t ib, jb, ic, jc;
	const char *key; /* joined by SEP (owned by a side) */
};

int rb_compare(const struct rb_compare_plan *p, const char *const *bdirs, size_t nb, const char *const *cdirs,
	       size_t nc, struct rb_comparison *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (errlen)
		err[0] = '\0';
	out->threshold = p->gate.threshold;
	out->alpha = p->gate.alpha;
	out->prior = p->gate.prior;
	out->min_runs = p->gate.min_runs;
	out->paired = p->paired;
	out->folders_b = nb;
	out->folders_c = nc;
	if (!nb || !nc || (p->paired && nb != nc)) {
		snprintf(err, errlen, "a comparison needs run folders on both sides (paired: as many on each)");
		return -EINVAL;
	}
	struct side b = { .include_disturbed = p->include_disturbed }, c = { .include_disturbed = p->include_disturbed };
	struct rb_gate_input *in = NULL;
	struct pending *pend = NULL;
	double *vals = NULL;
	unsigned *rounds = NULL;
	struct rb_meta *ma = malloc(sizeof(*ma)), *mb = malloc(sizeof(*mb));
	int ret = -ENOMEM;
	if (!ma || !mb)
		goto out;
	if ((ret = rb_meta_read(bdirs[0], ma, err, errlen)) || (ret = rb_meta_read(cdirs[0], mb, err, errlen))) {
		ret = -EINVAL;
		goto out;
	}
	meta_differs(ma, mb, out->meta_diff, sizeof(out->meta_diff));
	if (out->meta_diff[0] && !p->allow_different) {
		snprintf(err, errlen, "the runs differ in %s (compare them anyway with --allow-different)", out->meta_diff);
		ret = -EINVAL;
		goto out;
	}
	if ((ret = load_side(&b, bdirs, nb, err, errlen)) || (ret = load_side(&c, cdirs, nc, err, errlen)))
		goto out;
	int stress_expected = 0;
	for (size_t i = 0; i < nb; i++) {
		char sp[4200];
		snprintf(sp, sizeof(sp), "%s/stress.csv", bdirs[i]);
		stress_expected |= !access(sp, F_OK);
	}
	for (size_t i = 0; i < nc; i++)
		if ((ret = stress_failures(cdirs[i], stress_expected, out->stress, sizeof(out->stress), &out->nstress, err,
					   errlen)))
			goto out;

	/* walk both sorted lists: every key on either side */
	size_t cap = 64;
	ret = -ENOMEM;
	out->rows = malloc(cap * sizeof(*out->rows));
	pend = malloc(cap * sizeof(*pend));
	if (!out->rows || !pend)
		goto out;
	size_t i = 0, j = 0, total_vals = 0;
	while (i < b.n || j < c.n) {
		int d = i >= b.n ? 1 : j >= c.n ? -1 : strcmp(b.ev[i].key, c.ev[j].key);
		size_t ie = i, je = j;
		const char *key = d <= 0 ? b.ev[i].key : c.ev[j].key;
		if (d <= 0)
			while (ie < b.n && !strcmp(b.ev[ie].key, key))
				ie++;
		if (d >= 0)
			while (je < c.n && !strcmp(c.ev[je].key, key))
				je++;
		const struct desc *ds = find_desc(&b, key);
		if (!ds)
			ds = find_desc(&c, key);
		char *kb = strdup(key);
		if (!kb)
			goto out;
		struct rb_cmp_key k;
		split_key(kb, &k);
		if (!selected(p, &k)) {
			free(kb);
		} else if (!ds || ds->dir == RB_DIR_NONE) {
			out->not_gated++;
			free(kb);
		} else {
			for (int st = 0; st < (ds->tail ? RB_RSTAT__N : 1); st++) {
				if (!has_stat(&b, i, ie, st) && !has_stat(&c, j, je, st)) {
					if (!st)
						free(kb);
					break; /* no run on either side has this statistic */
				}
				if (out->n == cap) {
					cap *= 2;
					struct rb_cmp_row *nr = realloc(out->rows, cap * sizeof(*nr));
					if (nr)
						out->rows = nr;
					struct pending *np = realloc(pend, cap * sizeof(*np));
					if (np)
						pend = np;
					if (!nr || !np) {
						if (!st)
							free(kb);
						goto out;
					}
				}
				struct rb_cmp_row *r = &out->rows[out->n];
				memset(r, 0, sizeof(*r));
				r->keybuf = st ? NULL : kb; /* the p99 row shares the p50 row's strings */
				r->k = k;
				r->stat = (enum rb_run_stat)st;
				r->dir = ds->dir;
				pend[out->n] = (struct pending){ i, ie, j, je, key };
				total_vals += (ie - i) + (je - j);
				out->n++;
			}
		}
		i = ie;
		j = je;
	}
	if (!out->n) {
		snprintf(err, errlen, "no gated metric%s (metrics with direction none are not gated)",
			 p->metric_re || p->filter_re ? " matches --metric/--filter" : " in either run");
		ret = -EINVAL;
		goto out;
	}
	in = calloc(out->n, sizeof(*in));
	vals = malloc((total_vals + 1) * sizeof(double));
	rounds = malloc((total_vals + 1) * sizeof(unsigned));
	if (!in || !vals || !rounds)
		goto out;
	size_t used = 0;
	for (size_t r = 0; r < out->n; r++) {
		struct rb_cmp_row *row = &out->rows[r];
		struct pending *pe = &pend[r];
		struct rb_gate_input *x = &in[r];
		x->b = vals + used;
		x->round_b = rounds + used;
		x->nb = take(&b, pe->ib, pe->jb, row->stat, vals, rounds, &used, &row->n_b, &x->xb, &x->sb);
		x->c = vals + used;
		x->round_c = rounds + used;
		x->nc = take(&c, pe->ic, pe->jc, row->stat, vals, rounds, &used, &row->n_c, &x->xc, &x->sc);
		x->c_error = c.nerr && bsearch(&pe->key, c.err_keys, c.nerr, sizeof(char *), cmp_str);
		if (row->stat == RB_RSTAT_P50) {
			out->excluded_b += x->xb;
			out->excluded_c += x->xc;
		}
		if (!p->paired)
			x->round_b = x->round_c = NULL;
		x->higher_better = row->dir == RB_DIR_HIGHER;
		if (p->priors.lookup && p->priors.lookup(p->priors.ctx, &row->k, row->stat, &x->prior))
			x->prior.cv = 0;
		if (!(x->prior.cv > 0) && row->stat == RB_RSTAT_P99) { /* no prior of its own: the tail's */
			x->prior = p->gate.prior;
			x->prior.cv *= RB_GATE_PRIOR_TAIL_FACTOR;
		}
	}
	struct rb_gate_result *res = malloc(out->n * sizeof(*res));
	if (!res)
		goto out;
	ret = rb_gate_decide(&p->gate, in, res, out->n);
	if (!ret)
		rb_gate_power(&p->gate, res, out->n);
	if (ret) {
		snprintf(err, errlen, "the gate's parameters are out of range");
		free(res);
		goto out;
	}
	for (size_t r = 0; r < out->n; r++) {
		out->rows[r].g = res[r];
		out->counts[res[r].verdict]++;
		out->tested += res[r].tested;
		out->missing_b += res[r].reason == RB_REASON_MISSING_BASELINE;
		out->missing_c += res[r].reason == RB_REASON_MISSING_CANDIDATE;
		out->error_c += res[r].reason == RB_REASON_ERROR_CANDIDATE;
	}
	free(res);
	ret = 0;
out:
	if (ret == -ENOMEM && !err[0])
		snprintf(err, errlen, "out of memory");
	free(ma);
	free(mb);
	free(in);
	free(vals);
	free(rounds);
	free(pend);
	side_free(&b);
	side_free(&c);
	if (ret)
		rb_comparison_free(out);
	return ret;
}

void rb_comparison_free(struct rb_comparison *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->rows[i].keybuf);
	free(c->rows);
	c->rows = NULL;
	c->n = 0;
}

int rb_compare_undecided(const struct rb_comparison *c)
{
	for (size_t i = 0; i < c->n; i++) {
		enum rb_reason r = c->rows[i].g.reason;
		if (c->rows[i].g.verdict == RB_INCONCLUSIVE &&
		    (r == RB_REASON_TOO_FEW_RUNS || r == RB_REASON_STRADDLES || r == RB_REASON_HOLM))
			return 1;
	}
	return 0;
}
