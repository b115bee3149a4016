/* schema.c - names of the schema's enums and the CSV column tables. */
#include "schema.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "csv.h"
#include "csvw.h"

#define NAME(id, name) name,
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const unit_names[] = { RB_UNITS(NAME) };
static const char *const dir_names[] = { RB_DIRECTIONS(NAME) };
static const char *const axis_names[] = { RB_AXES(NAME) };
static const char *const status_names[] = { RB_STATUSES(NAME) };
static const char *const viol_names[] = { RB_VIOLATIONS(NAME) };
static const char *const verdict_names[] = { RB_VERDICTS(NAME) };
static const char *const sverdict_names[] = { RB_STRESS_VERDICTS(NAME) };
static const char *const reason_names[] = { RB_REASONS(NAME) };
static const char *const rstat_names[] = { RB_RUN_STATS(NAME) };

static const char *name_of(const char *const *names, size_t n, int v)
{
	return v >= 0 && (size_t)v < n ? names[v] : "?";
}

static int parse(const char *const *names, size_t n, const char *s, int *out)
{
	for (size_t i = 0; s && i < n; i++)
		if (!strcmp(s, names[i])) {
			*out = (int)i;
			return 0;
		}
	return -EINVAL;
}

#define ENUM_FUNCS(type, fn, names)                                        \
	const char *fn##_name(enum type v)                                 \
	{                                                                  \
		return name_of(names, COUNT(names), (int)v);               \
	}                                                                  \
	int fn##_parse(const char *s, enum type *out)                      \
	{                                                                  \
		int v;                                                     \
		if (parse(names, COUNT(names), s, &v))                     \
			return -EINVAL;                                    \
		*out = (enum type)v;                                       \
		return 0;                                                  \
	}

ENUM_FUNCS(rb_unit, rb_unit, unit_names)
ENUM_FUNCS(rb_direction, rb_direction, dir_names)
ENUM_FUNCS(rb_axis, rb_axis, axis_names)
ENUM_FUNCS(rb_status, rb_status, status_names)
ENUM_FUNCS(rb_violation, rb_violation, viol_names)
ENUM_FUNCS(rb_verdict, rb_verdict, verdict_names)
ENUM_FUNCS(rb_stress_verdict, rb_stress_verdict, sverdict_names)

int rb_stress_passed(const char *cell)
{
	enum rb_stress_verdict v;
	return !rb_stress_verdict_parse(cell, &v) && v == RB_SV_PASS;
}
ENUM_FUNCS(rb_reason, rb_reason, reason_names)
ENUM_FUNCS(rb_run_stat, rb_run_stat, rstat_names)

int rb_status_measured(enum rb_status s)
{
	return s == RB_OK || s == RB_INTERFERENCE || s == RB_UNSTABLE;
}

/* ---- tables ---- */

#define TABLE(var, file, COLS)                                                      \
	static const char *const var##_cols[] = { COLS(NAME) };                     \
	const struct rb_table var = { file, var##_cols, COUNT(var##_cols) };

TABLE(rb_t_summary, "summary.csv", RB_SUMMARY_COLS)
TABLE(rb_t_samples, "samples.csv", RB_SAMPLES_COLS)
TABLE(rb_t_runs, "runs.csv", RB_RUNS_COLS)
TABLE(rb_t_hist, "hist.csv", RB_HIST_COLS)
TABLE(rb_t_cdf, "cdf_stress.csv", RB_CDF_COLS)
TABLE(rb_t_metrics, "metrics.csv", RB_METRICS_COLS)
TABLE(rb_t_overhead, "overhead.csv", RB_OVERHEAD_COLS)
TABLE(rb_t_stress, "stress.csv", RB_STRESS_COLS)
TABLE(rb_t_violations, "violations.csv", RB_VIOLATIONS_COLS)
TABLE(rb_t_guests, "guests.csv", RB_GUESTS_COLS)
TABLE(rb_t_compare, "compare.csv", RB_COMPARE_COLS)
TABLE(rb_t_models, "models.csv", RB_MODELS_COLS)
TABLE(rb_t_ratios, "ratios.csv", RB_RATIOS_COLS)

const struct rb_table *const rb_tables[] = { &rb_t_summary, &rb_t_samples,    &rb_t_runs, &rb_t_hist, &rb_t_cdf, &rb_t_metrics, &rb_t_overhead,
					     &rb_t_stress,  &rb_t_violations, &rb_t_guests,  &rb_t_compare,
					     &rb_t_models,  &rb_t_ratios,     NULL };

/* ---- rows ---- */

void rb_row_init(struct rb_row *r, const struct rb_table *t)
{
	r->t = t;
	r->used = 0;
	memset(r->cell, 0, sizeof(r->cell));
	if (t->ncols && !strcmp(t->cols[0], "schema_version"))
		rb_row_fmt(r, 0, "%d", RB_SCHEMA_VERSION);
}

static void row_vfmt(struct rb_row *r, int col, const char *fmt, va_list ap)
{
	if (col < 0 || (size_t)col >= r->t->ncols || col >= RB_ROW_MAXCOLS)
		return;
	size_t room = sizeof(r->buf) - r->used;
	int n = vsnprintf(r->buf + r->used, room, fmt, ap);
	if (n < 0 || (size_t)n >= room) { /* out of room: the cell stays empty */
		r->cell[col] = NULL;
		return;
	}
	r->cell[col] = r->buf + r->used;
	r->used += (size_t)n + 1;
}

void rb_row_fmt(struct rb_row *r, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	row_vfmt(r, col, fmt, ap);
	va_end(ap);
}

void rb_row_str(struct rb_row *r, int col, const char *s)
{
	if (s)
		rb_row_fmt(r, col, "%s", s);
	else if (col >= 0 && col < RB_ROW_MAXCOLS)
		r->cell[col] = NULL;
}

void rb_row_u64(struct rb_row *r, int col, uint64_t v)
{
	rb_row_fmt(r, col, "%llu", (unsigned long long)v);
}

void rb_row_num(struct rb_row *r, int col, double v)
{
	if (isfinite(v))
		rb_row_fmt(r, col, "%.6g", v);
	else if (col >= 0 && col < RB_ROW_MAXCOLS)
		r->cell[col] = NULL;
}

void rb_table_header(FILE *f, const struct rb_table *t)
{
	for (size_t c = 0; c < t->ncols; c++)
		rb_csv_field(f, t->cols[c], c + 1 == t->ncols);
}

void rb_row_write(FILE *f, const struct rb_row *r)
{
	for (size_t c = 0; c < r->t->ncols; c++)
		rb_csv_field(f, r->cell[c] ? r->cell[c] : "", c + 1 == r->t->ncols);
}

/* ---- reading ---- */

int rb_csv_bind_partial(const struct rb_csv *c, const struct rb_table *t, const char *name, int *idx, char *err,
			size_t errlen)
{
	for (size_t k = 0; k < t->ncols; k++)
		idx[k] = rb_csv_col(c, t->cols[k]);
	int sv = rb_csv_col(c, "schema_version");
	char want[16];
	snprintf(want, sizeof(want), "%d", RB_SCHEMA_VERSION);
	for (size_t r = 0; sv >= 0 && r < c->nrows; r++)
		if (strcmp(rb_csv_get(c, r, sv), want)) {
			snprintf(err, errlen, "%s: line %zu has schema_version '%s' (this regionbench reads %d)", name, r + 2,
				 rb_csv_get(c, r, sv), RB_SCHEMA_VERSION);
			return -EINVAL;
		}
	return 0;
}

int rb_csv_bind(const struct rb_csv *c, const struct rb_table *t, const char *name, int *idx, char *err,
		size_t errlen)
{
	for (size_t k = 0; k < t->ncols; k++)
		if (rb_csv_col(c, t->cols[k]) < 0) {
			snprintf(err, errlen, "%s: no column '%s' (expected the %s columns of schema_version %d)", name,
				 t->cols[k], t->file, RB_SCHEMA_VERSION);
			return -EINVAL;
		}
	return rb_csv_bind_partial(c, t, name, idx, err, errlen);
}
