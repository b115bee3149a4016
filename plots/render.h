/* render.h - the chart table and the render step: each chart is a gnuplot
 * template plots/NAME.gp (positional arguments, reads only CSV) plus one line
 * in the table in render.c. Rendering checks the data first and says which
 * chart was skipped and why (gnuplot missing, no rows for it, gnuplot failed). */
#ifndef REGIONBENCH_PLOTS_RENDER_H
#define REGIONBENCH_PLOTS_RENDER_H

#include <stddef.h>

struct rb_chart {
	const char *name;  /* template plots/<name>.gp; outputs <name>.svg and <name>.png */
	const char *title;
	const char *how;   /* how to read it (report and README) */
	const char *data;  /* the CSV in the data folder it needs rows from */
	const char *col;   /* a column ... (NULL: any row will do) */
	const char *value; /* ... that must hold this value in some row (NULL: any value, not empty) */
	int min_backends;  /* comparison charts: drawn only with at least this many backends */
	const char *models; /* "SCENARIO METRIC [VARIANT-PREFIX]": the cost models it draws (the report lists them) */
};

extern const struct rb_chart rb_charts[];

struct rb_render_args {
	const char *data_dir;  /* combined CSVs */
	const char *out_dir;   /* charts go here */
	const char *plots_dir; /* templates */
	const char *subtitle;
	const char *backends; /* space-separated */
	const char *xrange;   /* "MIN MAX" sizes */
	const char *variants; /* space-separated stress variants */
	const char *reference; /* the backend comparison charts are relative to */
};

struct rb_chart_result {
	int ok;
	char reason[256]; /* why it was skipped or failed */
};

/* Render every chart (SVG and PNG); results[i] for rb_charts[i]. Returns the
 * number of charts rendered. */
int rb_render_all(const struct rb_render_args *a, struct rb_chart_result *results);
size_t rb_chart_count(void);
/* Run `gnuplot -c TEMPLATE ARG...` (args NULL-terminated, at most 20) with its
 * output going to `log`. 0 when gnuplot exited 0; otherwise -errno (-EIO: it
 * failed) and `why` says what went wrong (not installed, or the first line of
 * its log, which is kept). */
int rb_gnuplot_run(const char *tpl, char *const args[], const char *log, char *why, size_t n);
/* The gnuplot templates: $RB_PLOTS, else <root>/plots under the ./regionbench
 * front door, else the source tree's plots/. */
void rb_plots_dir(char *buf, size_t n);
/* Give every hover label of a gnuplot SVG (`with labels hypertext`) its text
 * as a data-tip attribute and an SVG <title> (a browser shows it as a tooltip;
 * report.html shows it in a box that follows the pointer), in place of the
 * calls into gnuplot's mouse script, which is not embedded. 0 or -errno. */
int rb_svg_tips(const char *path);
/* 1 when path is a non-empty SVG (svg) or PNG (png) file. */
int rb_valid_image(const char *path, int svg);

#endif
