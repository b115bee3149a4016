/* render.c - run the gnuplot templates, one chart per table line. */
#include "render.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "csv.h"
#include "parse.h"
#include "schema.h"
#include "proc.h"

const struct rb_chart rb_charts[] = {
	{ "latency", "create / attach / attach_fd latency vs size",
	  "Log-log. Each line is the p50 latency of one operation, the shaded band reaches up to its p99. Flat lines mean "
	  "the cost does not depend on the region size (mapping is lazy); a rising line means work per byte. With many "
	  "backends, one panel per backend on shared axes.",
	  "summary.csv", "scenario", "create", 0, NULL },
	{ "resize", "resize cost vs size per strategy, touched vs untouched",
	  "Growing S to 2S with map-new/unmap-old (remap) or mremap, with the old mapping untouched or fully written: "
	  "markers are p50s, the band reaches p99, and the line is the cost model fixed + per page × pages (stated in "
	  "the legend; how it is fitted and when it is drawn: see Cost models). Unmapping written pages is what costs.",
	  "summary.csv", "scenario", "resize", 0, "resize resize_ns double/" },
	{ "retouch", "re-touch cost after resize per strategy",
	  "Time to write the old S bytes again right after the resize (p50, band to p99, cost model where it fits). After "
	  "remap the new mapping faults every page again; mremap moved the page tables, so touched+mremap stays low.",
	  "summary.csv", "metric", "retouch_ns", 0, "resize retouch_ns" },
	{ "first_touch", "page-fault cost per page per backend",
	  "Map a fresh region and write every page once, divided by the number of pages: plain, MAP_POPULATE, and after "
	  "posix_fallocate (p50, band to p99): whether pre-faulting or reserving the backing store makes the first write "
	  "cheaper here.",
	  "summary.csv", "scenario", "first_touch", 0, NULL },
	{ "overhead", "core overhead vs raw syscalls",
	  "p50 of the core's create/attach/resize divided by the same syscalls written inline, measured in the same run, "
	  "one panel per operation, one marker per backend and size. 1.0 means no overhead; the dashed line is the 1.03 "
	  "target. Small sizes are noisiest.",
	  "overhead.csv", NULL, NULL, 0, NULL },
	{ "concurrent", "concurrent attach latency vs process count",
	  "N processes released by one futex wake attach the same region. Each process's own attach time (p50 line, band "
	  "to p99) against the ideal: the single-process p50 (no contention, dashed). Above the ideal is contention "
	  "(mmap_lock, the inode) or CPU oversubscription (this machine's core count is in the run metadata).",
	  "summary.csv", "scenario", "concurrent_attach", 0, NULL },
	{ "visible", "visible_ns distribution under growth, per detection mode",
	  "CDF of the time from a writer's commit store to a reader seeing the record while the host keeps growing the "
	  "region: the further left and the steeper, the better. One curve per detection mode (doorbell, poll, fstat); "
	  "with many backends, one panel per backend.",
	  "cdf_stress.csv", "metric", "visible_ns", 0, NULL },
	{ "grow_to_remap", "growth-to-remapped latency per guest",
	  "From the host's release store of the new size to each guest having remapped (p50 box, p99 and max marks). "
	  "Doorbell guests react to a wake-up; poll and fstat guests notice on their next check.",
	  "guests.csv", "grow_to_remap_p50_ns", NULL, 0, NULL },
	{ "matrix_ops", "operations across backends, relative to the reference",
	  "One panel per operation (4 KiB regions; hugetlbfs 2 MiB). Each backend's p50 divided by the reference "
	  "backend's (= 1.0), sorted fastest first; the bar is the 95 % interval over runs (none with one run a side). "
	  "The absolute value is printed beside each point; every panel has its own scale.",
	  "ratios.csv", "chart", "matrix_ops", 2, NULL },
	{ "matrix_resize", "resize cost vs size, one panel per backend",
	  "Resize S to 2S with the old mapping written (map-new/unmap-old), one panel per filesystem on shared axes: p50 "
	  "markers, band to p99, cost model where it fits; the reference backend in grey in every panel.",
	  "summary.csv", "scenario", "resize", 2, "resize resize_ns double/remap/touched" },
	{ "matrix_fault", "page-fault cost per page across backends, relative to the reference",
	  "First write to each page of a fresh mapping at the largest size: plain, with MAP_POPULATE, after "
	  "posix_fallocate; each backend relative to the reference (= 1.0), sorted, 95 % interval over runs, the cost per "
	  "page printed beside each point.",
	  "ratios.csv", "chart", "matrix_fault", 2, NULL },
	{ "matrix_visible", "stress visible_ns across backends, relative to the reference",
	  "Commit-to-seen latency under growth (doorbell detection): p50 and p99 of each backend relative to the "
	  "reference (= 1.0), sorted, interval over runs where there are several.",
	  "ratios.csv", "chart", "matrix_visible", 2, NULL },
	{ NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL },
};

size_t rb_chart_count(void)
{
	size_t n = 0;
	while (rb_charts[n].name)
		n++;
	return n;
}

int rb_valid_image(const char *path, int svg)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return 0;
	char head[512] = "";
	size_t n = fread(head, 1, sizeof(head) - 1, f);
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fclose(f);
	head[n] = '\0';
	if (size < 200)
		return 0;
	if (svg)
		return strstr(head, "<svg") != NULL;
	return n >= 8 && !memcmp(head, "\x89PNG\r\n\x1a\n", 8);
}

int rb_svg_tips(const char *path)
{
	static const char open_[] = "onmousemove=\"gnuplot_svg.showHypertext(evt,'";
	static const char close_[] = "')\" onmouseout=\"gnuplot_svg.hideHypertext()\"><title> </title>";
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	char *in = NULL, *out = NULL;
	size_t len = 0, olen = 0;
	FILE *o = open_memstream(&out, &olen);
	int ret = 0;
	if (o && !fseek(f, 0, SEEK_END)) {
		long n = ftell(f);
		in = n > 0 ? malloc((size_t)n + 1) : NULL;
		if (in && !fseek(f, 0, SEEK_SET) && fread(in, 1, (size_t)n, f) == (size_t)n)
			len = (size_t)n;
	}
	fclose(f);
	if (!o || !len) {
		if (o)
			fclose(o);
		free(in);
		free(out);
		return -EIO;
	}
	in[len] = '\0';
	const char *p = in, *q;
	while ((q = strstr(p, open_))) {
		const char *t = q + sizeof(open_) - 1, *e = strstr(t, close_);
		if (!e)
			break;
		fwrite(p, 1, (size_t)(q - p), o);
		/* gnuplot escaped & and <; quotes and gnuplot's \n need it here */
		char *tip = malloc((size_t)(e - t) * 6 + 1), *w = tip;
		if (!tip) {
			ret = -ENOMEM;
			break;
		}
		for (const char *c = t; c < e; c++) {
			if (*c == '\\' && c + 1 < e && c[1] == 'n')
				w += sprintf(w, "&#10;"), c++;
			else if (*c == '"')
				w += sprintf(w, "&quot;");
			else
				*w++ = *c;
		}
		*w = '\0';
		fprintf(o, "data-tip=\"%s\"><title>%s</title>", tip, tip);
		free(tip);
		p = e + sizeof(close_) - 1;
	}
	fputs(p, o);
	fclose(o);
	free(in);
	if (!ret) {
		char tmp[4200];
		snprintf(tmp, sizeof(tmp), "%s.tips", path);
		FILE *w = fopen(tmp, "we");
		int bad = !w;
		if (w) {
			bad = fwrite(out, 1, olen, w) != olen;
			bad |= fclose(w) != 0;
		}
		if (bad || rename(tmp, path)) {
			ret = -EIO;
			unlink(tmp);
		}
	}
	free(out);
	return ret;
}

/* Does the data file have a row for this chart? */
static int has_rows(const struct rb_render_args *a, const struct rb_chart *c, char *why, size_t n)
{
	char path[4096], err[512];
	snprintf(path, sizeof(path), "%s/%s", a->data_dir, c->data);
	struct rb_csv t;
	if (access(path, F_OK)) {
		snprintf(why, n, "no %s in the runs (nothing measured for it)", c->data);
		return 0;
	}
	if (rb_csv_load(path, &t, err, sizeof(err))) {
		snprintf(why, n, "%s", err);
		return 0;
	}
	int col = c->col ? rb_csv_col(&t, c->col) : -1, st = rb_csv_col(&t, rb_t_summary.cols[RB_SUM_STATUS]), found = 0;
	for (size_t r = 0; r < t.nrows && !found; r++) {
		enum rb_status s = RB_OK;
		const char *v = c->col && col >= 0 ? rb_csv_get(&t, r, col) : "";
		found = (!c->col || (col >= 0 && (c->value ? !strcmp(v, c->value) : v[0] != '\0'))) &&
			(st < 0 || (!rb_status_parse(rb_csv_get(&t, r, st), &s) && rb_status_measured(s)));
	}
	rb_csv_free(&t);
	if (!found)
		snprintf(why, n, "%s has no rows%s%s%s%s", c->data, !c->col ? "" : c->value ? " with " : " with a value in ",
			 c->col ? c->col : "", c->col && c->value ? " = " : "", c->col && c->value ? c->value : "");
	return found;
}

int rb_gnuplot_run(const char *tpl, char *const args[], const char *log, char *why, size_t n)
{
	char *argv[24] = { "gnuplot", "-c", (char *)tpl };
	int k = 3;
	for (int i = 0; args[i] && k < 23; i++)
		argv[k++] = args[i];
	argv[k] = NULL;
	int code = rb_run_logged(argv, log, NULL);
	if (code == 0)
		return 0;
	const char *name = strrchr(tpl, '/') ? strrchr(tpl, '/') + 1 : tpl;
	if (code == 127) {
		snprintf(why, n, "gnuplot is not installed (Debian package gnuplot-nox)");
	} else {
		char line[200] = "no output";
		FILE *f = fopen(log, "re");
		if (f) {
			/* the first line that is not blank or a mere warning */
			while (fgets(line, sizeof(line), f) &&
			       (line[0] == '\n' || line[0] == ' ' || line[0] == '\t' || strstr(line, "warning:")))
				;
			fclose(f);
			line[strcspn(line, "\n")] = '\0';
		}
		snprintf(why, n, "gnuplot failed on %s: %s", name, line);
	}
	return code < 0 ? code : -EIO;
}

void rb_plots_dir(char *buf, size_t n)
{
	const char *pd = getenv("RB_PLOTS");
	char probe[4096];
	snprintf(probe, sizeof(probe), "%s/plots/common.gp", rb_root());
	if (pd)
		snprintf(buf, n, "%s", pd);
	else
		snprintf(buf, n, "%s/plots", access(probe, R_OK) ? RB_SOURCE_DIR : rb_root());
}

static int gnuplot(const struct rb_render_args *a, const struct rb_chart *c, const char *fmt, char *why, size_t n)
{
	char tpl[4096], out[4096], log[4096];
	snprintf(tpl, sizeof(tpl), "%s/%s.gp", a->plots_dir, c->name);
	snprintf(out, sizeof(out), "%s/%s.%s", a->out_dir, c->name, fmt);
	snprintf(log, sizeof(log), "%s/.%s.%s.log", a->out_dir, c->name, fmt);
	char *args[] = { (char *)a->data_dir, out, (char *)fmt, (char *)a->subtitle, (char *)a->plots_dir,
			 (char *)a->backends, (char *)a->xrange, (char *)a->variants,
			 (char *)(a->reference ? a->reference : ""), NULL };
	int ok = rb_gnuplot_run(tpl, args, log, why, n) == 0;
	if (ok && (!rb_valid_image(out, !strcmp(fmt, "svg")) || (!strcmp(fmt, "svg") && rb_svg_tips(out)))) {
		snprintf(why, n, "gnuplot failed on %s.gp: no valid %s written", c->name, fmt);
		ok = 0;
	}
	if (ok)
		unlink(log);
	else
		unlink(out);
	return ok;
}

int rb_render_all(const struct rb_render_args *a, struct rb_chart_result *res)
{
	int rendered = 0;
	for (size_t i = 0; rb_charts[i].name; i++) {
		const struct rb_chart *c = &rb_charts[i];
		res[i].ok = 0;
		res[i].reason[0] = '\0';
		int nb = 0;
		for (const char *w = a->backends; *w; nb++) {
			w += strcspn(w, " ");
			w += strspn(w, " ");
		}
		if (c->min_backends > nb) {
			snprintf(res[i].reason, sizeof(res[i].reason), "a comparison chart: these runs have %d backend(s)", nb);
			continue;
		}
		if (!has_rows(a, c, res[i].reason, sizeof(res[i].reason)))
			continue;
		if (!gnuplot(a, c, "svg", res[i].reason, sizeof(res[i].reason)) ||
		    !gnuplot(a, c, "png", res[i].reason, sizeof(res[i].reason)))
			continue;
		res[i].ok = 1;
		rendered++;
	}
	return rendered;
}
