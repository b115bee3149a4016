/* write.c - report.md (CI job summaries) and report.html (one self-contained
 * page: charts inlined as SVG, no external resource) from the combined data. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afile.h"
#include "csv.h"
#include "schema.h"
#include "csvw.h"
#include "doc.h"
#include "meta.h"
#include "parse.h"
#include "data.h"
#include "estimate.h"
#include "findings.h"
#include "report.h"
#include "schema.h"

/* 1234 ns -> "1.23 µs" */
static const char *human_ns(const char *v, char *buf, size_t n)
{
	double x;
	if (rb_csv_num(v, &x)) {
		snprintf(buf, n, "%s", v);
		return buf;
	}
	if (x < 1e3)
		snprintf(buf, n, "%.0f ns", x);
	else if (x < 1e6)
		snprintf(buf, n, "%.3g µs", x / 1e3);
	else if (x < 1e9)
		snprintf(buf, n, "%.3g ms", x / 1e6);
	else
		snprintf(buf, n, "%.3g s", x / 1e9);
	return buf;
}

static int load(struct rb_report *r, const char *name, struct rb_csv *t)
{
	char p[PATH_MAX + 32], err[256];
	snprintf(p, sizeof(p), "%s/%s", r->data, name);
	return rb_csv_load(p, t, err, sizeof(err));
}

static void stress_section(struct rb_report *r, struct rb_doc *d)
{
	struct rb_csv t;
	char err[512];
	int idx[RB_STR__N], vx[RB_VIO__N];
	doc_heading_id(d, 2, "Stress verdicts", "stress");
	if (load(r, "stress.csv", &t)) {
		doc_para(d, "No stress run in this report.");
		return;
	}
	if (rb_csv_bind(&t, &rb_t_stress, "stress.csv", idx, err, sizeof(err))) {
		doc_para(d, err);
		rb_csv_free(&t);
		return;
	}
	doc_para(d, "A run passes when every record written was verified live by every reader and every process's final "
		"sweep found every written record intact in its slot. The counts are records, one per record and kind; any "
		"count above 0 fails the run. visible p50 is over records a reader saw while caught up (nothing committed "
		"ahead of it); backlog is the slots claimed ahead of a timed record when a reader saw it.");
	enum { FIXED = 14, N = FIXED + RB_V__N + 1 };
	const char *cols[N] = { "scenario", "backend", "variant", "writers", "readers", "growths", "final size",
				"written", "verified live", "verified/s", "final sweeps", "visible p50 (caught up)",
				"caught up", "backlog p50" };
	for (int k = 0; k < RB_V__N; k++)
		cols[FIXED + k] = rb_violation_name((enum rb_violation)k);
	cols[N - 1] = "verdict";
	doc_table_start(d, cols, N);
	for (size_t row = 0; row < t.nrows; row++) {
		const char *cells[N];
		char size[32], live[64], sweeps[32], vis[32], share[32];
#define CELL(c) rb_csv_get(&t, row, idx[c])
		cells[0] = CELL(RB_STR_SCENARIO);
		cells[1] = CELL(RB_STR_BACKEND);
		cells[2] = CELL(RB_STR_VARIANT);
		cells[3] = CELL(RB_STR_WRITERS);
		cells[4] = CELL(RB_STR_READERS);
		cells[5] = CELL(RB_STR_GROWTHS);
		cells[6] = rb_fmt_size(strtoull(CELL(RB_STR_FINAL_SIZE_BYTES), NULL, 10), size, sizeof(size));
		cells[7] = CELL(RB_STR_RECORDS_WRITTEN);
		snprintf(live, sizeof(live), "%s of %s", CELL(RB_STR_RECORDS_VERIFIED), CELL(RB_STR_LIVE_EXPECTED));
		cells[8] = live;
		cells[9] = CELL(RB_STR_VERIFIED_PER_S);
		snprintf(sweeps, sizeof(sweeps), "%s of %s complete", CELL(RB_STR_SWEEPS_COMPLETE), CELL(RB_STR_SWEEPS));
		cells[10] = sweeps;
		cells[11] = human_ns(CELL(RB_STR_VISIBLE_P50_NS), vis, sizeof(vis));
		double x;
		if (rb_csv_num(CELL(RB_STR_CAUGHT_UP_SHARE), &x))
			snprintf(share, sizeof(share), "-");
		else
			snprintf(share, sizeof(share), "%.0f %%", 100 * x);
		cells[12] = share;
		cells[13] = CELL(RB_STR_BACKLOG_P50_RECORDS);
		for (int k = 0; k < RB_V__N; k++)
			cells[FIXED + k] = CELL(RB_STR_KIND(k));
		cells[N - 1] = !strcmp(CELL(RB_STR_VERDICT), "pass") ? "PASS" : "FAIL";
#undef CELL
		doc_table_row(d, cells, N);
	}
	doc_table_end(d);
	rb_csv_free(&t);
	if (!load(r, "violations.csv", &t)) {
		if (t.nrows && !rb_csv_bind(&t, &rb_t_violations, "violations.csv", vx, err, sizeof(err))) {
			doc_heading(d, 3, "Violations (per process and kind: how many it found, and the first)");
			static const int vc[] = { RB_VIO_GUEST, RB_VIO_ROLE, RB_VIO_KIND, RB_VIO_COUNT, RB_VIO_SLOT,
						  RB_VIO_WRITER, RB_VIO_SEQ, RB_VIO_OFFSET, RB_VIO_EXPECTED, RB_VIO_FOUND,
						  RB_VIO_DETAIL };
			enum { NV = sizeof(vc) / sizeof(vc[0]) };
			const char *names[NV];
			for (int i = 0; i < NV; i++)
				names[i] = rb_t_violations.cols[vc[i]];
			doc_table_start(d, names, NV);
			for (size_t row = 0; row < t.nrows; row++) {
				const char *cells[NV];
				for (int i = 0; i < NV; i++)
					cells[i] = rb_csv_get(&t, row, vx[vc[i]]);
				doc_table_row(d, cells, NV);
			}
			doc_table_end(d);
		}
		rb_csv_free(&t);
	}
}

static void overhead_section(struct rb_report *r, struct rb_doc *d)
{
	struct rb_csv t;
	int x[RB_OVH__N];
	char err[512];
	if (load(r, "overhead.csv", &t))
		return;
	doc_heading(d, 2, "Core overhead over raw syscalls");
	if (rb_csv_bind(&t, &rb_t_overhead, "overhead.csv", x, err, sizeof(err))) {
		doc_para(d, err);
		rb_csv_free(&t);
		return;
	}
	doc_para(d, "p50 of the core's call divided by p50 of the same syscalls written inline, measured in the same run "
		"(target: at most 1.03); the range is the lowest and highest ratio of one worker process's medians.");
	static const char *const cols[] = { "operation", "backend", "size", "core p50", "raw p50", "ratio", "runs: range" };
	doc_table_start(d, cols, 7);
	for (size_t row = 0; row < t.nrows; row++) {
		char size[32], a[32], b[32], range[96] = "";
		const char *lo = rb_csv_get(&t, row, x[RB_OVH_RATIO_MIN]), *hi = rb_csv_get(&t, row, x[RB_OVH_RATIO_MAX]);
		if (lo[0] && hi[0])
			snprintf(range, sizeof(range), "%s: %s..%s", rb_csv_get(&t, row, x[RB_OVH_RUNS]), lo, hi);
		const char *cells[7] = {
			rb_csv_get(&t, row, x[RB_OVH_SCENARIO]),
			rb_csv_get(&t, row, x[RB_OVH_BACKEND]),
			rb_fmt_size(strtoull(rb_csv_get(&t, row, x[RB_OVH_SIZE_BYTES]), NULL, 10), size, sizeof(size)),
			human_ns(rb_csv_get(&t, row, x[RB_OVH_CORE_P50_NS]), a, sizeof(a)),
			human_ns(rb_csv_get(&t, row, x[RB_OVH_RAW_P50_NS]), b, sizeof(b)),
			rb_csv_get(&t, row, x[RB_OVH_RATIO]),
			range,
		};
		doc_table_row(d, cells, 7);
	}
	doc_table_end(d);
	rb_csv_free(&t);
}

static void charts_section(struct rb_report *r, struct rb_doc *d)
{
	doc_heading(d, 2, "Charts");
	for (size_t i = 0; rb_charts[i].name; i++) {
		const struct rb_chart *c = &rb_charts[i];
		if (!r->chart[i].ok)
			continue;
		char id[96];
		snprintf(id, sizeof(id), "chart-%s", c->name);
		doc_heading_id(d, 3, c->title, id);
		char png[PATH_MAX], svg[PATH_MAX + 64], fig[96];
		snprintf(png, sizeof(png), "charts/%s.png", c->name);
		snprintf(svg, sizeof(svg), "%s/%s.svg", r->charts, c->name);
		snprintf(fig, sizeof(fig), "fig-%s", c->name);
		doc_figure(d, fig, c->title, png, svg, c->how);
	}
	int skipped = 0;
	for (size_t i = 0; rb_charts[i].name; i++)
		skipped += !r->chart[i].ok;
	if (!skipped)
		return;
	doc_heading(d, 3, "Charts not drawn");
	static const char *const cols[] = { "chart", "why" };
	doc_table_start(d, cols, 2);
	for (size_t i = 0; rb_charts[i].name; i++)
		if (!r->chart[i].ok) {
			const char *cells[2] = { rb_charts[i].name, r->chart[i].reason };
			doc_table_row(d, cells, 2);
		}
	doc_table_end(d);
}

/* The headline findings: a bulleted list, each item linking to its chart or table. */
static void findings_section(struct rb_report *r, struct rb_doc *d)
{
	char drawn[1024] = "";
	for (size_t i = 0; rb_charts[i].name; i++)
		if (r->chart[i].ok)
			snprintf(drawn + strlen(drawn), sizeof(drawn) - strlen(drawn), "%s%s", drawn[0] ? " " : "",
				 rb_charts[i].name);
	static struct rb_finding f[16];
	char err[512];
	int n = rb_findings(r->data, drawn, f, 16, err, sizeof(err));
	doc_heading_id(d, 2, "Findings", "findings");
	if (n < 0) {
		doc_para(d, err);
		return;
	}
	fputs("<ul class=\"findings\">\n", d->html);
	for (int i = 0; i < n; i++) {
		fputs("- ", d->md);
		rb_md_text(d->md, f[i].text);
		fprintf(d->md, " ([%s](#%s))\n", f[i].what, f[i].anchor);
		fputs("<li>", d->html);
		rb_xml_text(d->html, f[i].text);
		fprintf(d->html, " <a href=\"#%s\">", f[i].anchor);
		rb_xml_text(d->html, f[i].what);
		fputs("</a></li>\n", d->html);
	}
	fputs("\n", d->md);
	fputs("</ul>\n", d->html);
}

/* The cost models of the configurations the drawn charts show (their `models` field). */
static void models_section(struct rb_report *r, struct rb_doc *d)
{
	struct rb_csv t;
	int idx[RB_MOD__N];
	char p[PATH_MAX + 32], err[256];
	snprintf(p, sizeof(p), "%s/%s", r->data, rb_t_models.file);
	if (rb_csv_load(p, &t, err, sizeof(err)))
		return;
	if (rb_csv_bind(&t, &rb_t_models, p, idx, err, sizeof(err))) {
		rb_csv_free(&t);
		return;
	}
	static const char *const cols[] = { "operation", "backend", "cost model (p50)", "R²", "largest deviation",
					    "sizes", "drawn" };
	int started = 0;
	char done[1024] = " ";
	for (size_t i = 0; rb_charts[i].name; i++) {
		char scn[64], met[64], pre[64], key[200];
		const char *m = rb_charts[i].models;
		if (!r->chart[i].ok || !m || !rb_word(m, 0, scn, sizeof(scn)) || !rb_word(m, 1, met, sizeof(met)))
			continue;
		if (!rb_word(m, 2, pre, sizeof(pre)))
			pre[0] = '\0';
		snprintf(key, sizeof(key), " %s/%s/%s ", scn, met, pre);
		if (strstr(done, key))
			continue;
		snprintf(done + strlen(done), sizeof(done) - strlen(done), "%s", key + 1);
		for (size_t row = 0; row < t.nrows; row++) {
			const char *var = rb_csv_get(&t, row, idx[RB_MOD_VARIANT]);
			if (strcmp(rb_csv_get(&t, row, idx[RB_MOD_SCENARIO]), scn) ||
			    strcmp(rb_csv_get(&t, row, idx[RB_MOD_METRIC]), met) || strncmp(var, pre, strlen(pre)))
				continue;
			if (!started++) {
				doc_heading_id(d, 2, "Cost models", "models");
				doc_para(d, rb_costmodel_rule);
				doc_table_start(d, cols, 7);
			}
			char op[200], r2[32], dev[32], sizes[96], a[32], b[32];
			double v;
			snprintf(op, sizeof(op), "%s %s%s%s", scn, met, *var ? ", " : "", var);
			if (!rb_csv_num(rb_csv_get(&t, row, idx[RB_MOD_R2]), &v))
				snprintf(r2, sizeof(r2), "%.2f", v);
			else
				snprintf(r2, sizeof(r2), "(flat)");
			if (!rb_csv_num(rb_csv_get(&t, row, idx[RB_MOD_MAX_DEV]), &v))
				snprintf(dev, sizeof(dev), "%.0f %%", 100 * v);
			else
				snprintf(dev, sizeof(dev), "-");
			snprintf(sizes, sizeof(sizes), "%s–%s (%s)",
				 rb_fmt_size(strtoull(rb_csv_get(&t, row, idx[RB_MOD_SIZE_MIN_BYTES]), NULL, 10), a, sizeof(a)),
				 rb_fmt_size(strtoull(rb_csv_get(&t, row, idx[RB_MOD_SIZE_MAX_BYTES]), NULL, 10), b, sizeof(b)),
				 rb_csv_get(&t, row, idx[RB_MOD_POINTS]));
			int fits = !strcmp(rb_csv_get(&t, row, idx[RB_MOD_FITS]), "1");
			const char *cells[7] = { op, rb_csv_get(&t, row, idx[RB_MOD_BACKEND]), rb_csv_get(&t, row, idx[RB_MOD_MODEL]),
						 r2, dev, sizes, fits ? "yes" : "no: does not fit" };
			doc_table_row(d, cells, 7);
		}
	}
	if (started)
		doc_table_end(d);
	rb_csv_free(&t);
}

static int primary(const char *scn, const char *metric)
{
	(void)scn;
	return strcmp(metric, "remaps_per_guest") != 0;
}

static void latency_section(struct rb_report *r, struct rb_doc *d)
{
	struct rb_csv t;
	if (load(r, "summary.csv", &t))
		return;
	doc_heading_id(d, 2, "p50 / p99 per scenario and size", "configurations");
	static const char *const cols[] = { "scenario", "variant", "backend", "size", "procs", "metric", "p50", "p99",
					    "n", "status" };
	doc_table_start(d, cols, 10);
	int x[RB_SUM__N];
	char err[512];
	if (rb_csv_bind(&t, &rb_t_summary, "summary.csv", x, err, sizeof(err))) {
		doc_table_end(d);
		doc_para(d, err);
		rb_csv_free(&t);
		return;
	}
	int cs = x[RB_SUM_SCENARIO], cv = x[RB_SUM_VARIANT], cb = x[RB_SUM_BACKEND], cz = x[RB_SUM_SIZE_BYTES],
	    cp = x[RB_SUM_PROCS], cm = x[RB_SUM_METRIC], cu = x[RB_SUM_UNIT], c50 = x[RB_SUM_P50], c99 = x[RB_SUM_P99],
	    cn = x[RB_SUM_N], cst = x[RB_SUM_STATUS], cr = x[RB_SUM_REASON];
	for (size_t row = 0; row < t.nrows; row++) {
		if (!primary(rb_csv_get(&t, row, cs), rb_csv_get(&t, row, cm)))
			continue;
		char size[32], a[32], b[32], status[300];
		enum rb_unit unit = RB_UNIT_COUNT;
		int ns = !rb_unit_parse(rb_csv_get(&t, row, cu), &unit) && unit == RB_UNIT_NS;
		enum rb_status stv = RB_ERROR;
		int measured = !rb_status_parse(rb_csv_get(&t, row, cst), &stv) && rb_status_measured(stv);
		int ok = measured && stv == RB_OK;
		snprintf(status, sizeof(status), "%s%s%s", rb_csv_get(&t, row, cst), ok ? "" : ": ",
			 ok ? "" : rb_csv_get(&t, row, cr));
		const char *cells[10] = {
			rb_csv_get(&t, row, cs),
			rb_csv_get(&t, row, cv),
			rb_csv_get(&t, row, cb),
			rb_fmt_size(strtoull(rb_csv_get(&t, row, cz), NULL, 10), size, sizeof(size)),
			rb_csv_get(&t, row, cp),
			rb_csv_get(&t, row, cm),
			!measured ? "" : ns ? human_ns(rb_csv_get(&t, row, c50), a, sizeof(a)) : rb_csv_get(&t, row, c50),
			!measured ? "" : ns ? human_ns(rb_csv_get(&t, row, c99), b, sizeof(b)) : rb_csv_get(&t, row, c99),
			rb_csv_get(&t, row, cn),
			status,
		};
		doc_table_row(d, cells, 10);
	}
	doc_table_end(d);
	rb_csv_free(&t);
}

/* One row of the run metadata table: the key and each run's value (none: no row). */
static void meta_row(struct rb_doc *d, const char *key, const char *const *vals, int n)
{
	const char *cells[RB_MAX_RUNS + 1];
	int any = 0;
	cells[0] = key;
	for (int i = 0; i < n; i++) {
		cells[i + 1] = vals[i] ? vals[i] : "";
		any |= vals[i] != NULL;
	}
	if (any)
		doc_table_row(d, cells, n + 1);
}

static void meta_section(struct rb_report *r, struct rb_doc *d)
{
	/* NULL: here come the backends (every one any run recorded) */
	static const char *const keys[] = { "kind", "run_id", "host", "kernel_release", "cpu_model", "cpu_count",
					    "mem_total_kb", NULL, "thp_enabled", "thp_shmem_enabled", "aslr",
					    "timer_overhead_ns", "compiler", "google_benchmark_version",
					    "hyperfine_version", "gnuplot_version", "git_commit", "seed", "end_time",
					    "command_line" };
	static const enum rb_backend_field fields[] = { RB_BF_SPEC, RB_BF_FS_TYPE, RB_BF_MOUNT_OPTIONS };
	doc_heading(d, 2, "Run metadata");
	const char *cols[RB_MAX_RUNS + 1], *vals[RB_MAX_RUNS];
	int n = r->nruns < 8 ? r->nruns : 8, nb = 0;
	cols[0] = "key";
	for (int i = 0; i < n; i++) {
		cols[i + 1] = rb_meta_get(r->meta[i], "kind") ? rb_meta_get(r->meta[i], "kind") : "run";
		if (rb_meta_backend_count(r->meta[i]) > nb)
			nb = rb_meta_backend_count(r->meta[i]);
	}
	doc_table_start(d, cols, n + 1);
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		if (keys[k]) {
			for (int i = 0; i < n; i++)
				vals[i] = rb_meta_get(r->meta[i], keys[k]);
			meta_row(d, keys[k], vals, n);
			continue;
		}
		for (int b = 0; b < nb; b++)
			for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
				char key[64];
				rb_meta_backend_key(key, sizeof(key), b, fields[f]);
				for (int i = 0; i < n; i++)
					vals[i] = rb_meta_backend(r->meta[i], b, fields[f]);
				meta_row(d, key, vals, n);
			}
	}
	doc_table_end(d);
	if (r->nruns > n)
		doc_para(d, "(more runs than shown: see each run folder's meta.csv)");
}

/* Warnings about the measurements: interference, unstable runs and the tools'
 * own (hyperfine's outliers, Google Benchmark's CPU scaling), per run. */
static void warnings_section(struct rb_report *r, struct rb_doc *d)
{
	int any = 0;
	for (int i = 0; i < r->nruns; i++)
		any += rb_meta_warning_count(r->meta[i]);
	if (!any)
		return;
	doc_heading(d, 2, "Measurement warnings");
	doc_para(d, "Rows marked interference were measured while other processes or the hypervisor took CPU time; "
		"rows marked unstable have runs whose medians disagree. Their numbers are shown, but read them with care.");
	const char *cols[] = { "run", "warning" };
	doc_table_start(d, cols, 2);
	for (int i = 0; i < r->nruns; i++)
		for (int k = 0; k < rb_meta_warning_count(r->meta[i]); k++) {
			const char *kind = rb_meta_get(r->meta[i], "kind");
			const char *cells[] = { kind ? kind : "run", rb_meta_warning(r->meta[i], k) };
			doc_table_row(d, cells, 2);
		}
	doc_table_end(d);
}

int rb_report_write(struct rb_report *r)
{
	struct rb_afile md, html;
	int ret = rb_afile_open(&md, r->out, "report.md");
	if (ret)
		return ret;
	if ((ret = rb_afile_open(&html, r->out, "report.html"))) {
		rb_afile_abort(&md);
		return ret;
	}
	struct rb_doc d = { md.f, html.f };
	doc_begin(&d, "regionbench report");
	char line[1024];
	snprintf(line, sizeof(line), "%s — %d run folder(s). Charts: PNG next to this file (charts/), SVG inlined in report.html"
		 " (point at a marker to see its values).", r->subtitle, r->nruns);
	doc_para(&d, line);
	for (int i = 0; i < r->nnotes; i++)
		doc_para(&d, r->notes[i]);
	warnings_section(r, &d);
	findings_section(r, &d);
	stress_section(r, &d);
	charts_section(r, &d);
	models_section(r, &d);
	overhead_section(r, &d);
	latency_section(r, &d);
	meta_section(r, &d);
	doc_end(&d);
	int r1 = rb_afile_commit(&md), r2 = rb_afile_commit(&html);
	return r1 ? r1 : r2;
}
