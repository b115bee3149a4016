/* combine.c - merge the CSV files of several run folders into one data folder
 * that the chart templates read. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "csv.h"
#include "csvw.h"
#include "data.h"
#include "derive.h"
#include "parse.h"
#include "report.h"
#include "schema.h"

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

int rb_report_check_run(const char *dir, char *err, size_t errlen)
{
	char p[PATH_MAX + 32];
	struct stat st;
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "--from: '%s' is not a directory (expected a run folder)", dir);
		return -ENOENT;
	}
	snprintf(p, sizeof(p), "%s/INCOMPLETE", dir);
	if (!access(p, F_OK)) {
		snprintf(err, errlen, "--from: '%s' is an incomplete run (it has an INCOMPLETE marker)", dir);
		return -EINVAL;
	}
	const char *need[] = { "meta.csv", "summary.csv", "metrics.csv" };
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, need[i]);
		if (access(p, R_OK)) {
			snprintf(err, errlen, "--from: '%s' has no %s (expected a run folder of this regionbench)", dir,
				 need[i]);
			return -ENOENT;
		}
	}
	return 0;
}

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

struct sink {
	const char *name;
	const char *only_metric; /* keep only rows of this metric */
	int unique;		 /* keep the first row of each (scenario, metric) */
	char seen[8192];	 /* unique: "scenario/metric\n" of rows kept */
	struct rb_afile f;
	int open;
	char header[4096];
	size_t rows;
};

/* Append the rows of src to sink (opening it with src's header the first time). */
static int append(struct rb_report *r, struct sink *k, const char *src, char *err, size_t errlen)
{
	struct rb_csv t;
	int ret = rb_csv_load(src, &t, err, errlen);
	if (ret)
		return ret;
	char header[4096] = "";
	for (size_t c = 0; c < t.ncols; c++) {
		size_t l = strlen(header);
		snprintf(header + l, sizeof(header) - l, "%s%s", c ? "," : "", t.cells[c]);
	}
	if (strcmp(t.cells[0], "schema_version") && strcmp(k->name, "meta.csv")) {
		snprintf(err, errlen, "%s: the first column is not schema_version", src);
		rb_csv_free(&t);
		return -EINVAL;
	}
	int sv = rb_csv_col(&t, "schema_version");
	char want[16];
	snprintf(want, sizeof(want), "%d", RB_SCHEMA_VERSION);
	for (size_t row = 0; sv >= 0 && row < t.nrows; row++)
		if (strcmp(rb_csv_get(&t, row, sv), want)) {
			snprintf(err, errlen, "%s: row %zu has schema_version '%s' (this regionbench reads %d)", src, row + 2,
				 rb_csv_get(&t, row, sv), RB_SCHEMA_VERSION);
			rb_csv_free(&t);
			return -EINVAL;
		}
	if (!k->open) {
		if ((ret = rb_afile_open(&k->f, r->data, k->name))) {
			snprintf(err, errlen, "%s/%s: %s", r->data, k->name, strerror(-ret));
			rb_csv_free(&t);
			return ret;
		}
		k->open = 1;
		snprintf(k->header, sizeof(k->header), "%s", header);
		fprintf(k->f.f, "%s\n", header);
	} else if (strcmp(k->header, header)) {
		snprintf(err, errlen, "%s: its columns differ from the other runs' %s", src, k->name);
		rb_csv_free(&t);
		return -EINVAL;
	}
	int bc = rb_csv_col(&t, "backend"), mc = rb_csv_col(&t, "metric");
	for (size_t row = 0; row < t.nrows; row++) {
		if (k->only_metric && strcmp(rb_csv_get(&t, row, mc), k->only_metric))
			continue;
		if (k->unique) { /* seen holds "\nscenario/metric" per row kept */
			char key[256];
			snprintf(key, sizeof(key), "\n%s/%s\n", rb_csv_get(&t, row, rb_csv_col(&t, "scenario")),
				 rb_csv_get(&t, row, mc));
			if (strstr(k->seen, key))
				continue;
			if (strlen(k->seen) + strlen(key) < sizeof(k->seen))
				strcpy(k->seen + strlen(k->seen) - (k->seen[0] != 0), key);
		}
		k->rows++;
		for (size_t c = 0; c < t.ncols; c++) {
			const char *cell = rb_csv_get(&t, row, (int)c);
			for (int i = 0; (int)c == bc && i < r->nrename; i++)
				if (!strcmp(cell, r->rename_from[i]))
					cell = r->rename_to[i];
			rb_csv_field(k->f.f, cell, c + 1 == t.ncols);
		}
	}
	rb_csv_free(&t);
	return 0;
}

int rb_report_combine(struct rb_report *r, char *err, size_t errlen)
{
	static const char *const files[] = { "summary.csv", "runs.csv",	  "metrics.csv",   "overhead.csv",
					     "stress.csv",  "guests.csv", "violations.csv" };
	enum { NF = sizeof(files) / sizeof(files[0]) };
	struct sink *sinks = calloc(NF + 1, sizeof(*sinks));
	if (!sinks)
		return -ENOMEM;
	for (int i = 0; i < NF; i++) {
		sinks[i].name = files[i];
		sinks[i].unique = !strcmp(files[i], "metrics.csv");
	}
	sinks[NF].name = "samples_stress.csv";
	sinks[NF].only_metric = "visible_ns"; /* the raw samples the charts need */
	int ret = 0;
	for (int i = 0; i < r->nruns && !ret; i++) {
		char p[PATH_MAX + 32];
		r->meta[i] = calloc(1, sizeof(struct rb_meta));
		if (!r->meta[i] || rb_meta_read(r->runs[i], r->meta[i], err, errlen)) {
			ret = -EINVAL;
			break;
		}
		for (int f = 0; f < NF && !ret; f++) {
			snprintf(p, sizeof(p), "%s/%s", r->runs[i], files[f]);
			if (!access(p, F_OK))
				ret = append(r, &sinks[f], p, err, errlen);
		}
		const char *kind = rb_meta_get(r->meta[i], "kind");
		snprintf(p, sizeof(p), "%s/samples.csv", r->runs[i]);
		if (!ret && kind && strcmp(kind, "bench") && !access(p, F_OK))
			ret = append(r, &sinks[NF], p, err, errlen);
	}
	for (int f = 0; f <= NF; f++)
		if (sinks[f].open && (ret ? (rb_afile_abort(&sinks[f].f), 0) : rb_afile_commit(&sinks[f].f)))
			ret = -EIO;
	free(sinks);
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
