/* overhead.c - the core's overhead over the same syscalls written inline:
 * p50(create)/p50(raw_create), attach/raw_attach, resize/raw_resize. */
#include <stdio.h>
#include <string.h>

#include "afile.h"
#include "bench.h"
#include "csvw.h"
#include "series.h"
#include "stats.h"

static const struct {
	const char *core, *raw, *variant;
} pairs[] = {
	{ "create", "raw_create", "manual" },
	{ "attach", "raw_attach", "" },
	{ "resize", "raw_resize", "double/remap/untouched" },
};

static double p50_of(const struct rb_series *s)
{
	struct rb_stats st;
	if (s->status != RB_OK || !s->n || rb_stats_compute(s->v, s->n, &st))
		return -1;
	return st.p50;
}

int rb_write_overhead(const char *dir, const char *run_id, const struct rb_resultset *rs, int print)
{
	struct rb_afile a;
	int ret = rb_afile_open(&a, dir, "overhead.csv");
	if (ret)
		return ret;
	fprintf(a.f, "schema_version,run_id,scenario,baseline,backend,fs_type,size_bytes,variant,"
		     "core_p50_ns,raw_p50_ns,ratio\n");
	int header = 0;
	for (size_t p = 0; p < sizeof(pairs) / sizeof(pairs[0]); p++) {
		for (size_t i = 0; i < rs->n; i++) {
			const struct rb_series *c = &rs->s[i];
			if (strcmp(c->k.scenario, pairs[p].core) || strcmp(c->k.variant, pairs[p].variant))
				continue;
			struct rb_key k = c->k;
			snprintf(k.scenario, sizeof(k.scenario), "%s", pairs[p].raw);
			const struct rb_series *r = rb_results_find(rs, &k);
			double cp = p50_of(c), rp = r ? p50_of(r) : -1;
			if (cp <= 0 || rp <= 0)
				continue;
			fprintf(a.f, "%d,", RB_SCHEMA_VERSION);
			rb_csv_field(a.f, run_id, 0);
			rb_csv_field(a.f, pairs[p].core, 0);
			rb_csv_field(a.f, pairs[p].raw, 0);
			rb_csv_field(a.f, c->k.backend, 0);
			rb_csv_field(a.f, c->k.fs_type, 0);
			fprintf(a.f, "%llu,", (unsigned long long)c->k.size_bytes);
			rb_csv_field(a.f, c->k.variant, 0);
			fprintf(a.f, "%.6g,%.6g,%.4f\n", cp, rp, cp / rp);
			if (print) {
				if (!header++)
					printf("\ncore overhead over raw syscalls (p50 ratio; target <= 1.03):\n");
				printf("  %-8s %-16s %12llu B  core %9.0f ns  raw %9.0f ns  ratio %.3f\n", pairs[p].core,
				       c->k.backend, (unsigned long long)c->k.size_bytes, cp, rp, cp / rp);
			}
		}
	}
	return rb_afile_commit(&a);
}
