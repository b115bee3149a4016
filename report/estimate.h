/* estimate.h - the statistics behind the report's cost models, comparisons
 * and headline findings: a fixed + per-page cost model fitted by Theil-Sen, and
 * the ratio of two configurations from their per-run values (a run = one
 * worker process, the unit of evidence) with a 95 % interval. */
#ifndef REGIONBENCH_REPORT_ESTIMATE_H
#define REGIONBENCH_REPORT_ESTIMATE_H

#include <stddef.h>

/* The page of the cost models: pages = size_bytes / RB_MODEL_PAGE. */
#define RB_MODEL_PAGE 4096.0
/* A model needs p50s at this many distinct sizes. */
#define RB_MODEL_MIN_POINTS 3
/* A model whose prediction grows less than this factor over the measured
 * sizes is flat: R² (the share of the variation across sizes it explains)
 * means nothing there and is NaN. */
#define RB_MODEL_FLAT_FACTOR 2.0
/* A model fits when no p50 is further than RB_MODEL_MAX_FACTOR from it, and
 * either it rises and explains at least RB_MODEL_MIN_R2 of the variation (log
 * scale), or it is flat and every p50 lies within RB_MODEL_FLAT_MAX_FACTOR. */
#define RB_MODEL_MAX_FACTOR 2.0
#define RB_MODEL_MIN_R2 0.9
#define RB_MODEL_FLAT_MAX_FACTOR 1.5

/* The method and the rule above in words (for the report). */
extern const char rb_costmodel_rule[];

struct rb_costmodel {
	size_t points;
	double fixed;	 /* the metric's unit */
	double per_page; /* the metric's unit per 4 KiB page */
	double r2;	 /* on the log scale; NaN when flat */
	double max_dev;	 /* largest max(p50/model, model/p50) - 1 */
	int fits;
};

/* Fit time = fixed + per_page * pages to n points (size in bytes, p50) by
 * Theil-Sen: the per-page cost is the median of the slopes between every pair
 * of sizes, each pair weighted by how many pages apart they are (sizes grow
 * geometrically: unweighted, the noisy slopes between neighbouring small sizes
 * would decide), and the fixed cost the median of p50 - per_page * pages, each
 * size weighted by 1 / p50 (what is left counts relative to its size's time).
 * One odd size cannot pull the model away. A negative fixed cost is not physical:
 * the model is then refitted through zero (per_page = median of p50 / pages).
 * Returns 0, or -EINVAL with fewer than RB_MODEL_MIN_POINTS distinct sizes or
 * a p50 <= 0. */
int rb_costmodel_fit(const double *size_bytes, const double *p50, size_t n, struct rb_costmodel *m);

struct rb_ratio {
	double ratio; /* geometric mean of b / geometric mean of a */
	double lo, hi;
	int has_ci; /* 0: a side has fewer than two runs, lo/hi are NaN */
};

/* b relative to a from per-run values (every value > 0): the ratio of their
 * geometric means and a 95 % Welch t interval on the log scale (runs of a
 * side are independent processes; the sides need not have as many runs).
 * Returns 0, or -EINVAL when a side is empty or holds a value <= 0. */
int rb_ratio_runs(const double *a, size_t na, const double *b, size_t nb, struct rb_ratio *r);
/* The geometric mean of n values > 0 (NaN when n is 0). */
double rb_geomean(const double *v, size_t n);
/* 1 when the interval lies wholly above or below 1 (a clear difference). */
int rb_ratio_clear(const struct rb_ratio *r);

/* "1.4 µs", "230 ns", "12 ms": a time in ns, two significant digits. */
const char *rb_fmt_ns2(double ns, char *buf, size_t n);
/* The model in words: "1.4 µs + 0.09 µs/page", "18 µs + 0.02 ns/page", "53 ns
 * + 0.047 µs/page" (unit ns: in ns below 100 ns fixed, 10 ns per page) or
 * "3 + 0.5/page count". */
const char *rb_costmodel_text(const struct rb_costmodel *m, const char *unit, char *buf, size_t n);

#endif
