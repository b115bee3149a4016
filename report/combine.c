/* combine.c - merge the CSV files of several run folders into one data folder
 * that the chart templates read. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "csv.h"
#include "csvcat.h"
#include "csvw.h"
#include "data.h"
#include "derive.h"
#include "parse.h"
#include "report.h"
#include "schema.h"
#include "stats.h"

int rb_report_folders(struct rb_report *r, const char *want, const char *id, char *err, size_t errlen)
{
	char copy[PATH_MAX];
	snprintf(copy, sizeof(copy), "%s", want);
	int ret = rb_rundir_create(copy, NULL, id, r->out, sizeof(r->out), err, errlen);
	if (ret)
		return ret;
	snprintf(r->data, sizeof(r->data), "%s/data", r->out);
	snprintf(r->charts, sizeof(r->charts), "%s/charts", r->out);
	static const char *const subs[] = { "data", "charts", "runs", "logs" };
	for (int i = 0; i < 4; i++) {
		char p[PATH_MAX + 16];
		snprintf(p, sizeof(p), "%s/%s", r->out, subs[i]);
		if (mkdir(p, 0755) && errno != EEXIST) {
			snprintf(err, errlen, "cannot create '%s': %s", p, strerror(errno));
			return -errno;
		}
	}
	return 0;
}

int rb_report_add_run(struct rb_report *r, const char *dir)
{
	if (r->nruns >= RB_MAX_RUNS)
		return -ENOSPC;
	r->runs[r->nruns++] = dir;
	return 0;
}

void rb_report_note(struct rb_report *r, const char *fmt, ...)
{
	if (r->nnotes >= (int)(sizeof(r->notes) / sizeof(r->notes[0])))
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->notes[r->nnotes++], sizeof(r->notes[0]), fmt, ap);
	va_end(ap);
}

int rb_report_rename(struct rb_report *r, const char *from, const char *to)
{
	if (r->nrename >= (int)(sizeof(r->rename_from) / sizeof(r->rename_from[0])))
		return -ENOSPC;
	char *f = strdup(from), *t = strdup(to);
	if (!f || !t) {
		free(f);
		free(t);
		return -ENOMEM;
	}
	r->rename_from[r->nrename] = f;
	r->rename_to[r->nrename++] = t;
	return 0;
}

void rb_report_set_reference(struct rb_report *r, const char *backend)
{
	snprintf(r->reference, sizeof(r->reference), "%s", backend);
}

int rb_report_render(struct rb_report *r)
{
	char plots[PATH_MAX];
	rb_plots_dir(plots, sizeof(plots));
	struct rb_render_args ra = { r->data, r->charts, plots, r->subtitle, r->backends, r->xrange, r->variants, r->reference };
	return rb_render_all(&ra, r->chart);
}

void rb_report_free(struct rb_report *r)
{
	for (int i = 0; i < r->nruns; i++) {
		free(r->meta[i]);
		r->meta[i] = NULL;
	}
	for (int i = 0; i < r->nrename; i++) {
		free(r->rename_from[i]);
		free(r->rename_to[i]);
	}
	r->nrename = 0;
}

const char *const rb_report_needs[] = { "meta.csv", "summary.csv", "metrics.csv", NULL };

int rb_report_check_reference(const char *ref, const char *const *runs, int nruns, char *err, size_t errlen)
{
	char all[1024] = "";
	for (int i = 0; i < nruns; i++) {
		struct rb_data d;
		char backends[1024], w[300];
		if (rb_data_load(&d, runs[i], err, errlen))
			return -EINVAL;
		rb_data_backends(&d, backends, sizeof(backends));
		rb_data_free(&d);
		for (int k = 0; rb_word(backends, k, w, sizeof(w)); k++) {
			if (!strcmp(w, ref))
				return 0;
			char padded[1100];
			snprintf(padded, sizeof(padded), ", %s,", all);
			char key[320];
			snprintf(key, sizeof(key), " %s,", w);
			if (!strstr(padded, key) && strlen(all) + strlen(w) + 3 < sizeof(all))
				snprintf(all + strlen(all), sizeof(all) - strlen(all), "%s%s", all[0] ? ", " : "", w);
		}
	}
	snprintf(err, errlen, "--reference: '%s' is not a backend of these runs (they have: %s)", ref, all[0] ? all : "none");
	return -EINVAL;
}

/* What a row of a combined table goes through: the matrix's renames of the
 * backend, and (metrics.csv) only the first row of each (scenario, metric). */
struct combine_row {
	const struct rb_report *r;
	int unique;
	char seen[8192]; /* unique: "\nscenario/metric\n" of rows kept */
};

static int combine_row(void *arg, const struct rb_table *t, const char **cells)
{
	struct combine_row *x = arg;
	if (x->unique) {
		char key[256];
		snprintf(key, sizeof(key), "\n%s/%s\n", cells[rb_table_col(t, "scenario")], cells[rb_table_col(t, "metric")]);
		if (strstr(x->seen, key))
			return 0;
		if (strlen(x->seen) + strlen(key) < sizeof(x->seen))
			strcpy(x->seen + strlen(x->seen) - (x->seen[0] != 0), key);
	}
	int bc = rb_table_col(t, "backend");
	for (int i = 0; bc >= 0 && i < x->r->nrename; i++)
		if (!strcmp(cells[bc], x->r->rename_from[i]))
			cells[bc] = x->r->rename_to[i];
	return 1;
}

#define CDF_POINTS 200

/* The visible_ns samples of one run folder as CDF points (rb_t_cdf), one
 * curve per backend and variant: derived numbers, not a copy of the samples. */
static int cdf_append(struct rb_report *r, FILE *out, const char *src, char *err, size_t errlen)
{
	struct rb_csv t;
	int idx[RB_SMP__N];
	if (rb_csv_load(src, &t, err, errlen))
		return -EINVAL;
	if (rb_csv_bind(&t, &rb_t_samples, src, idx, err, errlen)) {
		rb_csv_free(&t);
		return -EINVAL;
	}
	double *v = malloc((t.nrows ? t.nrows : 1) * sizeof(double));
	char *done = calloc(t.nrows ? t.nrows : 1, 1);
	int ret = v && done ? 0 : -ENOMEM;
	for (size_t row = 0; !ret && row < t.nrows; row++) {
		if (done[row] || strcmp(rb_csv_get(&t, row, idx[RB_SMP_METRIC]), "visible_ns"))
			continue;
		const char *be = rb_csv_get(&t, row, idx[RB_SMP_BACKEND]), *var = rb_csv_get(&t, row, idx[RB_SMP_VARIANT]);
		size_t n = 0;
		for (size_t k = row; k < t.nrows; k++)
			if (!done[k] && !strcmp(rb_csv_get(&t, k, idx[RB_SMP_METRIC]), "visible_ns") &&
			    !strcmp(rb_csv_get(&t, k, idx[RB_SMP_BACKEND]), be) &&
			    !strcmp(rb_csv_get(&t, k, idx[RB_SMP_VARIANT]), var)) {
				done[k] = 1;
				if (!rb_csv_num(rb_csv_get(&t, k, idx[RB_SMP_VALUE]), &v[n]))
					n++;
			}
		if (!n)
			continue;
		rb_sort_doubles(v, n);
		for (int i = 0; i < r->nrename; i++)
			if (!strcmp(be, r->rename_from[i]))
				be = r->rename_to[i];
		struct rb_row o;
		rb_row_init(&o, &rb_t_cdf);
		rb_row_str(&o, RB_CDF_BACKEND, be);
		rb_row_str(&o, RB_CDF_FS_TYPE, rb_csv_get(&t, row, idx[RB_SMP_FS_TYPE]));
		rb_row_str(&o, RB_CDF_VARIANT, var);
		rb_row_str(&o, RB_CDF_METRIC, "visible_ns");
		rb_row_str(&o, RB_CDF_UNIT, rb_csv_get(&t, row, idx[RB_SMP_UNIT]));
		size_t mark = o.used;
		for (int k = 0; k <= CDF_POINTS; k++) {
			double q = (double)k / CDF_POINTS;
			o.used = mark;
			rb_row_fmt(&o, RB_CDF_FRACTION, "%g", q);
			rb_row_num(&o, RB_CDF_VALUE, rb_quantile_sorted(v, n, q));
			rb_row_write(out, &o);
		}
	}
	free(v);
	free(done);
	rb_csv_free(&t);
	return ret;
}

int rb_report_combine(struct rb_report *r, char *err, size_t errlen)
{
	static const struct rb_table *const tables[] = { &rb_t_summary, &rb_t_runs,	 &rb_t_metrics, &rb_t_overhead,
							 &rb_t_stress,	&rb_t_guests, &rb_t_violations };
	enum { NF = sizeof(tables) / sizeof(tables[0]) };
	struct rb_csvcat *cat = calloc(NF, sizeof(*cat));
	struct combine_row *rows = calloc(NF, sizeof(*rows));
	struct rb_afile cdf;
	int cdf_open = 0, ret = cat && rows ? 0 : -ENOMEM;
	for (int f = 0; !ret && f < NF; f++) {
		rows[f].r = r;
		rows[f].unique = tables[f] == &rb_t_metrics;
		rb_csvcat_init(&cat[f], tables[f], r->data, combine_row, &rows[f]);
	}
	for (int i = 0; i < r->nruns && !ret; i++) {
		char p[PATH_MAX + 32];
		r->meta[i] = calloc(1, sizeof(struct rb_meta));
		if (!r->meta[i] || rb_meta_read(r->runs[i], r->meta[i], err, errlen)) {
			ret = -EINVAL;
			break;
		}
		for (int f = 0; f < NF && !ret; f++) {
			snprintf(p, sizeof(p), "%s/%s", r->runs[i], tables[f]->file);
			ret = rb_csvcat_add(&cat[f], p, err, errlen);
		}
		/* the stress samples' distribution, not the samples */
		const char *kind = rb_meta_get(r->meta[i], "kind");
		snprintf(p, sizeof(p), "%s/samples.csv", r->runs[i]);
		if (!ret && kind && strcmp(kind, "bench") && !access(p, F_OK)) {
			if (!cdf_open && !(ret = rb_afile_open(&cdf, r->data, rb_t_cdf.file))) {
				cdf_open = 1;
				rb_table_header(cdf.f, &rb_t_cdf);
			}
			if (!ret)
				ret = cdf_append(r, cdf.f, p, err, errlen);
		}
	}
	for (int f = 0; cat && f < NF; f++)
		if (rb_csvcat_end(&cat[f], !ret))
			ret = -EIO;
	if (cdf_open && (ret ? (rb_afile_abort(&cdf), 0) : rb_afile_commit(&cdf)))
		ret = -EIO;
	free(cat);
	free(rows);
	if (ret)
		return ret;
	/* words for the templates: backends, stress variants, the size axis's range */
	struct rb_data d;
	if ((ret = rb_data_load(&d, r->data, err, errlen)))
		return ret;
	rb_data_backends(&d, r->backends, sizeof(r->backends));
	if (!r->reference[0])
		rb_word(r->backends, 0, r->reference, sizeof(r->reference));
	uint64_t xmin = UINT64_MAX, xmax = 0;
	r->variants[0] = '\0';
	for (size_t row = 0; row < d.sum.nrows; row++) {
		const char *scn = rb_csv_get(&d.sum, row, d.s[RB_SUM_SCENARIO]);
		const char *met = rb_csv_get(&d.sum, row, d.s[RB_SUM_METRIC]);
		if (!strcmp(met, "visible_ns")) {
			const char *v = rb_csv_get(&d.sum, row, d.s[RB_SUM_VARIANT]);
			char word[300], padded[sizeof(r->variants) + 2];
			snprintf(word, sizeof(word), " %s ", v);
			snprintf(padded, sizeof(padded), " %s ", r->variants);
			if (*v && !strchr(v, ' ') && !strstr(padded, word) && strlen(r->variants) + strlen(v) + 2 < sizeof(r->variants))
				snprintf(r->variants + strlen(r->variants), sizeof(r->variants) - strlen(r->variants), "%s%s",
					 r->variants[0] ? " " : "", v);
		}
		/* the size axis of the charts: rows of metrics whose descriptor says so */
		if (strcmp(rb_data_axis(&d, scn, met), "size"))
			continue;
		uint64_t sz = strtoull(rb_csv_get(&d.sum, row, d.s[RB_SUM_SIZE_BYTES]), NULL, 10);
		if (sz && sz < xmin)
			xmin = sz;
		if (sz > xmax)
			xmax = sz;
	}
	rb_data_free(&d);
	snprintf(r->xrange, sizeof(r->xrange), "%llu %llu", (unsigned long long)(xmin == UINT64_MAX ? 4096 : xmin),
		 (unsigned long long)(xmax ? xmax : 4096));
	/* subtitle: kernel(s), filesystem(s), date */
	char kernels[256] = "", fss[256] = "";
	for (int i = 0; i < r->nruns; i++) {
		const char *k = rb_meta_get(r->meta[i], "kernel_release");
		if (k && !strstr(kernels, k))
			snprintf(kernels + strlen(kernels), sizeof(kernels) - strlen(kernels), "%s%s", kernels[0] ? ", " : "", k);
		for (int b = 0; b < rb_meta_backend_count(r->meta[i]); b++) {
			const char *f = rb_meta_backend(r->meta[i], b, RB_BF_FS_TYPE);
			if (f && !strstr(fss, f))
				snprintf(fss + strlen(fss), sizeof(fss) - strlen(fss), "%s%s", fss[0] ? ", " : "", f);
		}
	}
	char date[64];
	const char *when = r->nruns ? rb_meta_get(r->meta[0], "end_time") : NULL;
	if (when)
		snprintf(date, sizeof(date), "%s", when);
	else
		rb_utc_now(date, sizeof(date));
	date[10] = '\0';
	snprintf(r->subtitle, sizeof(r->subtitle), "Linux %s · %s · %s", kernels[0] ? kernels : "?", fss[0] ? fss : "?",
		 date);
	/* the tables the charts and the text derive from the data */
	return rb_report_derive(r->data, r->reference, err, errlen);
}
