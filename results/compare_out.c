/* compare_out.c - a comparison as text, markdown (CI job summary), JUnit XML
 * and CSV. Every format lists every row, the missing metrics included, and
 * prints no NaN or infinity: an undefined number is "-" (CSV: empty). The
 * "p (Holm)" of text, markdown and JUnit is that of the verdict's test (CSV:
 * both). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "afile.h"
#include "compare.h"
#include "csvw.h"

/* A ratio: 4 decimals, or 4 significant digits when that would print a
 * long or all-zero number. */
static const char *ratio_fmt(double v)
{
	return v >= 1e-3 && v < 1e5 ? "%.4f" : "%.4g";
}

static const char *num(char *buf, size_t n, const char *fmt, double v)
{
	if (!isfinite(v))
		return "-";
	snprintf(buf, n, fmt, v);
	return buf;
}

static const char *pct(char *buf, size_t n, double v)
{
	if (!isfinite(v))
		return "-";
	snprintf(buf, n, "%.1f%%", v * 100);
	return buf;
}

static void key_text(const struct rb_cmp_row *r, char *buf, size_t n)
{
	snprintf(buf, n, "%s %s size=%s%s%s procs=%s %s%s", r->k.scenario, r->k.backend, r->k.size_bytes,
		 r->k.variant[0] ? " " : "", r->k.variant, r->k.procs, r->k.metric, r->stat == RB_RSTAT_P99 ? " p99" : "");
}

static const char *interval(char *buf, size_t n, const struct rb_cmp_row *r)
{
	if (!isfinite(r->g.lo) || !isfinite(r->g.hi))
		return "-";
	char lo[32], hi[32];
	snprintf(lo, sizeof(lo), ratio_fmt(r->g.lo), r->g.lo);
	snprintf(hi, sizeof(hi), ratio_fmt(r->g.hi), r->g.hi);
	snprintf(buf, n, "[%s, %s]", lo, hi);
	return buf;
}

/* The Holm-adjusted p of the test behind the verdict: an improvement's is that
 * of "better than 1 + threshold", every other row's that of "worse than it". */
static double shown_p(const struct rb_cmp_row *r)
{
	return r->g.verdict == RB_IMPROVEMENT ? r->g.p_better_holm : r->g.p_holm;
}

static const char *why(const struct rb_cmp_row *r)
{
	return r->g.reason == RB_REASON_NONE ? "-" : rb_reason_name(r->g.reason);
}

/* One line on the parameters, shared by text and markdown. */
static void params(FILE *f, const struct rb_comparison *c)
{
	fprintf(f,
		"threshold %.3g%%, alpha %.3g; regression: one-sided test against 1+threshold, Holm over %zu tested "
		"metric(s); interval: two-sided %.3g%% (the one-sided bounds); runs are the unit (%s, %zu vs %zu run "
		"folder(s)); below %zu runs a side the spread is the prior CV %.3g%% (%s; p99 rows %.3g%%)",
		c->threshold * 100, c->alpha, c->tested, (1 - 2 * c->alpha) * 100,
		c->paired ? "paired by round" : "unpaired", c->folders_b, c->folders_c, c->min_runs, c->prior.cv * 100,
		c->prior.source ? c->prior.source : "default", c->prior.cv * 100 * RB_GATE_PRIOR_TAIL_FACTOR);
}

/* The runs left out (status interference or unstable), in words. */
static const char *excluded_text(const struct rb_comparison *c)
{
	static char buf[200];
	snprintf(buf, sizeof(buf),
		 "%zu baseline and %zu candidate run(s) with status interference or unstable left out "
		 "(--include-disturbed takes them)",
		 c->excluded_b, c->excluded_c);
	return buf;
}

static void missing_list(FILE *f, const struct rb_comparison *c, enum rb_reason which)
{
	char k[2048];
	for (size_t i = 0; i < c->n; i++)
		if (c->rows[i].g.reason == which) {
			key_text(&c->rows[i], k, sizeof(k));
			fprintf(f, "  %s\n", k);
		}
}

void rb_compare_print(FILE *f, const struct rb_comparison *c)
{
	char a[64], b[64], d[64], e[64], g[64], h[64], k[2048];
	fprintf(f, "%-12s %-26s %9s %-22s %9s %7s %8s %7s %7s  %s\n", "verdict", "reason", "ratio", "interval", "p (Holm)",
		"spread", "detect", "runs", "needed", "metric");
	for (size_t i = 0; i < c->n; i++) {
		const struct rb_cmp_row *r = &c->rows[i];
		char runs[48];
		snprintf(runs, sizeof(runs), "%zu/%zu", r->g.nb, r->g.nc);
		key_text(r, k, sizeof(k));
		fprintf(f, "%-12s %-26s %9s %-22s %9s %7s %8s %7s %7s  %s\n", rb_verdict_name(r->g.verdict), why(r),
			num(a, sizeof(a), ratio_fmt(r->g.ratio), r->g.ratio), interval(b, sizeof(b), r),
			num(d, sizeof(d), "%.3g", shown_p(r)), pct(e, sizeof(e), r->g.spread),
			pct(g, sizeof(g), r->g.detectable), runs, num(h, sizeof(h), "%.0f", r->g.runs_needed), k);
	}
	if (c->missing_c) {
		fprintf(f, "FAIL: missing in the candidate (%zu):\n", c->missing_c);
		missing_list(f, c, RB_REASON_MISSING_CANDIDATE);
	}
	if (c->error_c) {
		fprintf(f, "FAIL: error in the candidate (%zu):\n", c->error_c);
		missing_list(f, c, RB_REASON_ERROR_CANDIDATE);
	}
	if (c->missing_b) {
		fprintf(f, "missing in the baseline (%zu):\n", c->missing_b);
		missing_list(f, c, RB_REASON_MISSING_BASELINE);
	}
	if (c->nstress)
		fprintf(f, "FAIL: stress verification failed in the candidate: %s\n", c->stress);
	fprintf(f, "%zu metrics: %zu regression, %zu fail, %zu improvement, %zu unchanged, %zu inconclusive", c->n,
		c->counts[RB_REGRESSION], c->counts[RB_FAIL], c->counts[RB_IMPROVEMENT], c->counts[RB_UNCHANGED],
		c->counts[RB_INCONCLUSIVE]);
	if (c->excluded_b || c->excluded_c)
		fprintf(f, "; %s", excluded_text(c));
	if (c->not_gated)
		fprintf(f, "; %zu context metric(s) not gated", c->not_gated);
	fprintf(f, "\n(");
	params(f, c);
	fprintf(f, ")\n");
}

static void markdown(FILE *f, const struct rb_comparison *c)
{
	const char *state = c->counts[RB_REGRESSION] || c->counts[RB_FAIL] || c->nstress ? "FAIL"
			    : c->counts[RB_INCONCLUSIVE]		? "inconclusive"
									: "pass";
	fprintf(f, "### regionbench compare: %s\n\n", state);
	fprintf(f, "%zu regression, %zu fail, %zu improvement, %zu unchanged, %zu inconclusive. ", c->counts[RB_REGRESSION],
		c->counts[RB_FAIL], c->counts[RB_IMPROVEMENT], c->counts[RB_UNCHANGED], c->counts[RB_INCONCLUSIVE]);
	if (c->excluded_b || c->excluded_c)
		fprintf(f, "%s. ", excluded_text(c));
	params(f, c);
	fprintf(f, ".\n\n");
	if (c->nstress) {
		fprintf(f, "**Stress verification failed:** ");
		rb_md_text(f, c->stress);
		fprintf(f, "\n\n");
	}
	static const enum rb_reason miss[3] = { RB_REASON_MISSING_CANDIDATE, RB_REASON_ERROR_CANDIDATE,
						RB_REASON_MISSING_BASELINE };
	static const char *const mname[3] = { "FAIL: missing in the candidate", "FAIL: error in the candidate",
					       "Missing in the baseline" };
	size_t mcount[3] = { c->missing_c, c->error_c, c->missing_b };
	char k[2048];
	for (int m = 0; m < 3; m++) {
		if (!mcount[m])
			continue;
		fprintf(f, "**%s (%zu):**\n\n", mname[m], mcount[m]);
		for (size_t i = 0; i < c->n; i++)
			if (c->rows[i].g.reason == miss[m]) {
				key_text(&c->rows[i], k, sizeof(k));
				fprintf(f, "- ");
				rb_md_text(f, k);
				fprintf(f, "\n");
			}
		fprintf(f, "\n");
	}
	fprintf(f, "| verdict | reason | scenario | backend | size | variant | procs | metric | stat | ratio | "
		   "interval | p (Holm) | spread | detectable | runs | runs needed |\n");
	fprintf(f, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
	char a[64], b[64], d[64], e[64], g[64], h[64];
	for (size_t i = 0; i < c->n; i++) {
		const struct rb_cmp_row *r = &c->rows[i];
		const char *cells[] = { rb_verdict_name(r->g.verdict), why(r), r->k.scenario, r->k.backend, r->k.size_bytes,
					r->k.variant, r->k.procs, r->k.metric, rb_run_stat_name(r->stat) };
		fprintf(f, "|");
		for (size_t x = 0; x < sizeof(cells) / sizeof(cells[0]); x++) {
			fprintf(f, " ");
			rb_md_text(f, cells[x]);
			fprintf(f, " |");
		}
		fprintf(f, " %s | %s | %s | %s | %s | %zu / %zu | %s |\n", num(a, sizeof(a), ratio_fmt(r->g.ratio), r->g.ratio),
			interval(b, sizeof(b), r), num(d, sizeof(d), "%.3g", shown_p(r)), pct(e, sizeof(e), r->g.spread),
			pct(g, sizeof(g), r->g.detectable), r->g.nb, r->g.nc, num(h, sizeof(h), "%.0f", r->g.runs_needed));
	}
}

static void junit(FILE *f, const struct rb_comparison *c, int inconclusive_fails)
{
	size_t fails = c->counts[RB_REGRESSION] + c->counts[RB_FAIL] + (c->nstress ? 1 : 0) +
		       (inconclusive_fails ? c->counts[RB_INCONCLUSIVE] : 0);
	size_t skipped = inconclusive_fails ? 0 : c->counts[RB_INCONCLUSIVE];
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n<testsuite name=\"regionbench compare\" "
		   "tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\">\n",
		c->n + 1, fails, skipped);
	fprintf(f, "  <testcase classname=\"stress\" name=\"stress verification\">");
	if (c->nstress) {
		fprintf(f, "<failure message=\"");
		rb_xml_text(f, c->stress);
		fprintf(f, "\"/>");
	}
	fprintf(f, "</testcase>\n");
	char k[2048], msg[2600], a[64], b[64], d[64], e[64], g[64];
	for (size_t i = 0; i < c->n; i++) {
		const struct rb_cmp_row *r = &c->rows[i];
		key_text(r, k, sizeof(k));
		fprintf(f, "  <testcase classname=\"");
		rb_xml_text(f, r->k.scenario);
		fprintf(f, "\" name=\"");
		rb_xml_text(f, k);
		fprintf(f, "\">");
		snprintf(msg, sizeof(msg), "%s%s%s: ratio %s, interval %s, p (Holm) %s, spread %s, detectable %s, runs %zu/%zu",
			 rb_verdict_name(r->g.verdict), r->g.reason ? " " : "", r->g.reason ? rb_reason_name(r->g.reason) : "",
			 num(a, sizeof(a), ratio_fmt(r->g.ratio), r->g.ratio), interval(b, sizeof(b), r),
			 num(d, sizeof(d), "%.3g", shown_p(r)), pct(e, sizeof(e), r->g.spread),
			 pct(g, sizeof(g), r->g.detectable), r->g.nb, r->g.nc);
		const char *tag = r->g.verdict == RB_REGRESSION || r->g.verdict == RB_FAIL		? "failure"
				  : r->g.verdict == RB_INCONCLUSIVE && inconclusive_fails ? "failure"
				  : r->g.verdict == RB_INCONCLUSIVE			? "skipped"
											: NULL;
		if (tag) {
			fprintf(f, "<%s message=\"", tag);
			rb_xml_text(f, msg);
			fprintf(f, "\"/>");
		} else {
			fprintf(f, "<system-out>");
			rb_xml_text(f, msg);
			fprintf(f, "</system-out>");
		}
		fprintf(f, "</testcase>\n");
	}
	fprintf(f, "</testsuite>\n</testsuites>\n");
}

static void csv(FILE *f, const struct rb_comparison *c)
{
	rb_table_header(f, &rb_t_compare);
	struct rb_row row;
	for (size_t i = 0; i < c->n; i++) {
		const struct rb_cmp_row *r = &c->rows[i];
		rb_row_init(&row, &rb_t_compare);
		rb_row_str(&row, RB_CMP_SCENARIO, r->k.scenario);
		rb_row_str(&row, RB_CMP_BACKEND, r->k.backend);
		rb_row_str(&row, RB_CMP_SIZE_BYTES, r->k.size_bytes);
		rb_row_str(&row, RB_CMP_VARIANT, r->k.variant);
		rb_row_str(&row, RB_CMP_PROCS, r->k.procs);
		rb_row_str(&row, RB_CMP_METRIC, r->k.metric);
		rb_row_str(&row, RB_CMP_STAT, rb_run_stat_name(r->stat));
		rb_row_str(&row, RB_CMP_DIRECTION, rb_direction_name(r->dir));
		rb_row_u64(&row, RB_CMP_RUNS_BASELINE, r->g.nb);
		rb_row_u64(&row, RB_CMP_RUNS_CANDIDATE, r->g.nc);
		rb_row_u64(&row, RB_CMP_EXCLUDED_BASELINE, r->g.xb);
		rb_row_u64(&row, RB_CMP_EXCLUDED_CANDIDATE, r->g.xc);
		rb_row_u64(&row, RB_CMP_ROUNDS, r->g.rounds);
		rb_row_num(&row, RB_CMP_N_BASELINE, r->n_b);
		rb_row_num(&row, RB_CMP_N_CANDIDATE, r->n_c);
		rb_row_num(&row, RB_CMP_MEDIAN_BASELINE, r->g.median_b);
		rb_row_num(&row, RB_CMP_MEDIAN_CANDIDATE, r->g.median_c);
		rb_row_num(&row, RB_CMP_RATIO, r->g.ratio);
		rb_row_num(&row, RB_CMP_CI_LO, r->g.lo);
		rb_row_num(&row, RB_CMP_CI_HI, r->g.hi);
		rb_row_num(&row, RB_CMP_P, r->g.p);
		rb_row_num(&row, RB_CMP_P_HOLM, r->g.p_holm);
		rb_row_num(&row, RB_CMP_P_IMPROVEMENT, r->g.p_better);
		rb_row_num(&row, RB_CMP_P_IMPROVEMENT_HOLM, r->g.p_better_holm);
		rb_row_num(&row, RB_CMP_SPREAD, r->g.spread);
		if (r->g.tested)
			rb_row_fmt(&row, RB_CMP_SPREAD_SOURCE, "%s%s", r->g.spread_prior ? "prior:" : "", r->g.spread_source);
		rb_row_num(&row, RB_CMP_DETECTABLE_CHANGE, r->g.detectable);
		rb_row_num(&row, RB_CMP_RUNS_NEEDED, r->g.runs_needed);
		rb_row_str(&row, RB_CMP_VERDICT, rb_verdict_name(r->g.verdict));
		rb_row_str(&row, RB_CMP_REASON, rb_reason_name(r->g.reason));
		rb_row_write(f, &row);
	}
}

int rb_compare_write(const char *path, enum rb_cmp_format fmt, const struct rb_comparison *c, int inconclusive_fails)
{
	char dir[4096], name[4096];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash) {
		snprintf(name, sizeof(name), "%s", slash + 1);
		if (slash == dir)
			dir[1] = '\0';
		else
			*slash = '\0';
	} else {
		snprintf(name, sizeof(name), "%s", dir);
		strcpy(dir, ".");
	}
	struct rb_afile a;
	int ret = rb_afile_open(&a, dir, name);
	if (ret)
		return ret;
	if (fmt == RB_CMP_MARKDOWN)
		markdown(a.f, c);
	else if (fmt == RB_CMP_JUNIT)
		junit(a.f, c, inconclusive_fails);
	else
		csv(a.f, c);
	return rb_afile_commit(&a);
}
