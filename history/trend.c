/* trend.c - trend charts and the trend page (see trend.h). */
#include "trend.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "afile.h"
#include "doc.h"
#include "query.h"
#include "render.h"

/* One panel: one series (by commit, by time) or one series' runs on every
 * kernel (by kernel). */
struct panel {
	struct rbh_series s;
	struct rbh_point *pt;
	size_t n;
	struct rbh_step *steps;
	int nsteps;
	size_t *group; /* x group of each point */
	size_t ngroups;
	int drawn;
};

static long long epoch(const char *iso)
{
	struct tm tm = { 0 };
	if (sscanf(iso, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm);
}

static int by_time(const void *a, const void *b)
{
	const struct rbh_point *x = a, *y = b;
	int c = strcmp(x->time, y->time);
	return c ? c : strcmp(x->run_id, y->run_id) ? strcmp(x->run_id, y->run_id) : (int)x->rep - (int)y->rep;
}

/* The label of point i's group. */
static void group_label(const struct rbh_point *p, enum rbh_by by, char *buf, size_t n)
{
	if (by == RBH_BY_KERNEL)
		snprintf(buf, n, "%s", p->kernel);
	else if (p->commit[0])
		snprintf(buf, n, "%.10s", p->commit);
	else
		snprintf(buf, n, "%.16s", p->time);
}

/* Points of a panel into groups: consecutive runs of one commit (one run
 * folder without a commit); by kernel, the kernels in order of first run. */
static int make_groups(struct panel *pl, enum rbh_by by)
{
	pl->group = calloc(pl->n ? pl->n : 1, sizeof(size_t));
	if (!pl->group)
		return -ENOMEM;
	pl->ngroups = 0;
	for (size_t i = 0; i < pl->n; i++) {
		if (by == RBH_BY_KERNEL) {
			size_t g = pl->ngroups;
			for (size_t j = 0; j < i; j++)
				if (!strcmp(pl->pt[j].kernel, pl->pt[i].kernel)) {
					g = pl->group[j];
					break;
				}
			pl->group[i] = g;
			pl->ngroups += g == pl->ngroups;
			continue;
		}
		int same = i > 0 && (pl->pt[i].commit[0] || pl->pt[i - 1].commit[0]
					     ? !strcmp(pl->pt[i].commit, pl->pt[i - 1].commit)
					     : pl->pt[i].run == pl->pt[i - 1].run);
		pl->group[i] = same ? pl->group[i - 1] : pl->ngroups++;
	}
	return 0;
}

static double group_x(const struct panel *pl, size_t g, enum rbh_by by)
{
	if (by != RBH_BY_TIME)
		return (double)g;
	for (size_t i = 0; i < pl->n; i++)
		if (pl->group[i] == g)
			return (double)epoch(pl->pt[i].time);
	return 0;
}

static int median_sorted_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int write_panel_data(const char *data, int idx, const struct panel *pl, enum rbh_by by)
{
	char name[64];
	struct rb_afile a;
	int ret;
	snprintf(name, sizeof(name), "panel-%d.csv", idx);
	if ((ret = rb_afile_open(&a, data, name)))
		return ret;
	fprintf(a.f, "x,value\n");
	for (size_t i = 0; i < pl->n; i++)
		fprintf(a.f, "%.17g,%.9g\n", by == RBH_BY_TIME ? (double)epoch(pl->pt[i].time) : (double)pl->group[i],
			pl->pt[i].p50);
	if ((ret = rb_afile_commit(&a)))
		return ret;
	snprintf(name, sizeof(name), "panel-%d-median.csv", idx);
	if ((ret = rb_afile_open(&a, data, name)))
		return ret;
	fprintf(a.f, "x,median,label\n");
	double *v = malloc((pl->n ? pl->n : 1) * sizeof(double));
	size_t stride = (pl->ngroups + 24) / 25; /* at most about 25 commit labels */
	for (size_t g = 0; v && g < pl->ngroups; g++) {
		size_t k = 0, first = 0;
		for (size_t i = 0; i < pl->n; i++)
			if (pl->group[i] == g) {
				if (!k)
					first = i;
				v[k++] = pl->pt[i].p50;
			}
		qsort(v, k, sizeof(double), median_sorted_cmp);
		double med = k % 2 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2;
		char label[64] = "";
		if (by == RBH_BY_KERNEL || g % stride == 0 || g + 1 == pl->ngroups)
			group_label(&pl->pt[first], by, label, sizeof(label));
		for (char *c = label; *c; c++)
			if (*c == ',' || *c == '"')
				*c = ' ';
		fprintf(a.f, "%.17g,%.9g,%s\n", group_x(pl, g, by), med, label);
	}
	free(v);
	if ((ret = rb_afile_commit(&a)))
		return ret;
	snprintf(name, sizeof(name), "panel-%d-steps.csv", idx);
	if ((ret = rb_afile_open(&a, data, name)))
		return ret;
	fprintf(a.f, "x,label\n");
	for (int k = 0; k < pl->nsteps; k++) {
		const struct rbh_step *st = &pl->steps[k];
		double x = by == RBH_BY_TIME ? (group_x(pl, pl->group[st->at - 1], by) + group_x(pl, pl->group[st->at], by)) / 2
					     : (double)pl->group[st->at] - 0.5;
		fprintf(a.f, "%.17g,%+.1f %% (p %.3g)\n", x, 100 * (st->ratio - 1), st->p);
	}
	return rb_afile_commit(&a);
}

static void panel_title(const struct panel *pl, enum rbh_by by, char *buf, size_t n)
{
	snprintf(buf, n, "%s · %s (%s) · host %s%s%s", pl->s.key, pl->s.backend, pl->s.fs_type, pl->s.host,
		 by == RBH_BY_KERNEL ? "" : " · kernel ", by == RBH_BY_KERNEL ? "" : pl->s.kernel);
	for (char *c = buf; *c; c++)
		if (*c == '\t' || *c == '\n')
			*c = ' ';
}

static void fmt_value(double v, const char *unit, char *buf, size_t n)
{
	snprintf(buf, n, "%.4g %s", v, unit);
}

static void write_page(const struct rbh_trend_opts *o, struct panel *pl, size_t np, struct rb_afile *md,
		       struct rb_afile *html, const char *charts)
{
	static const char *const by_name[] = { "commit", "time", "kernel" };
	struct rb_doc d = { md->f, html->f };
	doc_begin(&d, "regionbench history: trends");
	char line[2048], now[32];
	size_t runs = 0;
	for (size_t i = 0; i < np; i++)
		runs += pl[i].n;
	time_t t = time(NULL);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	snprintf(line, sizeof(line),
		 "%zu series from %s, %zu runs (a run is one worker process: a point is its median), by %s; made %s. "
		 "Steps: PELT on the per-run medians, each step tested by a permutation test (alpha %g) and kept when it "
		 "changes the median by at least %g %%.",
		 np, o->db_path, runs, by_name[o->by], now, o->det.alpha, 100 * o->det.min_effect);
	doc_para(&d, line);
	if (o->by != RBH_BY_KERNEL) {
		doc_heading(&d, 2, "Detected steps");
		static const char *const cols[] = { "kind", "metric key", "backend", "host", "kernel", "first run after",
						    "before", "after", "ratio", "p" };
		int any = 0;
		for (size_t i = 0; i < np; i++)
			for (int k = 0; k < pl[i].nsteps; k++) {
				if (!any++)
					doc_table_start(&d, cols, 10);
				const struct rbh_step *st = &pl[i].steps[k];
				const struct rbh_point *a = &pl[i].pt[st->at];
				char after[192], b[48], c[48], r[32], p[32];
				snprintf(after, sizeof(after), "%.12s %s", a->commit[0] ? a->commit : "(no commit)", a->time);
				fmt_value(st->before, pl[i].s.unit, b, sizeof(b));
				fmt_value(st->after, pl[i].s.unit, c, sizeof(c));
				snprintf(r, sizeof(r), "%.3f", st->ratio);
				snprintf(p, sizeof(p), "%.3g", st->p);
				const char *cells[10] = { rbh_step_kind_name(st->kind), pl[i].s.key, pl[i].s.backend, pl[i].s.host,
							  pl[i].s.kernel, after, b, c, r, p };
				doc_table_row(&d, cells, 10);
			}
		if (any)
			doc_table_end(&d);
		else
			doc_para(&d, "No step in these series.");
	}
	const char *metric = "";
	for (size_t i = 0; i < np; i++) {
		if (strcmp(metric, pl[i].s.metric)) {
			metric = pl[i].s.metric;
			doc_heading(&d, 2, metric);
		}
		char title[1024], png[64], svg[PATH_MAX + 64], cap[1024];
		panel_title(&pl[i], o->by, title, sizeof(title));
		if (!pl[i].drawn) {
			snprintf(cap, sizeof(cap), "%s: not drawn (gnuplot failed; see %s/.panels.log)", title, charts);
			doc_para(&d, cap);
			continue;
		}
		snprintf(png, sizeof(png), "charts/panel-%zu.png", i + 1);
		snprintf(svg, sizeof(svg), "%s/panel-%zu.svg", charts, i + 1);
		snprintf(cap, sizeof(cap), "%s: %zu runs in %zu %s%s; %d step(s).", title, pl[i].n, pl[i].ngroups,
			 by_name[o->by], o->by == RBH_BY_TIME ? " groups" : "s", pl[i].nsteps);
		doc_figure(&d, NULL, title, png, svg, cap);
	}
	doc_end(&d);
}

static int mkdir_p1(const char *p)
{
	return mkdir(p, 0755) && errno != EEXIST ? -errno : 0;
}

int rbh_trend(struct rbh_db *db, const struct rbh_trend_opts *o, int *panels, char *err, size_t errlen)
{
	struct rbh_series *ss;
	size_t ns;
	*panels = 0;
	int ret = rbh_series_list(db, o->metric_re, &ss, &ns, err, errlen);
	if (ret)
		return ret;
	if (!ns) {
		snprintf(err, errlen, "no series in the history matches '%s'", o->metric_re ? o->metric_re : "");
		return -ENOENT;
	}
	struct panel *pl = calloc(ns, sizeof(*pl));
	size_t np = 0;
	if (!pl) {
		free(ss);
		return -ENOMEM;
	}
	for (size_t i = 0; i < ns && !ret; i++) {
		/* by kernel, a panel gathers the same series on every kernel */
		int join = o->by == RBH_BY_KERNEL && np && !strcmp(pl[np - 1].s.key, ss[i].key) &&
			   !strcmp(pl[np - 1].s.backend, ss[i].backend) && !strcmp(pl[np - 1].s.fs_type, ss[i].fs_type) &&
			   !strcmp(pl[np - 1].s.host, ss[i].host);
		struct rbh_point *pt;
		size_t n;
		if ((ret = rbh_points(db, ss[i].id, &pt, &n, err, errlen)))
			break;
		if (!n) {
			free(pt);
			continue;
		}
		if (!join) {
			pl[np++].s = ss[i];
			pl[np - 1].pt = pt;
			pl[np - 1].n = n;
			continue;
		}
		struct panel *p = &pl[np - 1];
		struct rbh_point *m = realloc(p->pt, (p->n + n) * sizeof(*m));
		if (!m) {
			free(pt);
			ret = -ENOMEM;
			break;
		}
		memcpy(m + p->n, pt, n * sizeof(*m));
		free(pt);
		p->pt = m;
		p->n += n;
		qsort(p->pt, p->n, sizeof(*p->pt), by_time);
	}
	free(ss);
	char data[PATH_MAX], charts[PATH_MAX];
	snprintf(data, sizeof(data), "%s/data", o->out);
	snprintf(charts, sizeof(charts), "%s/charts", o->out);
	if (!ret && !np) {
		snprintf(err, errlen, "the matching series have no measured runs");
		ret = -ENOENT;
	}
	if (!ret && ((ret = mkdir_p1(o->out)) || (ret = mkdir_p1(data)) || (ret = mkdir_p1(charts))))
		snprintf(err, errlen, "%s: cannot make the output folders: %s", o->out, strerror(-ret));
	for (size_t i = 0; i < np && !ret; i++) {
		if ((ret = make_groups(&pl[i], o->by)))
			break;
		if (o->by != RBH_BY_KERNEL) {
			pl[i].nsteps = rbh_steps(&pl[i].s, pl[i].pt, pl[i].n, &o->det, &pl[i].steps);
			if (pl[i].nsteps < 0) {
				ret = pl[i].nsteps;
				pl[i].nsteps = 0;
				break;
			}
		}
		if ((ret = write_panel_data(data, (int)i + 1, &pl[i], o->by)))
			snprintf(err, errlen, "%s: cannot write the chart data: %s", data, strerror(-ret));
	}
	if (!ret) {
		struct rb_afile a;
		if (!(ret = rb_afile_open(&a, data, "panels.tsv"))) {
			fprintf(a.f, "panel\ttitle\tylabel\n");
			for (size_t i = 0; i < np; i++) {
				char title[1024];
				panel_title(&pl[i], o->by, title, sizeof(title));
				fprintf(a.f, "%zu\t%s\tper-run median (%s; %s is better)\n", i + 1, title, pl[i].s.unit,
					rb_direction_name(pl[i].s.dir));
			}
			ret = rb_afile_commit(&a);
		}
	}
	int failed = 0;
	if (!ret) {
		static const char *const by_name[] = { "commit", "time", "kernel" };
		char tpl[PATH_MAX + 32], log[PATH_MAX + 32], npanels[32], why[512] = "";
		snprintf(tpl, sizeof(tpl), "%s/history_trend.gp", o->plots_dir);
		snprintf(log, sizeof(log), "%s/.panels.log", charts);
		snprintf(npanels, sizeof(npanels), "%zu", np);
		for (int f = 0; f < 2; f++) {
			char *args[] = { data, charts, f ? "png" : "svg", npanels, (char *)by_name[o->by], NULL };
			if (rb_gnuplot_run(tpl, args, log, why, sizeof(why)))
				failed = 1;
		}
		for (size_t i = 0; i < np; i++) {
			char svg[PATH_MAX + 32], png[PATH_MAX + 32];
			snprintf(svg, sizeof(svg), "%s/panel-%zu.svg", charts, i + 1);
			snprintf(png, sizeof(png), "%s/panel-%zu.png", charts, i + 1);
			pl[i].drawn = rb_valid_image(svg, 1) && rb_valid_image(png, 0);
			*panels += pl[i].drawn;
			failed |= !pl[i].drawn;
		}
		if (!failed)
			remove(log);
		struct rb_afile md, html;
		if (!(ret = rb_afile_open(&md, o->out, "trend.md"))) {
			if ((ret = rb_afile_open(&html, o->out, "trend.html"))) {
				rb_afile_abort(&md);
			} else {
				write_page(o, pl, np, &md, &html, charts);
				int r1 = rb_afile_commit(&md), r2 = rb_afile_commit(&html);
				ret = r1 ? r1 : r2;
			}
		}
		if (!ret && failed) {
			snprintf(err, errlen, "%zu of %zu charts not drawn: %s", np - (size_t)*panels, np,
				 why[0] ? why : "gnuplot wrote no valid image");
			ret = -EIO;
		}
	}
	for (size_t i = 0; i < np; i++) {
		free(pl[i].pt);
		free(pl[i].steps);
		free(pl[i].group);
	}
	free(pl);
	return ret;
}
