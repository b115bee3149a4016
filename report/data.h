/* data.h - the combined data folder of a report, read through the schema's
 * tables (summary.csv, runs.csv, metrics.csv): configurations, their per-run
 * values and their metrics' descriptors, for the derived tables and the
 * headline findings. */
#ifndef REGIONBENCH_REPORT_DATA_H
#define REGIONBENCH_REPORT_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "csv.h"
#include "schema.h"

struct rb_data {
	struct rb_csv sum, runs, met;
	int s[RB_SUM__N], r[RB_RUN__N], m[RB_MET__N];
	int have_runs, have_met;
};

/* A configuration: NULL strings, size 0 and procs 0 match anything. */
struct rb_cfg {
	const char *scenario, *backend, *variant, *metric;
	uint64_t size;
	int procs;
};

enum rb_stat { RB_STAT_P50, RB_STAT_P99 };

/* Load dir/summary.csv (required), runs.csv and metrics.csv (when present).
 * 0, or -errno with a one-line reason in err. */
int rb_data_load(struct rb_data *d, const char *dir, char *err, size_t errlen);
void rb_data_free(struct rb_data *d);

/* 1 when summary row `row` matches c and its status carries numbers. */
int rb_data_row_match(const struct rb_data *d, size_t row, const struct rb_cfg *c);
/* The per-run values (stat of each run, measured runs only) of c, at most max;
 * returns how many. Without runs.csv, the summary row is the one run. */
size_t rb_data_runs(const struct rb_data *d, const struct rb_cfg *c, enum rb_stat stat, double *out, size_t max);
/* Smallest / largest size with measured rows of c (0: none). */
uint64_t rb_data_size(const struct rb_data *d, const struct rb_cfg *c, int largest);
/* The unit of (scenario, metric) from metrics.csv, else the summary's unit cell, else "". */
const char *rb_data_unit(const struct rb_data *d, const char *scenario, const char *metric);
/* The axis of (scenario, metric) from metrics.csv ("size", "procs", "none"; "" unknown). */
const char *rb_data_axis(const struct rb_data *d, const char *scenario, const char *metric);

/* Backends in the order they first appear in summary.csv, as space-separated
 * words (names with a space are left out); returns how many. */
int rb_data_backends(const struct rb_data *d, char *out, size_t n);
/* The i-th space-separated word of list into buf (NULL when there is none). */
const char *rb_word(const char *list, int i, char *buf, size_t n);

#endif
