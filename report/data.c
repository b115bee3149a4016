/* data.c - queries over a report's combined summary, runs and metrics tables. */
#include "data.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int load(const char *dir, const struct rb_table *t, struct rb_csv *c, int *idx, int required, int *have,
		char *err, size_t errlen)
{
	char p[4096];
	snprintf(p, sizeof(p), "%s/%s", dir, t->file);
	*have = 0;
	memset(c, 0, sizeof(*c));
	if (!required && access(p, F_OK))
		return 0;
	int ret = rb_csv_load(p, c, err, errlen);
	if (!ret && (ret = rb_csv_bind(c, t, p, idx, err, errlen)))
		rb_csv_free(c);
	*have = !ret;
	return ret;
}

int rb_data_load(struct rb_data *d, const char *dir, char *err, size_t errlen)
{
	int have;
	memset(d, 0, sizeof(*d));
	int ret = load(dir, &rb_t_summary, &d->sum, d->s, 1, &have, err, errlen);
	if (!ret)
		ret = load(dir, &rb_t_runs, &d->runs, d->r, 0, &d->have_runs, err, errlen);
	if (!ret)
		ret = load(dir, &rb_t_metrics, &d->met, d->m, 0, &d->have_met, err, errlen);
	if (ret)
		rb_data_free(d);
	return ret;
}

void rb_data_free(struct rb_data *d)
{
	if (d->sum.buf || d->sum.cells)
		rb_csv_free(&d->sum);
	if (d->have_runs)
		rb_csv_free(&d->runs);
	if (d->have_met)
		rb_csv_free(&d->met);
	memset(d, 0, sizeof(*d));
}

static int eq(const char *want, const char *cell)
{
	return !want || !strcmp(want, cell);
}

static int measured(const char *status)
{
	enum rb_status s;
	return !rb_status_parse(status, &s) && rb_status_measured(s);
}

/* Does a row of table csv (with columns scenario..metric at idx) match c? */
static int match(const struct rb_csv *t, size_t row, int scn, int be, int size, int var, int procs, int met,
		 const struct rb_cfg *c)
{
	return eq(c->scenario, rb_csv_get(t, row, scn)) && eq(c->backend, rb_csv_get(t, row, be)) &&
	       eq(c->variant, rb_csv_get(t, row, var)) && eq(c->metric, rb_csv_get(t, row, met)) &&
	       (!c->size || strtoull(rb_csv_get(t, row, size), NULL, 10) == c->size) &&
	       (!c->procs || atoi(rb_csv_get(t, row, procs)) == c->procs);
}

int rb_data_row_match(const struct rb_data *d, size_t row, const struct rb_cfg *c)
{
	return match(&d->sum, row, d->s[RB_SUM_SCENARIO], d->s[RB_SUM_BACKEND], d->s[RB_SUM_SIZE_BYTES],
		     d->s[RB_SUM_VARIANT], d->s[RB_SUM_PROCS], d->s[RB_SUM_METRIC], c) &&
	       measured(rb_csv_get(&d->sum, row, d->s[RB_SUM_STATUS]));
}

size_t rb_data_runs(const struct rb_data *d, const struct rb_cfg *c, enum rb_stat stat, double *out, size_t max)
{
	size_t n = 0;
	double v;
	if (!d->have_runs) {
		for (size_t row = 0; row < d->sum.nrows && n < max; row++)
			if (rb_data_row_match(d, row, c) &&
			    !rb_csv_num(rb_csv_get(&d->sum, row, d->s[stat == RB_STAT_P50 ? RB_SUM_P50 : RB_SUM_P99]), &v))
				out[n++] = v;
		return n;
	}
	for (size_t row = 0; row < d->runs.nrows && n < max; row++)
		if (match(&d->runs, row, d->r[RB_RUN_SCENARIO], d->r[RB_RUN_BACKEND], d->r[RB_RUN_SIZE_BYTES],
			  d->r[RB_RUN_VARIANT], d->r[RB_RUN_PROCS], d->r[RB_RUN_METRIC], c) &&
		    measured(rb_csv_get(&d->runs, row, d->r[RB_RUN_STATUS])) &&
		    !rb_csv_num(rb_csv_get(&d->runs, row, d->r[stat == RB_STAT_P50 ? RB_RUN_P50 : RB_RUN_P99]), &v))
			out[n++] = v;
	return n;
}

uint64_t rb_data_size(const struct rb_data *d, const struct rb_cfg *c, int largest)
{
	uint64_t best = 0;
	for (size_t row = 0; row < d->sum.nrows; row++) {
		if (!rb_data_row_match(d, row, c))
			continue;
		uint64_t s = strtoull(rb_csv_get(&d->sum, row, d->s[RB_SUM_SIZE_BYTES]), NULL, 10);
		if (!best || (largest ? s > best : s < best))
			best = s;
	}
	return best;
}

static const char *met_cell(const struct rb_data *d, const char *scenario, const char *metric, int col)
{
	for (size_t row = 0; d->have_met && row < d->met.nrows; row++)
		if (!strcmp(rb_csv_get(&d->met, row, d->m[RB_MET_SCENARIO]), scenario) &&
		    !strcmp(rb_csv_get(&d->met, row, d->m[RB_MET_METRIC]), metric))
			return rb_csv_get(&d->met, row, d->m[col]);
	return NULL;
}

const char *rb_data_unit(const struct rb_data *d, const char *scenario, const char *metric)
{
	const char *u = met_cell(d, scenario, metric, RB_MET_UNIT);
	if (u)
		return u;
	struct rb_cfg c = { .scenario = scenario, .metric = metric };
	for (size_t row = 0; row < d->sum.nrows; row++)
		if (match(&d->sum, row, d->s[RB_SUM_SCENARIO], d->s[RB_SUM_BACKEND], d->s[RB_SUM_SIZE_BYTES],
			  d->s[RB_SUM_VARIANT], d->s[RB_SUM_PROCS], d->s[RB_SUM_METRIC], &c))
			return rb_csv_get(&d->sum, row, d->s[RB_SUM_UNIT]);
	return "";
}

const char *rb_data_axis(const struct rb_data *d, const char *scenario, const char *metric)
{
	const char *a = met_cell(d, scenario, metric, RB_MET_AXIS);
	return a ? a : "";
}

const char *rb_word(const char *list, int i, char *buf, size_t n)
{
	const char *w = list + strspn(list, " ");
	for (; *w && i > 0; i--) {
		w += strcspn(w, " ");
		w += strspn(w, " ");
	}
	if (!*w)
		return NULL;
	size_t l = strcspn(w, " ");
	snprintf(buf, n, "%.*s", (int)l, w);
	return buf;
}

int rb_data_backends(const struct rb_data *d, char *out, size_t n)
{
	int count = 0;
	out[0] = '\0';
	for (size_t row = 0; row < d->sum.nrows; row++) {
		const char *b = rb_csv_get(&d->sum, row, d->s[RB_SUM_BACKEND]);
		char w[300];
		int seen = !*b || strchr(b, ' ') != NULL;
		for (int i = 0; !seen && rb_word(out, i, w, sizeof(w)); i++)
			seen = !strcmp(w, b);
		if (seen || strlen(out) + strlen(b) + 2 > n)
			continue;
		snprintf(out + strlen(out), n - strlen(out), "%s%s", out[0] ? " " : "", b);
		count++;
	}
	return count;
}
