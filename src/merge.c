/* merge.c - `regionbench merge RUN_DIR... --out DIR`: combine run folders from
 * several machines or kernels into one folder that `report --from` draws. When
 * the runs come from different kernels (or hosts), each row's backend becomes
 * "<backend>@<kernel>" (or "@<host>"), so every chart shows one line per kernel
 * and filesystem. Runs with different scenario sets merge on the scenarios they
 * share; the merge says which it left out. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "csv.h"
#include "csvcat.h"
#include "rundir.h"
#include "meta.h"
#include "opts.h"

enum { O_OUT, O_NOPT };
static const struct rb_opt opts[] = {
	[O_OUT] = { .name = "out", .arg = "DIR", .help = "the merged folder (new or empty)", .type = RB_OPT_STR },
};

#define MAXR 32

struct input {
	const char *dir;
	struct rb_meta meta;
	char tag[256];
	char scen[64][48];
	int nscen;
};

static int has_scen(const struct input *in, const char *s)
{
	for (int i = 0; i < in->nscen; i++)
		if (!strcmp(in->scen[i], s))
			return 1;
	return 0;
}

/* A row of input `cur`: kept when its scenario is in every input; its backend
 * becomes "<backend>@<tag>" when the inputs are told apart. */
struct merge_row {
	const struct input *in, *cur;
	int n;
	char backend[600];
};

static int merge_row(void *arg, const struct rb_table *t, const char **cells)
{
	struct merge_row *x = arg;
	int sc = rb_table_col(t, "scenario"), bc = rb_table_col(t, "backend");
	for (int k = 0; sc >= 0 && k < x->n; k++)
		if (!has_scen(&x->in[k], cells[sc]))
			return 0;
	if (bc >= 0 && x->cur->tag[0]) {
		snprintf(x->backend, sizeof(x->backend), "%s@%s", cells[bc], x->cur->tag);
		cells[bc] = x->backend;
	}
	return 1;
}

/* Append table t of every input to out/<t->file>. */
static int merge_file(struct input *in, int n, const char *out, const struct rb_table *t, char *err, size_t errlen)
{
	struct merge_row x = { .in = in, .n = n };
	struct rb_csvcat cat;
	rb_csvcat_init(&cat, t, out, merge_row, &x);
	int ret = 0;
	for (int i = 0; i < n && !ret; i++) {
		char p[4300];
		snprintf(p, sizeof(p), "%s/%s", in[i].dir, t->file);
		x.cur = &in[i];
		ret = rb_csvcat_add(&cat, p, err, errlen);
	}
	int end = rb_csvcat_end(&cat, !ret);
	return ret ? ret : end;
}

int cmd_merge(int argc, char **argv)
{
	struct rb_optval v[O_NOPT];
	const char *pos[MAXR];
	int npos;
	int ret = rb_opts_parse("merge", "merge RUN_DIR... --out DIR", opts, O_NOPT, v, argc, argv, pos, MAXR, &npos);
	if (ret)
		return ret == 1 ? 0 : ret;
	if (npos < 2)
		return rb_usage_error("merge", "expected at least two run folders (got %d)", npos);
	if (!v[O_OUT].set)
		return rb_usage_error("merge", "--out DIR is required");
	char err[4600];
	if (rb_rundir_check(v[O_OUT].s, err, sizeof(err)))
		return rb_usage_error("merge", "%s", err);
	static const char *const need[] = { "meta.csv", "summary.csv", "samples.csv", NULL };
	static struct input in[MAXR];
	static char dirs[MAXR][4096];
	for (int i = 0; i < npos; i++) {
		if (rb_resolve_run("RUN_DIR", pos[i], need, dirs[i], sizeof(dirs[i]), err, sizeof(err)))
			return rb_usage_error("merge", "%s", err);
		in[i].dir = dirs[i];
		if (rb_meta_read(in[i].dir, &in[i].meta, err, sizeof(err)))
			return rb_usage_error("merge", "%s", err);
		char p[4300];
		snprintf(p, sizeof(p), "%s/summary.csv", in[i].dir);
		struct rb_csv t;
		int idx[RB_SUM__N];
		if (rb_csv_load(p, &t, err, sizeof(err)))
			return rb_usage_error("merge", "%s", err);
		if (rb_csv_bind(&t, &rb_t_summary, p, idx, err, sizeof(err))) {
			rb_csv_free(&t);
			return rb_usage_error("merge", "%s", err);
		}
		int sc = idx[RB_SUM_SCENARIO];
		for (size_t r = 0; r < t.nrows; r++)
			if (!has_scen(&in[i], rb_csv_get(&t, r, sc)) && in[i].nscen < 64)
				snprintf(in[i].scen[in[i].nscen++], 48, "%s", rb_csv_get(&t, r, sc));
		rb_csv_free(&t);
	}
	/* what tells the runs apart: kernel, else host */
	int kernels = 0, hosts = 0;
	for (int i = 1; i < npos; i++) {
		const char *k0 = rb_meta_get(&in[0].meta, "kernel_release"), *ki = rb_meta_get(&in[i].meta, "kernel_release");
		const char *h0 = rb_meta_get(&in[0].meta, "host"), *hi = rb_meta_get(&in[i].meta, "host");
		kernels |= !k0 || !ki || strcmp(k0, ki);
		hosts |= !h0 || !hi || strcmp(h0, hi);
	}
	for (int i = 0; i < npos; i++) {
		const char *tag = kernels ? rb_meta_get(&in[i].meta, "kernel_release") : hosts ? rb_meta_get(&in[i].meta, "host") : NULL;
		snprintf(in[i].tag, sizeof(in[i].tag), "%s", tag ? tag : "");
	}
	/* say what is not shared */
	for (int i = 0; i < npos; i++)
		for (int s = 0; s < in[i].nscen; s++) {
			int everywhere = 1;
			for (int k = 0; k < npos; k++)
				everywhere &= has_scen(&in[k], in[i].scen[s]);
			if (!everywhere)
				printf("merge: scenario %s of %s is not in every run: left out\n", in[i].scen[s], in[i].dir);
		}
	const char *out = v[O_OUT].s;
	if (mkdir(out, 0755) && errno != EEXIST) {
		fprintf(stderr, "regionbench merge: cannot create '%s': %s\n", out, strerror(errno));
		return 1;
	}
	static const struct rb_table *const tables[] = { &rb_t_summary, &rb_t_samples, &rb_t_runs,   &rb_t_metrics,
							 &rb_t_overhead, &rb_t_stress, &rb_t_guests, &rb_t_violations };
	for (size_t f = 0; f < sizeof(tables) / sizeof(tables[0]); f++)
		if ((ret = merge_file(in, npos, out, tables[f], err, sizeof(err)))) {
			fprintf(stderr, "regionbench merge: %s\n", err);
			return 2;
		}
	/* meta: what every run says about itself, keyed by run */
	struct rb_meta *m = calloc(1, sizeof(*m));
	if (!m)
		return 1;
	rb_meta_set(m, "kind", "merged");
	rb_meta_set(m, "merged_by", "%s", kernels ? "kernel_release" : hosts ? "host" : "nothing (same kernel and host)");
	for (int i = 0; i < npos; i++) {
		static const char *const keys[] = { "run_id", "kind", "host", "kernel_release", "cpu_model", "end_time" };
		char key[96];
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			const char *val = rb_meta_get(&in[i].meta, keys[k]);
			snprintf(key, sizeof(key), "run.%d.%s", i, keys[k]);
			rb_meta_set(m, key, "%s", val ? val : "");
		}
		/* the first backend's filesystem, as run.<i>.backend.0.fs_type */
		const char *fs = rb_meta_backend(&in[i].meta, 0, RB_BF_FS_TYPE);
		snprintf(key, sizeof(key), "run.%d.backend.0.fs_type", i);
		rb_meta_set(m, key, "%s", fs ? fs : "");
	}
	/* keep the first run's kernel/host keys for the report subtitle, listing all kernels */
	char kl[900] = "";
	for (int i = 0; i < npos; i++) {
		const char *k = rb_meta_get(&in[i].meta, "kernel_release");
		if (k && !strstr(kl, k))
			snprintf(kl + strlen(kl), sizeof(kl) - strlen(kl), "%s%s", kl[0] ? ", " : "", k);
	}
	rb_meta_set(m, "kernel_release", "%s", kl);
	const char *e = rb_meta_get(&in[0].meta, "end_time");
	rb_meta_set(m, "end_time", "%s", e ? e : "");
	ret = rb_meta_write(out, m);
	free(m);
	if (ret) {
		fprintf(stderr, "regionbench merge: writing meta.csv failed\n");
		return 1;
	}
	printf("merged %d runs into %s (rows keyed by %s)\n", npos, out, kernels ? "kernel release" : hosts ? "host" : "run");
	return 0;
}
