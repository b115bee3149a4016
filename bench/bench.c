/* bench.c - a benchmark plan run: in a supervised worker, every selected
 * scenario through Google Benchmark plus the hyperfine probes, then the run
 * folder. The command line lives in src/bench.c. */
#include "bench.h"

#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hyperfine.h"
#include "meta.h"
#include "parse.h"
#include "proc.h"
#include "series.h"
#include "shim.h"
#include "stats.h"
#include "supervise.h"

void rb_bench_plan_init(struct rb_bench_plan *p, int quick)
{
	memset(p, 0, sizeof(*p));
	char err[256];
	rb_backend_parse("dir:/dev/shm", &p->backends[0], err, sizeof(err));
	p->nbackends = 1;
	rb_parse_size_list(quick ? "4K,64K,1M,16M" : "4K,16K,64K,256K,1M,4M,16M,64M,256M,1G", p->sizes,
			   RB_BENCH_MAXS, &p->nsizes);
	p->runs = 3;
	p->budget_s = quick ? 0.05 : 0.2;
	p->pin = -1;
	p->interleave = 1;
	p->hyperfine = 1;
	p->hf_runs = quick ? 10 : 30;
	p->quick = quick;
	p->interference_bound = 0.25;
}

int rb_bench_plan_check(const struct rb_bench_plan *p, char *err, size_t errlen)
{
	if (p->nbackends < 1 || p->nbackends > RB_BENCH_MAXB) {
		snprintf(err, errlen, "--backend: between 1 and %d backends", RB_BENCH_MAXB);
		return -EINVAL;
	}
	for (size_t i = 0; i < p->nsizes; i++)
		if (p->sizes[i] < 4096 || p->sizes[i] % 4096 || p->sizes[i] > (1ull << 40)) {
			snprintf(err, errlen, "--sizes: '%llu' is not valid (expected a multiple of 4K from 4K to 1T)",
				 (unsigned long long)p->sizes[i]);
			return -EINVAL;
		}
	if (!p->nsizes) {
		snprintf(err, errlen, "--sizes: no size given");
		return -EINVAL;
	}
	if (p->filter) {
		regex_t re;
		int rc = regcomp(&re, p->filter, REG_EXTENDED | REG_NOSUB);
		if (rc) {
			char why[256];
			regerror(rc, &re, why, sizeof(why));
			snprintf(err, errlen, "--filter: '%s' is not a valid regular expression (%s)", p->filter, why);
			return -EINVAL;
		}
		regfree(&re);
	}
	if (p->pin >= 0 && p->pin >= sysconf(_SC_NPROCESSORS_ONLN)) {
		snprintf(err, errlen, "--pin: CPU %d does not exist (expected 0..%ld)", p->pin,
			 sysconf(_SC_NPROCESSORS_ONLN) - 1);
		return -EINVAL;
	}
	if (p->runs < 1 || p->budget_s <= 0 || p->interference_bound <= 0) {
		snprintf(err, errlen, "runs, time budget and interference bound must be positive");
		return -EINVAL;
	}
	return 0;
}

int rb_bench_prepare(struct rb_bench_plan *p, const char *out, char *err, size_t errlen)
{
	snprintf(p->root, sizeof(p->root), "%s", rb_root());
	if (!p->cmdline[0])
		snprintf(p->cmdline, sizeof(p->cmdline), "(bench plan)");
	rb_run_id(p->run_id, sizeof(p->run_id));
	return rb_rundir_create(out, p->root, p->run_id, p->dir, sizeof(p->dir), err, errlen) ? -EINVAL : 0;
}

void rb_bench_list(void)
{
	for (int i = 0; rbb_scenarios[i]; i++)
		printf("%-18s %s\n", rbb_scenarios[i]->name, rbb_scenarios[i]->desc);
	for (int i = 0; rb_hf_scenarios[i].name; i++)
		printf("%-18s %s\n", rb_hf_scenarios[i].name, rb_hf_scenarios[i].desc);
}

static regex_t filter_re;

static int matches(const struct rb_bench_plan *j, const char *name)
{
	return !j->filter || regexec(&filter_re, name, 0, NULL, 0) == 0;
}

static void skip_rows(struct rb_resultset *rs, const struct rbb_scenario *s, const struct rbb_ctx *c,
		      const uint64_t *sizes, int n, const char *why)
{
	for (int i = 0; i < n; i++)
		for (int m = 0; s->metrics[m]; m++) {
			struct rb_key k;
			rb_key_set(&k, s->name, c->backend->spec, c->backend->fs_type, sizes[i],
				   c->variant_name ? c->variant_name : "", c->procs);
			struct rb_series *se = rb_results_metric(rs, &k, s->metrics[m]);
			if (se)
				rb_series_fail(se, RB_SKIPPED, why);
		}
}

/* Register every (scenario, backend, variant, procs) that the filter selects. */
static int register_all(const struct rb_bench_plan *j, struct rb_resultset *rs)
{
	static const uint64_t page[] = { 4096 };
	int n = 0;
	for (int si = 0; rbb_scenarios[si]; si++) {
		const struct rbb_scenario *s = rbb_scenarios[si];
		if (!matches(j, s->name))
			continue;
		const uint64_t *sizes = s->sized ? j->sizes : page;
		int ns = s->sized ? (int)j->nsizes : 1;
		for (int b = 0; b < j->nbackends; b++) {
			int nv = 0;
			while (s->variants && s->variants[nv])
				nv++;
			for (int v = 0; v < (nv ? nv : 1); v++) {
				for (int p = 0; p == 0 || (s->procs && s->procs[p]); p++) {
					struct rbb_ctx c = { .backend = &j->backends[b],
							     .variant = v,
							     .variant_name = nv ? s->variants[v] : "",
							     .procs = s->procs ? s->procs[p] : 1,
							     .pin_cpu = j->pin };
					c.size = sizes[0];
					const char *why = s->supported ? s->supported(&c) : NULL;
					/* hugetlbfs maps only whole huge pages */
					uint64_t ok[RB_BENCH_MAXS], bad[RB_BENCH_MAXS];
					int nok = 0, nbad = 0;
					for (int k = 0; k < ns; k++) {
						if (!strcmp(j->backends[b].fs_type, "hugetlbfs") && sizes[k] % (2u << 20))
							bad[nbad++] = sizes[k];
						else
							ok[nok++] = sizes[k];
					}
					if (nbad)
						skip_rows(rs, s, &c, bad, nbad,
							  "hugetlbfs maps whole huge pages only (size not a multiple of 2M)");
					if (!nok)
						continue;
					if (why)
						skip_rows(rs, s, &c, ok, nok, why);
					else if (rbb_register(s, &c, ok, nok, j->iterations ? j->iterations : j->quick && j->budget_s == 0.05 ? 50 : 0) == 0)
						n++;
					if (!s->procs)
						break;
				}
			}
		}
	}
	return n;
}

static int scenario_rank(const char *name)
{
	for (int i = 0; rbb_scenarios[i]; i++)
		if (!strcmp(rbb_scenarios[i]->name, name))
			return i;
	return 1000; /* hyperfine rows last */
}

/* Random interleaving reports configurations in random order: sort the rows by
 * scenario (table order), backend, variant, procs, metric and size. */
static int cmp_series(const void *pa, const void *pb)
{
	const struct rb_key *a = &((const struct rb_series *)pa)->k, *b = &((const struct rb_series *)pb)->k;
	int d = scenario_rank(a->scenario) - scenario_rank(b->scenario);
	if (!d)
		d = strcmp(a->scenario, b->scenario);
	if (!d)
		d = strcmp(a->backend, b->backend);
	if (!d)
		d = strcmp(a->variant, b->variant);
	if (!d)
		d = a->procs - b->procs;
	if (!d)
		d = strcmp(a->metric, b->metric);
	if (!d)
		d = (a->size_bytes > b->size_bytes) - (a->size_bytes < b->size_bytes);
	return d;
}

static void print_summary(const struct rb_resultset *rs)
{
	printf("\n%-18s %-24s %-22s %10s %5s %12s %12s %8s\n", "scenario", "variant", "backend", "size", "procs",
	       "p50", "p99", "n");
	for (size_t i = 0; i < rs->n; i++) {
		const struct rb_series *s = &rs->s[i];
		char sz[32];
		struct rb_stats st;
		rb_stats_compute(s->v, s->n, &st);
		if (s->status != RB_OK) {
			printf("%-18s %-24s %-22s %10s %5d %s: %s\n", s->k.scenario, s->k.variant, s->k.backend,
			       rb_fmt_size(s->k.size_bytes, sz, sizeof(sz)), s->k.procs, rb_status_name(s->status),
			       s->reason);
			continue;
		}
		printf("%-18s %-24s %-22s %10s %5d %9.0f %-2s %9.0f %-2s %8zu  %s\n", s->k.scenario, s->k.variant,
		       s->k.backend, rb_fmt_size(s->k.size_bytes, sz, sizeof(sz)), s->k.procs, st.p50, s->k.unit,
		       st.p99, s->k.unit, st.n, s->k.metric);
	}
}

static int worker(void *arg)
{
	const struct rb_bench_plan *j = arg;
	char err[512];
	if (j->log && !freopen(j->log, "a", stdout)) {
		fprintf(stderr, "regionbench bench: cannot write %s: %s\n", j->log, strerror(errno));
		return 1;
	}
	if (j->log)
		dup2(1, 2);
	if (j->pin >= 0 && rb_pin_cpu(j->pin)) {
		fprintf(stderr, "regionbench bench: --pin: cannot pin to CPU %d\n", j->pin);
		return 2;
	}
	if (j->filter)
		regcomp(&filter_re, j->filter, REG_EXTENDED | REG_NOSUB); /* checked by rb_bench_plan_check */
	struct rb_meta *m = calloc(1, sizeof(*m));
	struct rb_resultset rs = { 0 };
	if (!m)
		return 1;
	char now[64];
	rb_utc_now(now, sizeof(now));
	rb_meta_set(m, "schema_version", "%d", RB_SCHEMA_VERSION);
	rb_meta_set(m, "run_id", "%s", j->run_id);
	rb_meta_set(m, "kind", "bench");
	rb_meta_set(m, "command_line", "%s", j->cmdline);
	rb_meta_set(m, "start_time", "%s", now);
	rb_meta_set(m, "seed", "none (benchmarks use no random input)");
	rb_meta_system(m, j->root);
	rb_meta_set(m, "pin_cpu", "%d", j->pin);
	rb_meta_set(m, "min_time_s", "%g", j->budget_s);
	rb_meta_set(m, "iterations", "%lld", (long long)j->iterations);
	rb_meta_set(m, "repetitions", "%d", j->runs);
	rb_meta_set(m, "random_interleaving", "%s", j->interleave ? "on" : "off");
	for (int b = 0; b < j->nbackends; b++)
		rb_meta_set_backend(m, b, &j->backends[b]);
	int nreg = register_all(j, &rs);
	fprintf(stderr, "regionbench bench: %d configuration families on %d backend(s), sizes:", nreg, j->nbackends);
	for (size_t i = 0; i < j->nsizes; i++)
		fprintf(stderr, " %s", rb_fmt_size(j->sizes[i], err, sizeof(err)));
	fprintf(stderr, "\n");
	char json[PATH_MAX + 32];
	snprintf(json, sizeof(json), "%s/gbench.json", j->dir);
	struct rbb_settings set = { .min_time_s = j->budget_s,
				    .repetitions = j->runs,
				    .random_interleaving = j->interleave,
				    .json_out = json,
				    .quiet = !isatty(2) };
	int errors = nreg ? rbb_run_all(&set, &rs, j->dir, j->run_id) : 0;

	if (j->hyperfine) {
		char probe[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", probe, sizeof(probe) - 32);
		probe[n > 0 ? n : 0] = '\0';
		char *slash = strrchr(probe, '/');
		if (slash)
			strcpy(slash + 1, "regionbench-probe");
		struct rb_hf_settings hs = { .probe = probe,
					     .run_dir = j->dir,
					     .runs = j->hf_runs,
					     .warmup = 3,
					     .sizes = j->sizes,
					     .nsizes = (int)j->nsizes,
					     .filter = j->filter ? &filter_re : NULL };
		for (int b = 0; b < j->nbackends; b++)
			(void)rb_hyperfine_run(&hs, &j->backends[b], b, &rs); /* failures are recorded as rows */
	}

	qsort(rs.s, rs.n, sizeof(rs.s[0]), cmp_series);
	rb_utc_now(now, sizeof(now));
	rb_meta_set(m, "end_time", "%s", now);
	int ret = rb_write_summary(j->dir, j->run_id, rb_meta_get(m, "host"), rb_meta_get(m, "kernel_release"), &rs);
	if (!ret)
		ret = rb_write_samples(j->dir, j->run_id, &rs);
	if (!ret)
		ret = rb_write_runs(j->dir, j->run_id, &rs);
	if (!ret)
		ret = rb_write_metrics(j->dir, &rs);
	if (!ret)
		ret = rb_meta_write(j->dir, m);
	if (!ret) {
		print_summary(&rs);
		ret = rb_write_overhead(j->dir, j->run_id, &rs, 1);
	}
	if (!ret)
		ret = rb_rundir_complete(j->dir);
	rb_results_free(&rs);
	free(m);
	if (ret) {
		fprintf(stderr, "regionbench bench: writing results into %s failed: %s\n", j->dir, strerror(-ret));
		return 1;
	}
	printf("\nresults: %s\n", j->dir);
	if (errors)
		fprintf(stderr, "regionbench bench: %d configuration(s) ended in an error (see summary.csv)\n", errors);
	return errors ? 1 : 0;
}


int rb_bench_run(const struct rb_bench_plan *p)
{
	return rb_supervise(worker, (void *)p, p->backends, p->nbackends, 0, "bench");
}
