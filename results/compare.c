/* compare.c - `regionbench compare BASELINE CANDIDATE`: per metric, the ratio of
 * medians with a bootstrap 95% interval, the change in p99, a two-sided
 * Mann-Whitney U test with Holm-Bonferroni over all compared metrics, and a
 * verdict; stress verdicts are always gated. Exit 0 no regression, 1 regression
 * or failed verification, 2 bad input. */
#include "compare.h"

#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "csv.h"
#include "csvw.h"
#include "gate.h"
#include "meta.h"
#include "opts.h"
#include "stats.h"

enum { O_THR, O_ALPHA, O_MIN, O_METRIC, O_FILTER, O_ALLOW, O_MD, O_JUNIT, O_CSV, O_REPS, O_NOPT };
static const struct rb_opt opts[] = {
	[O_THR] = { .name = "threshold", .arg = "PCT", .help = "smallest change that counts, in percent", .type = RB_OPT_FLOAT, .def = "5" },
	[O_ALPHA] = { .name = "alpha", .arg = "A", .help = "significance level for the Holm-adjusted p-values", .type = RB_OPT_FLOAT, .def = "0.05" },
	[O_MIN] = { .name = "min-samples", .arg = "N", .help = "fewer samples on a side: insufficient", .type = RB_OPT_COUNT, .def = "10", .min = 2, .max = 1000000000 },
	[O_METRIC] = { .name = "metric", .arg = "REGEX", .help = "gate only metrics whose name matches", .type = RB_OPT_STR },
	[O_FILTER] = { .name = "filter", .arg = "REGEX", .help = "gate only scenarios whose name matches", .type = RB_OPT_STR },
	[O_ALLOW] = { .name = "allow-different", .help = "compare runs from different hosts, kernels, CPUs or filesystems", .type = RB_OPT_FLAG },
	[O_MD] = { .name = "markdown", .arg = "FILE", .help = "also write a markdown table (CI job summary)", .type = RB_OPT_STR },
	[O_JUNIT] = { .name = "junit", .arg = "FILE", .help = "also write JUnit XML, one test case per metric", .type = RB_OPT_STR },
	[O_CSV] = { .name = "csv", .arg = "FILE", .help = "also write the comparison as CSV", .type = RB_OPT_STR },
	[O_REPS] = { .name = "bootstrap", .arg = "N", .help = "bootstrap resamples for the interval", .type = RB_OPT_COUNT, .def = "2000", .min = 100, .max = 1000000 },
};

int rb_resolve_run(const char *what, const char *arg, char *dir, size_t n, char *err, size_t errlen)
{
	struct stat st;
	if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(dir, n, "%s", arg);
	} else {
		const char *root = getenv("RB_ROOT");
		snprintf(dir, n, "%s/results/baselines/%s", root ? root : ".", arg);
		if (strchr(arg, '/') || stat(dir, &st) || !S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "%s '%s' is neither a run folder nor a saved baseline (results/baselines/%s)", what,
				 arg, arg);
			return -ENOENT;
		}
	}
	char p[4200];
	snprintf(p, sizeof(p), "%s/INCOMPLETE", dir);
	if (!access(p, F_OK)) {
		snprintf(err, errlen, "%s '%s' is an incomplete run (INCOMPLETE marker)", what, arg);
		return -EINVAL;
	}
	const char *need[] = { "meta.csv", "summary.csv", "samples.csv" };
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, need[i]);
		if (access(p, R_OK)) {
			snprintf(err, errlen, "%s '%s' has no %s (expected a run folder)", what, arg, need[i]);
			return -ENOENT;
		}
	}
	return 0;
}

/* ---- grouping samples by key ---- */
static const char *const key_cols[] = { "scenario", "backend", "size_bytes", "variant", "procs", "metric" };
enum { NK = 6 };

struct side {
	char dir[4096];
	struct rb_csv samples, summary;
	struct rb_meta meta;
	int kc[NK], vc, rc, pc; /* key columns, value, run_id and rep (a run = the cluster; rep: -1 when absent) */
	size_t *order; /* sample rows sorted by key */
};

static const struct side *sort_side;
static int cmp_rows(const void *a, const void *b)
{
	size_t ra = *(const size_t *)a, rb = *(const size_t *)b;
	for (int k = 0; k < NK; k++) {
		int d = strcmp(rb_csv_get(&sort_side->samples, ra, sort_side->kc[k]),
			       rb_csv_get(&sort_side->samples, rb, sort_side->kc[k]));
		if (d)
			return d;
	}
	/* within a key, the samples of one run (run_id, rep: one worker process) stand together */
	int d = strcmp(rb_csv_get(&sort_side->samples, ra, sort_side->rc), rb_csv_get(&sort_side->samples, rb, sort_side->rc));
	return d ? d : strcmp(rb_csv_get(&sort_side->samples, ra, sort_side->pc), rb_csv_get(&sort_side->samples, rb, sort_side->pc));
}

static int key_cmp(const struct side *a, size_t ra, const struct side *b, size_t rb)
{
	for (int k = 0; k < NK; k++) {
		int d = strcmp(rb_csv_get(&a->samples, ra, a->kc[k]), rb_csv_get(&b->samples, rb, b->kc[k]));
		if (d)
			return d;
	}
	return 0;
}

static int load_side(struct side *s, const char *label, char *err, size_t errlen)
{
	char p[4200];
	snprintf(p, sizeof(p), "%s/samples.csv", s->dir);
	if (rb_csv_load(p, &s->samples, err, errlen))
		return -EINVAL;
	static const char *const need[] = { "schema_version", "scenario", "backend", "size_bytes", "variant", "procs",
					    "metric", "value", NULL };
	if (rb_csv_require(&s->samples, p, need, err, errlen))
		return -EINVAL;
	for (int k = 0; k < NK; k++)
		s->kc[k] = rb_csv_col(&s->samples, key_cols[k]);
	s->vc = rb_csv_col(&s->samples, "value");
	s->rc = rb_csv_col(&s->samples, "run_id");
	s->pc = rb_csv_col(&s->samples, "rep");
	for (size_t r = 0; r < s->samples.nrows; r++) {
		double v;
		if (rb_csv_num(rb_csv_get(&s->samples, r, s->vc), &v)) {
			snprintf(err, errlen, "%s: line %zu: value '%s' is not a number", p, r + 2,
				 rb_csv_get(&s->samples, r, s->vc));
			return -EINVAL;
		}
	}
	snprintf(p, sizeof(p), "%s/summary.csv", s->dir);
	if (rb_csv_load(p, &s->summary, err, errlen))
		return -EINVAL;
	if (rb_meta_read(s->dir, &s->meta, err, errlen))
		return -EINVAL;
	s->order = malloc((s->samples.nrows + 1) * sizeof(size_t));
	if (!s->order) {
		snprintf(err, errlen, "%s: out of memory", label);
		return -ENOMEM;
	}
	for (size_t r = 0; r < s->samples.nrows; r++)
		s->order[r] = r;
	sort_side = s;
	qsort(s->order, s->samples.nrows, sizeof(size_t), cmp_rows);
	return 0;
}

struct row {
	char key[6][256];
	size_t nb, nc, runs_b, runs_c;
	double mb, mc, p99b, p99c, p, p_adj;
	struct rb_ratio r;
	enum rb_verdict v;
	int higher_better;
};

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

/* Cluster (run) boundaries of sorted rows [from, to): starts relative to from, plus n. */
static size_t *clusters(const struct side *s, size_t from, size_t to, size_t *ncl)
{
	size_t *cl = malloc((to - from + 1) * sizeof(size_t));
	size_t k = 0;
	for (size_t i = from; cl && i < to; i++)
		if (i == from ||
		    strcmp(rb_csv_get(&s->samples, s->order[i], s->rc), rb_csv_get(&s->samples, s->order[i - 1], s->rc)) ||
		    strcmp(rb_csv_get(&s->samples, s->order[i], s->pc), rb_csv_get(&s->samples, s->order[i - 1], s->pc)))
			cl[k++] = i - from;
	if (cl)
		cl[k] = to - from;
	*ncl = k;
	return cl;
}

static double *values(const struct side *s, size_t from, size_t to)
{
	double *v = malloc((to - from + 1) * sizeof(double));
	for (size_t i = from; v && i < to; i++)
		rb_csv_num(rb_csv_get(&s->samples, s->order[i], s->vc), &v[i - from]);
	return v;
}

static int meta_differs(const struct side *a, const struct side *b, char *out, size_t n)
{
	static const char *const keys[] = { "host", "kernel_release", "cpu_model", "cpu_count", "backend.0.fs_type",
					    "backend.1.fs_type", "backend.2.fs_type", "backend.3.fs_type" };
	out[0] = '\0';
	int d = 0;
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		const char *x = rb_meta_get(&a->meta, keys[k]), *y = rb_meta_get(&b->meta, keys[k]);
		if ((x || y) && (!x || !y || strcmp(x, y))) {
			size_t l = strlen(out);
			snprintf(out + l, n - l, "%s%s ('%s' vs '%s')", d ? ", " : "", keys[k], x ? x : "-", y ? y : "-");
			d++;
		}
	}
	return d;
}

/* The candidate's stress verdicts: any violation fails the gate. */
static int stress_failures(const char *dir, char *msg, size_t n)
{
	char p[4200], err[256];
	snprintf(p, sizeof(p), "%s/stress.csv", dir);
	struct rb_csv t;
	if (access(p, F_OK) || rb_csv_load(p, &t, err, sizeof(err)))
		return 0;
	int fails = 0;
	msg[0] = '\0';
	for (size_t r = 0; r < t.nrows; r++) {
		const char *lost = rb_csv_get(&t, r, rb_csv_col(&t, "lost")), *torn = rb_csv_get(&t, r, rb_csv_col(&t, "torn")),
			   *bus = rb_csv_get(&t, r, rb_csv_col(&t, "sigbus")),
			   *verdict = rb_csv_get(&t, r, rb_csv_col(&t, "verdict"));
		if (strcmp(verdict, "pass") || strcmp(lost, "0") || strcmp(torn, "0") || strcmp(bus, "0")) {
			size_t l = strlen(msg);
			snprintf(msg + l, n - l, "%s%s %s: verdict %s, lost %s, torn %s, SIGBUS %s", fails ? "; " : "",
				 rb_csv_get(&t, r, rb_csv_col(&t, "scenario")), rb_csv_get(&t, r, rb_csv_col(&t, "variant")),
				 verdict, lost, torn, bus);
			fails++;
		}
	}
	rb_csv_free(&t);
	return fails;
}

static void key_text(const struct row *r, char *buf, size_t n)
{
	snprintf(buf, n, "%s %s size=%s%s%s procs=%s %s", r->key[0], r->key[1], r->key[2], r->key[3][0] ? " " : "", r->key[3],
		 r->key[4], r->key[5]);
}

static int write_out(const char *path, const char *kind, struct row *rows, size_t n, const char *stress, int nstress,
		     const struct rb_gate_params *g)
{
	char dir[4096], name[4096];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash) {
		snprintf(name, sizeof(name), "%s", slash + 1);
		if (slash == dir)
			dir[1] = '\0';
		else
			*slash = '\0';
	} else {
		snprintf(name, sizeof(name), "%s", dir);
		strcpy(dir, ".");
	}
	struct rb_afile a;
	int ret = rb_afile_open(&a, dir, name);
	if (ret)
		return ret;
	FILE *f = a.f;
	char k[1600];
	size_t reg = 0;
	for (size_t i = 0; i < n; i++)
		reg += rows[i].v == RB_REGRESSION;
	if (!strcmp(kind, "md")) {
		fprintf(f, "### regionbench compare: %s\n\n", reg || nstress ? "FAIL" : "pass");
		fprintf(f, "Threshold %.3g %%, alpha %.3g (Holm-Bonferroni over %zu metrics).\n\n", g->threshold * 100, g->alpha, n);
		if (nstress)
			fprintf(f, "**Stress verification failed:** %s\n\n", stress);
		fprintf(f, "| verdict | scenario | backend | size | variant | procs | metric | median ratio | 95%% interval | p (Holm) | p99 ratio | n |\n");
		fprintf(f, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
		for (size_t i = 0; i < n; i++) {
			struct row *r = &rows[i];
			fprintf(f, "| %s | %s | %s | %s | %s | %s | %s | %.4f | [%.4f, %.4f] | %.3g | %.4f | %zu / %zu |\n",
				rb_verdict_name(r->v), r->key[0], r->key[1], r->key[2], r->key[3], r->key[4], r->key[5], r->r.ratio,
				r->r.lo, r->r.hi, r->p_adj, r->p99b > 0 ? r->p99c / r->p99b : 0, r->nb, r->nc);
		}
	} else if (!strcmp(kind, "junit")) {
		fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n<testsuite name=\"regionbench compare\" tests=\"%zu\" failures=\"%zu\" skipped=\"0\">\n",
			n + 1, reg + (nstress ? 1 : 0));
		fprintf(f, "  <testcase classname=\"stress\" name=\"stress verification\">");
		if (nstress) {
			fprintf(f, "<failure message=\"");
			rb_xml_text(f, stress);
			fprintf(f, "\"/>");
		}
		fprintf(f, "</testcase>\n");
		for (size_t i = 0; i < n; i++) {
			struct row *r = &rows[i];
			key_text(r, k, sizeof(k));
			fprintf(f, "  <testcase classname=\"");
			rb_xml_text(f, r->key[0]);
			fprintf(f, "\" name=\"");
			rb_xml_text(f, k);
			fprintf(f, "\">");
			char msg[512];
			snprintf(msg, sizeof(msg), "%s: median ratio %.4f, 95%% interval [%.4f, %.4f], p (Holm) %.3g, n %zu/%zu",
				 rb_verdict_name(r->v), r->r.ratio, r->r.lo, r->r.hi, r->p_adj, r->nb, r->nc);
			if (r->v == RB_REGRESSION) {
				fprintf(f, "<failure message=\"");
				rb_xml_text(f, msg);
				fprintf(f, "\"/>");
			} else {
				fprintf(f, "<system-out>");
				rb_xml_text(f, msg);
				fprintf(f, "</system-out>");
			}
			fprintf(f, "</testcase>\n");
		}
		fprintf(f, "</testsuite>\n</testsuites>\n");
	} else {
		fprintf(f, "schema_version,scenario,backend,size_bytes,variant,procs,metric,n_baseline,n_candidate,"
			   "median_baseline,median_candidate,ratio,ci_lo,ci_hi,p,p_holm,p99_baseline,p99_candidate,runs_baseline,"
			   "runs_candidate,verdict\n");
		for (size_t i = 0; i < n; i++) {
			struct row *r = &rows[i];
			fprintf(f, "1,");
			for (int c = 0; c < NK; c++)
				rb_csv_field(f, r->key[c], 0);
			fprintf(f, "%zu,%zu,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%zu,%zu,%s\n", r->nb, r->nc, r->mb, r->mc,
				r->r.ratio, r->r.lo, r->r.hi, r->p, r->p_adj, r->p99b, r->p99c, r->runs_b, r->runs_c,
				rb_verdict_name(r->v));
		}
	}
	return rb_afile_commit(&a);
}

static double p99_of(const double *v, size_t n)
{
	struct rb_stats st;
	return rb_stats_compute(v, n, &st) ? 0 : st.p99;
}

/* State of one comparison, released by cmd_compare whatever path the body took. */
static struct side b, c;
static regex_t re_m, re_f;
static int have_m, have_f;
static struct row *rows;

static void free_side(struct side *s)
{
	rb_csv_free(&s->samples);
	rb_csv_free(&s->summary);
	free(s->order);
	memset(s, 0, sizeof(*s));
}

static int compare_body(int argc, char **argv);

int cmd_compare(int argc, char **argv)
{
	int ret = compare_body(argc, argv);
	free_side(&b);
	free_side(&c);
	if (have_m)
		regfree(&re_m);
	if (have_f)
		regfree(&re_f);
	have_m = have_f = 0;
	free(rows);
	rows = NULL;
	return ret;
}

static int compare_body(int argc, char **argv)
{
	struct rb_optval v[O_NOPT];
	const char *pos[2];
	int npos;
	int ret = rb_opts_parse("compare",
				"compare BASELINE CANDIDATE [--threshold PCT] [--alpha A] [--min-samples N] [--metric REGEX] "
				"[--filter REGEX] [--allow-different] [--markdown FILE] [--junit FILE] [--csv FILE] [--bootstrap N]",
				opts, O_NOPT, v, argc, argv, pos, 2, &npos);
	if (ret)
		return ret == 1 ? 0 : ret;
	if (npos != 2)
		return rb_usage_error("compare", "expected BASELINE and CANDIDATE (run folders or baseline names), got %d argument(s)", npos);
	if (v[O_THR].f <= 0 || v[O_THR].f >= 100)
		return rb_usage_error("compare", "--threshold: '%s' is out of range (expected a percentage between 0 and 100)", v[O_THR].s);
	if (v[O_ALPHA].f <= 0 || v[O_ALPHA].f >= 1)
		return rb_usage_error("compare", "--alpha: '%s' is out of range (expected 0 < A < 1)", v[O_ALPHA].s);
	char err[2048];
	if (v[O_METRIC].set && !(have_m = !regcomp(&re_m, v[O_METRIC].s, REG_EXTENDED | REG_NOSUB)))
		return rb_usage_error("compare", "--metric: '%s' is not a valid regular expression", v[O_METRIC].s);
	if (v[O_FILTER].set && !(have_f = !regcomp(&re_f, v[O_FILTER].s, REG_EXTENDED | REG_NOSUB)))
		return rb_usage_error("compare", "--filter: '%s' is not a valid regular expression", v[O_FILTER].s);
	const char *outs[3] = { v[O_MD].s, v[O_JUNIT].s, v[O_CSV].s };
	const char *outn[3] = { "--markdown", "--junit", "--csv" };
	for (int k = 0; k < 3; k++) {
		if (!outs[k])
			continue;
		char d[4096];
		snprintf(d, sizeof(d), "%s", outs[k]);
		char *sl = strrchr(d, '/');
		if (sl)
			*(sl == d ? sl + 1 : sl) = '\0';
		struct stat st;
		if (!sl)
			strcpy(d, ".");
		if (stat(d, &st) || !S_ISDIR(st.st_mode) || access(d, W_OK))
			return rb_usage_error("compare", "%s: directory '%s' does not exist or is not writable", outn[k], d);
	}
	if (rb_resolve_run("BASELINE", pos[0], b.dir, sizeof(b.dir), err, sizeof(err)) ||
	    rb_resolve_run("CANDIDATE", pos[1], c.dir, sizeof(c.dir), err, sizeof(err)) ||
	    load_side(&b, "BASELINE", err, sizeof(err)) || load_side(&c, "CANDIDATE", err, sizeof(err)))
		return rb_usage_error("compare", "%s", err);
	char diff[1500];
	if (meta_differs(&b, &c, diff, sizeof(diff))) {
		if (!v[O_ALLOW].u)
			return rb_usage_error("compare", "the runs differ in %s (compare them anyway with --allow-different)", diff);
		printf("note: comparing runs that differ in %s\n", diff);
	}
	struct rb_gate_params g = { v[O_THR].f / 100, v[O_ALPHA].f, (size_t)v[O_MIN].u };

	/* walk both sorted sample lists together: keys present in both */
	size_t cap = 64, n = 0;
	rows = malloc(cap * sizeof(*rows));
	size_t i = 0, j = 0;
	while (rows && i < b.samples.nrows && j < c.samples.nrows) {
		int d = key_cmp(&b, b.order[i], &c, c.order[j]);
		if (d < 0) {
			i++;
			continue;
		}
		if (d > 0) {
			j++;
			continue;
		}
		size_t ie = i, je = j;
		while (ie < b.samples.nrows && !key_cmp(&b, b.order[i], &b, b.order[ie]))
			ie++;
		while (je < c.samples.nrows && !key_cmp(&c, c.order[j], &c, c.order[je]))
			je++;
		const char *scn = rb_csv_get(&b.samples, b.order[i], b.kc[0]);
		const char *met = rb_csv_get(&b.samples, b.order[i], b.kc[5]);
		int selected = (!v[O_METRIC].set || !regexec(&re_m, met, 0, NULL, 0)) &&
			       (!v[O_FILTER].set || !regexec(&re_f, scn, 0, NULL, 0));
		if (selected) {
			if (n == cap) {
				cap *= 2;
				struct row *nr = realloc(rows, cap * sizeof(*rows));
				if (!nr)
					break;
				rows = nr;
			}
			struct row *r = &rows[n++];
			memset(r, 0, sizeof(*r));
			for (int k = 0; k < NK; k++)
				snprintf(r->key[k], sizeof(r->key[k]), "%s", rb_csv_get(&b.samples, b.order[i], b.kc[k]));
			r->nb = ie - i;
			r->nc = je - j;
			r->higher_better = ends_with(met, "_per_s");
			double *xb = values(&b, i, ie), *xc = values(&c, j, je);
			struct rb_mwu m = { 0, 1, 0 };
			if (xb && xc) {
				rb_mwu(xb, r->nb, xc, r->nc, &m);
				uint64_t seed = 1469598103934665603ull;
				for (int k = 0; k < NK; k++)
					for (const char *s = r->key[k]; *s; s++)
						seed = (seed ^ (unsigned char)*s) * 1099511628211ull;
				size_t nbcl = 0, nccl = 0;
				size_t *bcl = clusters(&b, i, ie, &nbcl), *ccl = clusters(&c, j, je, &nccl);
				if (bcl && ccl)
					rb_median_ratio_ci_clustered(xb, bcl, nbcl, xc, ccl, nccl, 0.95, (int)v[O_REPS].u, seed, &r->r);
				r->runs_b = nbcl;
				r->runs_c = nccl;
				free(bcl);
				free(ccl);
				struct rb_stats sb, sc;
				rb_stats_compute(xb, r->nb, &sb);
				rb_stats_compute(xc, r->nc, &sc);
				r->mb = sb.p50;
				r->mc = sc.p50;
				r->p99b = p99_of(xb, r->nb);
				r->p99c = p99_of(xc, r->nc);
			}
			r->p = m.p;
			free(xb);
			free(xc);
		}
		i = ie;
		j = je;
	}
	char stress[2048];
	int nstress = stress_failures(c.dir, stress, sizeof(stress));
	if (!rows || n == 0) {
		if (nstress) { /* stress verdicts are gated even when no metric is */
			printf("FAIL: stress verification failed in the candidate: %s\n", stress);
			return 1;
		}
		return rb_usage_error("compare", "the runs have no metric in common%s",
				      v[O_METRIC].set || v[O_FILTER].set ? " (after --metric/--filter)" : "");
	}
	double *p = malloc(n * sizeof(double));
	for (size_t k = 0; p && k < n; k++)
		p[k] = rows[k].p;
	if (p)
		rb_holm(p, n);
	size_t counts[5] = { 0 };
	for (size_t k = 0; k < n; k++) {
		rows[k].p_adj = p ? p[k] : 1;
		rows[k].v = rb_gate_verdict(&g, rows[k].nb, rows[k].nc, rows[k].p_adj, &rows[k].r, !rows[k].higher_better);
		counts[rows[k].v]++;
	}
	free(p);

	printf("%-12s %-9s %-22s %-13s %9s %5s  %s\n", "verdict", "ratio", "95% interval", "p (Holm)", "p99 ratio", "n", "metric");
	for (size_t k = 0; k < n; k++) {
		struct row *r = &rows[k];
		char key[1600];
		key_text(r, key, sizeof(key));
		printf("%-12s %9.4f [%8.4f, %8.4f] %13.3g %9.4f %5zu  %s\n", rb_verdict_name(r->v), r->r.ratio, r->r.lo,
		       r->r.hi, r->p_adj, r->p99b > 0 ? r->p99c / r->p99b : 0, r->nc, key);
	}
	if (nstress)
		printf("FAIL: stress verification failed in the candidate: %s\n", stress);
	printf("%zu metrics: %zu regression, %zu improvement, %zu unchanged, %zu noisy, %zu insufficient "
	       "(threshold %.3g%%, alpha %.3g, Holm-Bonferroni)\n",
	       n, counts[RB_REGRESSION], counts[RB_IMPROVEMENT], counts[RB_UNCHANGED], counts[RB_NOISY],
	       counts[RB_INSUFFICIENT], g.threshold * 100, g.alpha);
	const char *files[3] = { v[O_MD].set ? v[O_MD].s : NULL, v[O_JUNIT].set ? v[O_JUNIT].s : NULL,
				 v[O_CSV].set ? v[O_CSV].s : NULL };
	const char *kinds[3] = { "md", "junit", "csv" };
	for (int k = 0; k < 3; k++)
		if (files[k] && write_out(files[k], kinds[k], rows, n, stress, nstress, &g)) {
			fprintf(stderr, "regionbench compare: cannot write '%s'\n", files[k]);
			return 2;
		}
	return counts[RB_REGRESSION] || nstress ? 1 : 0;
}
