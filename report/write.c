/* write.c - report.md (CI job summaries) and report.html (one self-contained
 * page: charts inlined as SVG, no external resource) from the combined data. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afile.h"
#include "csv.h"
#include "csvw.h"
#include "doc.h"
#include "parse.h"
#include "report.h"

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
	doc_heading(d, 2, "Stress verdicts");
	if (load(r, "stress.csv", &t)) {
		doc_para(d, "No stress run in this report.");
		return;
	}
	static const char *const cols[] = { "scenario", "backend", "variant", "writers", "readers", "growths",
					    "final size", "records written", "records verified", "verified/s", "lost",
					    "torn", "duplicate", "misplaced", "SIGBUS", "verdict" };
	static const char *const src[] = { "scenario", "backend", "variant", "writers", "readers", "growths",
					   "final_size_bytes", "records_written", "records_verified", "verified_per_s",
					   "lost", "torn", "duplicate", "misplaced", "sigbus", "verdict" };
	enum { N = sizeof(cols) / sizeof(cols[0]) };
	doc_table_start(d, cols, N);
	for (size_t row = 0; row < t.nrows; row++) {
		const char *cells[N];
		char size[32];
		for (int i = 0; i < N; i++)
			cells[i] = rb_csv_get(&t, row, rb_csv_col(&t, src[i]));
		cells[6] = rb_fmt_size(strtoull(cells[6], NULL, 10), size, sizeof(size));
		cells[N - 1] = !strcmp(cells[N - 1], "pass") ? "PASS" : "FAIL";
		doc_table_row(d, cells, N);
	}
	doc_table_end(d);
	rb_csv_free(&t);
	if (!load(r, "violations.csv", &t)) {
		if (t.nrows) {
			doc_heading(d, 3, "Violations (first per guest)");
			static const char *const vc[] = { "guest", "role", "kind", "count", "writer", "seq", "offset",
							  "expected", "found", "detail" };
			doc_table_start(d, vc, 10);
			for (size_t row = 0; row < t.nrows; row++) {
				const char *cells[10];
				for (int i = 0; i < 10; i++)
					cells[i] = rb_csv_get(&t, row, rb_csv_col(&t, vc[i]));
				doc_table_row(d, cells, 10);
			}
			doc_table_end(d);
		}
		rb_csv_free(&t);
	}
}

static void overhead_section(struct rb_report *r, struct rb_doc *d)
{
	struct rb_csv t;
	if (load(r, "overhead.csv", &t))
		return;
	doc_heading(d, 2, "Core overhead over raw syscalls");
	doc_para(d, "p50 of the core's call divided by p50 of the same syscalls written inline, measured in the same run "
		"(target: at most 1.03).");
	static const char *const cols[] = { "operation", "backend", "size", "core p50", "raw p50", "ratio" };
	doc_table_start(d, cols, 6);
	for (size_t row = 0; row < t.nrows; row++) {
		char size[32], a[32], b[32];
		const char *cells[6] = {
			rb_csv_get(&t, row, rb_csv_col(&t, "scenario")),
			rb_csv_get(&t, row, rb_csv_col(&t, "backend")),
			rb_fmt_size(strtoull(rb_csv_get(&t, row, rb_csv_col(&t, "size_bytes")), NULL, 10), size, sizeof(size)),
			human_ns(rb_csv_get(&t, row, rb_csv_col(&t, "core_p50_ns")), a, sizeof(a)),
			human_ns(rb_csv_get(&t, row, rb_csv_col(&t, "raw_p50_ns")), b, sizeof(b)),
			rb_csv_get(&t, row, rb_csv_col(&t, "ratio")),
		};
		doc_table_row(d, cells, 6);
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
		doc_heading(d, 3, c->title);
		char png[PATH_MAX], svg[PATH_MAX + 64];
		snprintf(png, sizeof(png), "charts/%s.png", c->name);
		snprintf(svg, sizeof(svg), "%s/%s.svg", r->charts, c->name);
		doc_figure(d, c->title, png, svg, c->how);
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
	doc_heading(d, 2, "p50 / p99 per scenario and size");
	static const char *const cols[] = { "scenario", "variant", "backend", "size", "procs", "metric", "p50", "p99",
					    "n", "status" };
	doc_table_start(d, cols, 10);
	int cs = rb_csv_col(&t, "scenario"), cv = rb_csv_col(&t, "variant"), cb = rb_csv_col(&t, "backend"),
	    cz = rb_csv_col(&t, "size_bytes"), cp = rb_csv_col(&t, "procs"), cm = rb_csv_col(&t, "metric"),
	    cu = rb_csv_col(&t, "unit"), c50 = rb_csv_col(&t, "p50"), c99 = rb_csv_col(&t, "p99"),
	    cn = rb_csv_col(&t, "n"), cst = rb_csv_col(&t, "status"), cr = rb_csv_col(&t, "reason");
	for (size_t row = 0; row < t.nrows; row++) {
		if (!primary(rb_csv_get(&t, row, cs), rb_csv_get(&t, row, cm)))
			continue;
		char size[32], a[32], b[32], status[300];
		int ns = !strcmp(rb_csv_get(&t, row, cu), "ns");
		int ok = !strcmp(rb_csv_get(&t, row, cst), "ok");
		snprintf(status, sizeof(status), "%s%s%s", rb_csv_get(&t, row, cst), ok ? "" : ": ",
			 ok ? "" : rb_csv_get(&t, row, cr));
		const char *cells[10] = {
			rb_csv_get(&t, row, cs),
			rb_csv_get(&t, row, cv),
			rb_csv_get(&t, row, cb),
			rb_fmt_size(strtoull(rb_csv_get(&t, row, cz), NULL, 10), size, sizeof(size)),
			rb_csv_get(&t, row, cp),
			rb_csv_get(&t, row, cm),
			!ok ? "" : ns ? human_ns(rb_csv_get(&t, row, c50), a, sizeof(a)) : rb_csv_get(&t, row, c50),
			!ok ? "" : ns ? human_ns(rb_csv_get(&t, row, c99), b, sizeof(b)) : rb_csv_get(&t, row, c99),
			rb_csv_get(&t, row, cn),
			status,
		};
		doc_table_row(d, cells, 10);
	}
	doc_table_end(d);
	rb_csv_free(&t);
}

static void meta_section(struct rb_report *r, struct rb_doc *d)
{
	static const char *const keys[] = { "kind", "run_id", "host", "kernel_release", "cpu_model", "cpu_count",
					    "mem_total_kb", "backend.0", "backend.0.fs_type", "backend.0.mount_options",
					    "backend.1", "backend.1.fs_type", "thp_enabled", "thp_shmem_enabled", "aslr",
					    "timer_overhead_ns", "compiler", "google_benchmark_version",
					    "hyperfine_version", "gnuplot_version", "git_commit", "seed", "end_time",
					    "command_line" };
	doc_heading(d, 2, "Run metadata");
	const char *cols[RB_MAX_RUNS + 1];
	int n = r->nruns < 8 ? r->nruns : 8;
	cols[0] = "key";
	for (int i = 0; i < n; i++)
		cols[i + 1] = rb_meta_get(r->meta[i], "kind") ? rb_meta_get(r->meta[i], "kind") : "run";
	doc_table_start(d, cols, n + 1);
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		const char *cells[RB_MAX_RUNS + 1];
		int any = 0;
		cells[0] = keys[k];
		for (int i = 0; i < n; i++) {
			const char *v = rb_meta_get(r->meta[i], keys[k]);
			cells[i + 1] = v ? v : "";
			any |= v != NULL;
		}
		if (any)
			doc_table_row(d, cells, n + 1);
	}
	doc_table_end(d);
	if (r->nruns > n)
		doc_para(d, "(more runs than shown: see each run folder's meta.csv)");
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
	snprintf(line, sizeof(line), "%s — %d run folder(s). Charts: PNG next to this file (charts/), SVG inlined in report.html.",
		 r->subtitle, r->nruns);
	doc_para(&d, line);
	for (int i = 0; i < r->nnotes; i++)
		doc_para(&d, r->notes[i]);
	stress_section(r, &d);
	overhead_section(r, &d);
	charts_section(r, &d);
	latency_section(r, &d);
	meta_section(r, &d);
	doc_end(&d);
	int r1 = rb_afile_commit(&md), r2 = rb_afile_commit(&html);
	return r1 ? r1 : r2;
}
