/* findings.c - the headline sentences of a report, from the combined data. */
#include "findings.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "estimate.h"
#include "parse.h"

#define MAXRUNS 256
#define MAXB 64

struct ctx {
	struct rb_data d;
	char backends[4096];
	int nb;
	const char *drawn;
	struct rb_finding *out;
	int n, max;
};

/* printf-append to a finding's text */
static void add(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(char *buf, const char *fmt, ...)
{
	size_t l = strlen(buf), cap = sizeof(((struct rb_finding *)0)->text);
	va_list ap;
	va_start(ap, fmt);
	if (l < cap)
		vsnprintf(buf + l, cap - l, fmt, ap);
	va_end(ap);
}

static int drawn(const struct ctx *c, const char *chart)
{
	char w[64];
	for (int i = 0; rb_word(c->drawn, i, w, sizeof(w)); i++)
		if (!strcmp(w, chart))
			return 1;
	return 0;
}

/* A new finding linked to the first drawn chart of `charts` (space-separated),
 * else to the anchor `fallback` ("stress", "configurations"). */
static struct rb_finding *finding(struct ctx *c, const char *charts, const char *fallback, const char *fallback_what)
{
	if (c->n >= c->max)
		return NULL;
	struct rb_finding *f = &c->out[c->n++];
	memset(f, 0, sizeof(*f));
	char w[64];
	for (int i = 0; charts && rb_word(charts, i, w, sizeof(w)); i++)
		if (drawn(c, w)) {
			snprintf(f->anchor, sizeof(f->anchor), "chart-%s", w);
			snprintf(f->what, sizeof(f->what), "%s chart", w);
			return f;
		}
	snprintf(f->anchor, sizeof(f->anchor), "%s", fallback);
	snprintf(f->what, sizeof(f->what), "%s", fallback_what);
	return f;
}

struct side {
	double v[MAXRUNS];
	size_t n;
	double value; /* geometric mean of the runs */
};

static int side(const struct ctx *c, const char *scn, const char *be, const char *var, const char *met, uint64_t size,
		struct side *s)
{
	struct rb_cfg q = { scn, be, var, met, size, 0 };
	s->n = rb_data_runs(&c->d, &q, RB_STAT_P50, s->v, MAXRUNS);
	for (size_t k = 0; k < s->n; k++)
		if (!(s->v[k] > 0))
			s->v[k--] = s->v[--s->n];
	s->value = s->n ? rb_geomean(s->v, s->n) : NAN;
	return s->n > 0;
}

/* "21× (95 % interval 18–25×)" for a factor f >= 1 with bounds lo..hi */
static void factor(char *buf, double f, double lo, double hi)
{
	add(buf, "%.2g× (95 %% interval %.3g–%.3g×", f, lo, hi);
}

static void runs_note(char *buf, size_t na, size_t nb)
{
	add(buf, "; %zu and %zu runs)", na, nb);
}

/* ---- resize strategies at the largest size ---- */

static void resize_findings(struct ctx *c)
{
	static const char *const touch[] = { "touched", "untouched" };
	static const char *const touch_words[] = { "the old mapping written", "the old mapping untouched" };
	for (int t = 0; t < 2; t++) {
		char clear_m[1024] = "", clear_r[1024] = "", unclear[1024] = "", single[1024] = "";
		int nm = 0, nr = 0, nu = 0, ns = 0, any = 0;
		char va[64], vb[64], b[300];
		snprintf(va, sizeof(va), "double/remap/%s", touch[t]);
		snprintf(vb, sizeof(vb), "double/mremap/%s", touch[t]);
		for (int i = 0; rb_word(c->backends, i, b, sizeof(b)); i++) {
			struct rb_cfg qa = { "resize", b, va, "resize_ns", 0, 0 }, qb = { "resize", b, vb, "resize_ns", 0, 0 };
			uint64_t sa = rb_data_size(&c->d, &qa, 1), sb = rb_data_size(&c->d, &qb, 1), s = sa < sb ? sa : sb;
			struct side A, B;
			if (!s || !side(c, "resize", b, va, "resize_ns", s, &A) || !side(c, "resize", b, vb, "resize_ns", s, &B))
				continue;
			struct rb_ratio r;
			if (rb_ratio_runs(A.v, A.n, B.v, B.n, &r))
				continue;
			any++;
			char sz[32], sz2[32], x[32], y[32], part[2048] = "";
			rb_fmt_size(s, sz, sizeof(sz));
			rb_fmt_size(2 * s, sz2, sizeof(sz2));
			rb_fmt_ns2(B.value, x, sizeof(x));
			rb_fmt_ns2(A.value, y, sizeof(y));
			if (c->nb == 1) {
				/* one backend: a full sentence */
				char *f = part;
				add(f, "Resizing %s → %s with %s on %s: ", sz, sz2, touch_words[t], b);
				if (!r.has_ci)
					add(f, "mremap took %s and map-new/unmap-old (remap) %s (one run each: no interval, so no "
					       "claim which is cheaper).", x, y);
				else if (rb_ratio_clear(&r) && r.ratio < 1) {
					add(f, "mremap is cheaper than map-new/unmap-old (remap) by ");
					factor(f, 1 / r.ratio, 1 / r.hi, 1 / r.lo);
					runs_note(f, B.n, A.n);
					add(f, ": %s vs %s.", x, y);
				} else if (rb_ratio_clear(&r)) {
					add(f, "map-new/unmap-old (remap) is cheaper than mremap by ");
					factor(f, r.ratio, r.lo, r.hi);
					runs_note(f, A.n, B.n);
					add(f, ": %s vs %s.", y, x);
				} else
					add(f, "no clear difference between mremap (%s) and remap (%s): the 95 %% interval of "
					       "their ratio, %.3g–%.3g×, includes 1.", x, y, r.lo, r.hi);
				struct rb_finding *fd = finding(c, "resize matrix_resize", "configurations", "table");
				if (fd)
					snprintf(fd->text, sizeof(fd->text), "%s", part);
				continue;
			}
			if (!r.has_ci) {
				add(single, "%s%s %s (mremap %s, remap %s)", ns++ ? ", " : "", b, sz, x, y);
			} else if (rb_ratio_clear(&r) && r.ratio < 1) {
				add(clear_m, "%s%s %s (", nm++ ? ", " : "", b, sz);
				factor(clear_m, 1 / r.ratio, 1 / r.hi, 1 / r.lo);
				add(clear_m, "))");
			} else if (rb_ratio_clear(&r)) {
				add(clear_r, "%s%s %s (", nr++ ? ", " : "", b, sz);
				factor(clear_r, r.ratio, r.lo, r.hi);
				add(clear_r, "))");
			} else
				add(unclear, "%s%s %s (interval %.3g–%.3g×)", nu++ ? ", " : "", b, sz, r.lo, r.hi);
		}
		if (c->nb == 1 || !any)
			continue;
		struct rb_finding *f = finding(c, "matrix_resize resize", "configurations", "table");
		if (!f)
			return;
		add(f->text, "Resizing S → 2S at the largest size, with %s:", touch_words[t]);
		if (nm)
			add(f->text, " mremap is cheaper than map-new/unmap-old on %s.", clear_m);
		if (nr)
			add(f->text, " map-new/unmap-old is cheaper than mremap on %s.", clear_r);
		if (nu)
			add(f->text, " No clear difference on %s.", unclear);
		if (ns)
			add(f->text, " With one run a side (no interval, so no claim which is cheaper): %s.", single);
	}
}

/* ---- page-fault cost ---- */

struct ranked {
	char backend[256];
	uint64_t size;
	struct side s;
};

static int by_value(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	return x->s.value < y->s.value ? -1 : x->s.value > y->s.value;
}

/* Every backend's runs of (scenario, variant, metric) at its smallest/largest size, sorted by value. */
static int rank(const struct ctx *c, const char *scn, const char *var, const char *met, int largest, struct ranked *out)
{
	int n = 0;
	char b[300];
	for (int i = 0; n < MAXB && rb_word(c->backends, i, b, sizeof(b)); i++) {
		struct rb_cfg q = { scn, b, var, met, 0, 0 };
		uint64_t s = rb_data_size(&c->d, &q, largest);
		if (!s || !side(c, scn, b, var, met, s, &out[n].s))
			continue;
		snprintf(out[n].backend, sizeof(out[n].backend), "%s", b);
		out[n++].size = s;
	}
	qsort(out, (size_t)n, sizeof(out[0]), by_value);
	return n;
}

/* "ext4 (2.9 µs at 16M)" */
static void named(char *buf, const struct ranked *r)
{
	char v[32], sz[32];
	add(buf, "%s (%s at %s)", r->backend, rb_fmt_ns2(r->s.value, v, sizeof(v)), rb_fmt_size(r->size, sz, sizeof(sz)));
}

/* The extreme (top=1: highest) against the runner-up. */
static void extreme(char *buf, const struct ranked *x, const struct ranked *next, int top)
{
	struct rb_ratio r;
	rb_ratio_runs(next->s.v, next->s.n, x->s.v, x->s.n, &r);
	const char *word = top ? "highest" : "lowest";
	if (!r.has_ci) {
		add(buf, "measured %s: ", word);
		named(buf, x);
		add(buf, ", next ");
		named(buf, next);
		add(buf, " (one run each: no interval, so not a ranking)");
	} else if (rb_ratio_clear(&r)) {
		add(buf, "%s on ", word);
		named(buf, x);
		add(buf, ", %.2g× the next, %s (95 %% interval %.3g–%.3g×)", r.ratio, next->backend, r.lo, r.hi);
	} else {
		add(buf, "%s on ", word);
		named(buf, x);
		add(buf, " or ");
		named(buf, next);
		add(buf, ", not told apart (95 %% interval of their ratio %.3g–%.3g× includes 1)", r.lo, r.hi);
	}
}

static void fault_findings(struct ctx *c)
{
	static struct ranked r[MAXB];
	int n = rank(c, "first_touch", "plain", "per_page_ns", 1, r);
	if (!n)
		return;
	struct rb_finding *f = finding(c, "matrix_fault first_touch", "configurations", "table");
	if (!f)
		return;
	if (n == 1) {
		char v[32], sz[32];
		add(f->text, "A first write to a fresh mapping costs %s per 4 KiB page on %s (%s region, plain mapping)",
		    rb_fmt_ns2(r[0].s.value, v, sizeof(v)), r[0].backend, rb_fmt_size(r[0].size, sz, sizeof(sz)));
		static const char *const vars[] = { "populate", "reserve" };
		static const char *const words[] = { "with MAP_POPULATE", "after posix_fallocate" };
		for (int i = 0; i < 2; i++) {
			struct side s;
			if (!side(c, "first_touch", r[0].backend, vars[i], "per_page_ns", r[0].size, &s))
				continue;
			struct rb_ratio q;
			rb_ratio_runs(r[0].s.v, r[0].s.n, s.v, s.n, &q);
			add(f->text, "; %s %s", words[i], rb_fmt_ns2(s.value, v, sizeof(v)));
			if (!q.has_ci)
				add(f->text, " (one run each: no interval)");
			else if (rb_ratio_clear(&q))
				add(f->text, " (%.2g× plain, 95 %% interval %.2g–%.2g×)", q.ratio, q.lo, q.hi);
			else
				add(f->text, " (no clear difference from plain: interval %.2g–%.2g×)", q.lo, q.hi);
		}
		add(f->text, ".");
		return;
	}
	add(f->text, "Page-fault cost (first write per 4 KiB page of a fresh mapping, largest size): ");
	extreme(f->text, &r[n - 1], &r[n - 2], 1);
	add(f->text, "; ");
	extreme(f->text, &r[0], &r[1], 0);
	add(f->text, ".");
}

/* ---- create / attach ranked ---- */

static void rank_findings(struct ctx *c)
{
	static const char *const scn[] = { "create", "attach" };
	static const char *const var[] = { "manual", "" };
	static const char *const met[] = { "create_ns", "attach_ns" };
	static const char *const words[] = { "create (MANUAL)", "attach by path" };
	static struct ranked r[MAXB];
	struct rb_finding *f = NULL;
	int tested = 0;
	for (int k = 0; k < 2; k++) {
		int n = rank(c, scn[k], var[k], met[k], 0, r);
		if (!n)
			continue;
		if (!f && !(f = finding(c, c->nb > 1 ? "matrix_ops latency" : "latency", "configurations", "table")))
			return;
		char v[32], sz[32];
		if (c->nb == 1) {
			add(f->text, "%s%s %s p50 at %s on %s", k ? "; " : "", words[k], rb_fmt_ns2(r[0].s.value, v, sizeof(v)),
			    rb_fmt_size(r[0].size, sz, sizeof(sz)), r[0].backend);
			continue;
		}
		add(f->text, "%s%s, fastest first: ", f->text[0] ? " " : "", words[k]);
		/* the size most backends were measured at is named once; others beside their backend */
		uint64_t common = r[0].size;
		for (int i = 0, best = 0; i < n; i++) {
			int same = 0;
			for (int j = 0; j < n; j++)
				same += r[j].size == r[i].size;
			if (same > best)
				best = same, common = r[i].size;
		}
		int untested = 0;
		for (int i = 0; i < n; i++) {
			if (i) {
				struct rb_ratio q;
				rb_ratio_runs(r[i - 1].s.v, r[i - 1].s.n, r[i].s.v, r[i].s.n, &q);
				untested |= !q.has_ci;
				tested |= q.has_ci;
				add(f->text, "%s", !q.has_ci ? ", " : rb_ratio_clear(&q) ? " < " : " ≈ ");
			}
			add(f->text, "%s %s", r[i].backend, rb_fmt_ns2(r[i].s.value, v, sizeof(v)));
			if (r[i].size != common)
				add(f->text, " (%s)", rb_fmt_size(r[i].size, sz, sizeof(sz)));
		}
		add(f->text, " (p50 at %s%s).", rb_fmt_size(common, sz, sizeof(sz)),
		    untested ? "; a comma: one run a side, the difference not tested" : "");
	}
	if (f && c->nb == 1)
		add(f->text, ".");
	if (f && tested)
		add(f->text, " \"<\": the 95 %% interval of the ratio over runs excludes 1; \"≈\": it does not.");
}

/* ---- stress verdicts ---- */

/* 2393246 -> "2,393,246" */
static const char *grouped(double v, char *buf, size_t n)
{
	char d[64];
	snprintf(d, sizeof(d), "%.0f", v);
	size_t l = strlen(d), o = 0;
	for (size_t i = 0; i < l && o + 2 < n; i++) {
		buf[o++] = d[i];
		if ((l - i - 1) % 3 == 0 && i + 1 < l)
			buf[o++] = ',';
	}
	buf[o] = '\0';
	return buf;
}

static void stress_findings(struct ctx *c, const char *dir)
{
	char p[4096], err[256];
	snprintf(p, sizeof(p), "%s/%s", dir, rb_t_stress.file);
	struct rb_csv t;
	if (rb_csv_load(p, &t, err, sizeof(err)))
		return;
	/* columns by the schema's names; a violation kind the producer does not
	 * count yet (an older stress.csv) is simply not reported */
	int idx[RB_STR__N];
	struct rb_finding *f = NULL;
	if (!rb_csv_bind_partial(&t, &rb_t_stress, p, idx, err, sizeof(err)) && t.nrows && idx[RB_STR_VERDICT] >= 0)
		f = finding(c, NULL, "stress", "stress verdicts");
	if (!f) {
		rb_csv_free(&t);
		return;
	}
	size_t failed = 0;
	double verified = 0, growths = 0;
	char bad[1024] = "", kinds[256] = "", num[64];
	for (size_t row = 0; row < t.nrows; row++) {
		verified += strtod(rb_csv_get(&t, row, idx[RB_STR_RECORDS_VERIFIED]), NULL);
		growths += strtod(rb_csv_get(&t, row, idx[RB_STR_GROWTHS]), NULL);
		if (rb_stress_passed(rb_csv_get(&t, row, idx[RB_STR_VERDICT])))
			continue;
		failed++;
		add(bad, "%s%s %s:", failed > 1 ? "; " : "", rb_csv_get(&t, row, idx[RB_STR_BACKEND]),
		    rb_csv_get(&t, row, idx[RB_STR_VARIANT]));
		int listed = 0;
		for (int k = 0; k < RB_V__N; k++) {
			int col = idx[RB_STR_KIND(k)];
			const char *v = col >= 0 ? rb_csv_get(&t, row, col) : "";
			if (strtoull(v, NULL, 10))
				add(bad, "%s %s %s", listed++ ? "," : "", v, rb_violation_name((enum rb_violation)k));
		}
		if (!listed)
			add(bad, " the run failed (see its log)");
	}
	for (int k = 0, i = 0; k < RB_V__N; k++)
		if (idx[RB_STR_KIND(k)] >= 0) {
			snprintf(kinds + strlen(kinds), sizeof(kinds) - strlen(kinds), "%s%s", i ? ", " : "",
				 rb_violation_name((enum rb_violation)k));
			i++;
		}
	if (failed)
		add(f->text, "Stress FAILED in %zu of %zu runs: %s.", failed, t.nrows, bad);
	else
		add(f->text, "All %zu stress runs passed: %s records verified while the region grew %.0f times; zero "
			     "violations of every kind checked (%s).", t.nrows, grouped(verified, num, sizeof(num)), growths, kinds);
	rb_csv_free(&t);
}

/* ---- configurations not measured cleanly ---- */

/* "create manual 4K create_ns on ext4" */
static void config_name(const struct rb_data *d, size_t row, char *buf, size_t n)
{
	char sz[32];
	const char *var = rb_csv_get(&d->sum, row, d->s[RB_SUM_VARIANT]);
	snprintf(buf, n, "%s%s%s %s %s on %s", rb_csv_get(&d->sum, row, d->s[RB_SUM_SCENARIO]), *var ? " " : "", var,
		 rb_fmt_size(strtoull(rb_csv_get(&d->sum, row, d->s[RB_SUM_SIZE_BYTES]), NULL, 10), sz, sizeof(sz)),
		 rb_csv_get(&d->sum, row, d->s[RB_SUM_METRIC]), rb_csv_get(&d->sum, row, d->s[RB_SUM_BACKEND]));
}

static void status_findings(struct ctx *c)
{
	const struct rb_data *d = &c->d;
	size_t count[RB_STATUS__N] = { 0 };
	for (size_t row = 0; row < d->sum.nrows; row++) {
		enum rb_status s;
		if (!rb_status_parse(rb_csv_get(&d->sum, row, d->s[RB_SUM_STATUS]), &s))
			count[s]++;
	}
	struct rb_finding *f = finding(c, NULL, "configurations", "table of every configuration");
	if (!f)
		return;
	size_t bad = d->sum.nrows - count[RB_OK];
	if (!bad) {
		add(f->text, "All %zu configurations were measured with status ok: none was marked interference or unstable, "
			     "none was skipped or failed.", d->sum.nrows);
		return;
	}
	static const char *const words[RB_STATUS__N] = {
		[RB_ERROR] = "failed (error)",
		[RB_SKIPPED] = "skipped",
		[RB_INTERFERENCE] = "measured with interference (other processes or the hypervisor took the CPU)",
		[RB_UNSTABLE] = "unstable (their runs disagree)",
	};
	static const enum rb_status order[] = { RB_ERROR, RB_INTERFERENCE, RB_UNSTABLE, RB_SKIPPED };
	add(f->text, "%zu of %zu configurations were not measured cleanly.", bad, d->sum.nrows);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		enum rb_status st = order[i];
		if (!count[st])
			continue;
		add(f->text, " %zu %s:", count[st], words[st]);
		/* interference, unstable: the configurations; error, skipped: their reasons, with counts */
		int grouped = st == RB_ERROR || st == RB_SKIPPED, shown = 0;
		size_t listed = 0;
		char seen[4096] = "\n";
		for (size_t row = 0; row < d->sum.nrows && shown < 3; row++) {
			enum rb_status s;
			if (rb_status_parse(rb_csv_get(&d->sum, row, d->s[RB_SUM_STATUS]), &s) || s != st)
				continue;
			char name[512], key[600];
			const char *be = rb_csv_get(&d->sum, row, d->s[RB_SUM_BACKEND]);
			const char *reason = rb_csv_get(&d->sum, row, d->s[RB_SUM_REASON]);
			if (!grouped) {
				config_name(d, row, name, sizeof(name));
				add(f->text, "%s %s", shown++ ? ";" : "", name);
				listed++;
				continue;
			}
			snprintf(key, sizeof(key), "\n%s\t%s\n", be, reason);
			if (strstr(seen, key))
				continue;
			if (strlen(seen) + strlen(key) < sizeof(seen))
				strcat(seen, key + 1);
			size_t same = 0;
			for (size_t r2 = 0; r2 < d->sum.nrows; r2++)
				same += !strcmp(rb_csv_get(&d->sum, r2, d->s[RB_SUM_STATUS]), rb_status_name(st)) &&
					!strcmp(rb_csv_get(&d->sum, r2, d->s[RB_SUM_BACKEND]), be) &&
					!strcmp(rb_csv_get(&d->sum, r2, d->s[RB_SUM_REASON]), reason);
			add(f->text, "%s %zu on %s (%s)", shown++ ? ";" : "", same, be, *reason ? reason : "no reason given");
			listed += same;
		}
		add(f->text, "%s.", listed < count[st] ? "; and more" : "");
	}
}

int rb_findings(const char *dir, const char *drawn_charts, struct rb_finding *out, int max, char *err, size_t errlen)
{
	static struct ctx c;
	memset(&c, 0, sizeof(c));
	int ret = rb_data_load(&c.d, dir, err, errlen);
	if (ret)
		return ret;
	c.nb = rb_data_backends(&c.d, c.backends, sizeof(c.backends));
	c.drawn = drawn_charts ? drawn_charts : "";
	c.out = out;
	c.max = max;
	resize_findings(&c);
	fault_findings(&c);
	rank_findings(&c);
	stress_findings(&c, dir);
	status_findings(&c);
	rb_data_free(&c.d);
	return c.n;
}
