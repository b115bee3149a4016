/* bench.c - `regionbench bench`: validate options, then (in a supervised worker)
 * run every selected scenario through Google Benchmark plus the hyperfine
 * probes, and write the run folder. */
#include "bench.h"

#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <unistd.h>

#include "backend.h"
#include "hyperfine.h"
#include "leftover.h"
#include "meta.h"
#include "opts.h"
#include "parse.h"
#include "import.h"
#include "proc.h"
#include "series.h"
#include "shim.h"
#include "stats.h"
#include "supervise.h"

enum { O_OUT, O_BACKEND, O_FILTER, O_SIZES, O_REPS, O_MINTIME, O_QUICK, O_PIN, O_INTERLEAVE, O_NOASLR,
       O_NOHF, O_LIST, O_ITERS, O_HISTORY, O_NOPT };

static const struct rb_opt opts[] = {
	[O_OUT] = { .name = "out", .arg = "DIR", .help = "run folder (new or empty) [default: results/runs/<run-id>]", .type = RB_OPT_STR },
	[O_BACKEND] = { .name = "backend", .arg = "SPEC", .help = "where regions live: dir:PATH or memfd", .type = RB_OPT_STR, .repeat = 1 },
	[O_FILTER] = { .name = "filter", .arg = "REGEX", .help = "run only scenarios whose name matches (POSIX ERE)", .type = RB_OPT_STR },
	[O_SIZES] = { .name = "sizes", .arg = "LIST", .help = "region sizes, e.g. 4K,64K,1M,1G [default: 4K..1G in powers of 4; --quick: 4K,64K,1M,16M]", .type = RB_OPT_STR },
	[O_REPS] = { .name = "repetitions", .arg = "N", .help = "Google Benchmark repetitions per configuration (samples are pooled)", .type = RB_OPT_COUNT, .def = "3", .min = 1, .max = 100 },
	[O_MINTIME] = { .name = "min-time", .arg = "S", .help = "minimum measured seconds per configuration and repetition [default: 0.2]", .type = RB_OPT_FLOAT },
	[O_QUICK] = { .name = "quick", .arg = NULL, .help = "small sizes and short runs (well under a minute)", .type = RB_OPT_FLAG },
	[O_PIN] = { .name = "pin", .arg = "CPU", .help = "pin the measuring process to CPU (helpers go to the next one)", .type = RB_OPT_COUNT, .max = 4095 },
	[O_INTERLEAVE] = { .name = "random-interleaving", .arg = "on|off", .help = "run the repetitions of all configurations in random order (drift then hits every configuration alike)", .type = RB_OPT_STR, .def = "on", .choices = "on|off" },
	[O_NOASLR] = { .name = "no-aslr", .arg = NULL, .help = "re-run with address-space randomisation off (recorded in meta.csv)", .type = RB_OPT_FLAG },
	[O_NOHF] = { .name = "no-hyperfine", .arg = NULL, .help = "skip the whole-process timings", .type = RB_OPT_FLAG },
	[O_LIST] = { .name = "list", .arg = NULL, .help = "list the scenarios and exit", .type = RB_OPT_FLAG },
	[O_HISTORY] = RBH_HISTORY_OPT,
	[O_ITERS] = { .name = "iterations", .arg = "N", .help = "fixed iterations per repetition instead of --min-time [--quick: 50]", .type = RB_OPT_COUNT, .min = 1, .max = 100000000 },
};

#define MAXB 8
#define MAXS 16

struct job {
	struct rb_optval v[O_NOPT];
	struct rb_backend b[MAXB];
	int nb;
	uint64_t sizes[MAXS];
	size_t nsizes;
	regex_t re;
	double min_time;
	int64_t iterations;
	int pin;
	char run_id[128], dir[PATH_MAX], root[PATH_MAX], cmdline[4096];
};

static int matches(struct job *j, const char *name)
{
	return !j->v[O_FILTER].set || regexec(&j->re, name, 0, NULL, 0) == 0;
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
static int register_all(struct job *j, struct rb_resultset *rs)
{
	static const uint64_t page[] = { 4096 };
	int n = 0;
	for (int si = 0; rbb_scenarios[si]; si++) {
		const struct rbb_scenario *s = rbb_scenarios[si];
		if (!matches(j, s->name))
			continue;
		const uint64_t *sizes = s->sized ? j->sizes : page;
		int ns = s->sized ? (int)j->nsizes : 1;
		for (int b = 0; b < j->nb; b++) {
			int nv = 0;
			while (s->variants && s->variants[nv])
				nv++;
			for (int v = 0; v < (nv ? nv : 1); v++) {
				for (int p = 0; p == 0 || (s->procs && s->procs[p]); p++) {
					struct rbb_ctx c = { .backend = &j->b[b],
							     .variant = v,
							     .variant_name = nv ? s->variants[v] : "",
							     .procs = s->procs ? s->procs[p] : 1,
							     .pin_cpu = j->pin };
					c.size = sizes[0];
					const char *why = s->supported ? s->supported(&c) : NULL;
					/* hugetlbfs maps only whole huge pages */
					uint64_t ok[MAXS], bad[MAXS];
					int nok = 0, nbad = 0;
					for (int k = 0; k < ns; k++) {
						if (!strcmp(j->b[b].fs_type, "hugetlbfs") && sizes[k] % (2u << 20))
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
					else if (rbb_register(s, &c, ok, nok, j->iterations) == 0)
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
	struct job *j = arg;
	char err[512];
	if (j->pin >= 0 && rb_pin_cpu(j->pin)) {
		fprintf(stderr, "regionbench bench: --pin: cannot pin to CPU %d\n", j->pin);
		return 2;
	}
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
	rb_meta_set(m, "min_time_s", "%g", j->min_time);
	rb_meta_set(m, "iterations", "%lld", (long long)j->iterations);
	rb_meta_set(m, "repetitions", "%llu", (unsigned long long)j->v[O_REPS].u);
	rb_meta_set(m, "random_interleaving", "%s", j->v[O_INTERLEAVE].s);
	for (int b = 0; b < j->nb; b++)
		rb_meta_set_backend(m, b, &j->b[b]);
	int nreg = register_all(j, &rs);
	fprintf(stderr, "regionbench bench: %d configuration families on %d backend(s), sizes:", nreg, j->nb);
	for (size_t i = 0; i < j->nsizes; i++)
		fprintf(stderr, " %s", rb_fmt_size(j->sizes[i], err, sizeof(err)));
	fprintf(stderr, "\n");
	char json[PATH_MAX + 32];
	snprintf(json, sizeof(json), "%s/gbench.json", j->dir);
	struct rbb_settings set = { .min_time_s = j->min_time,
				    .repetitions = (int)j->v[O_REPS].u,
				    .random_interleaving = !strcmp(j->v[O_INTERLEAVE].s, "on"),
				    .json_out = json,
				    .quiet = !isatty(2) };
	int errors = nreg ? rbb_run_all(&set, &rs) : 0;

	if (!j->v[O_NOHF].u && matches(j, "hf_nop|hf_create|hf_attach")) {
		char probe[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", probe, sizeof(probe) - 32);
		probe[n > 0 ? n : 0] = '\0';
		char *slash = strrchr(probe, '/');
		if (slash)
			strcpy(slash + 1, "regionbench-probe");
		struct rb_hf_settings hs = { .probe = probe,
					     .run_dir = j->dir,
					     .runs = j->v[O_QUICK].u ? 10 : 30,
					     .warmup = 3,
					     .sizes = j->sizes,
					     .nsizes = (int)j->nsizes };
		fprintf(stderr, "regionbench bench: whole-process timings (hyperfine)\n");
		for (int b = 0; b < j->nb; b++)
			(void)rb_hyperfine_run(&hs, &j->b[b], b, &rs); /* failures are recorded as rows */
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

extern char **rb_main_argv;

static int no_aslr_reexec(void)
{
	int p = personality(0xffffffff);
	if (p < 0 || (p & ADDR_NO_RANDOMIZE))
		return 0;
	if (personality((unsigned long)p | ADDR_NO_RANDOMIZE) < 0)
		return -errno;
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return -errno;
	self[n] = '\0';
	execv(self, rb_main_argv);
	return -errno;
}

int cmd_bench(int argc, char **argv)
{
	static struct job j; /* large: keep it off the stack */
	const char *pos[1];
	int npos;
	int r = rb_opts_parse("bench",
			      "bench [--out DIR] [--backend SPEC]... [--filter REGEX] [--sizes LIST] "
			      "[--repetitions N] [--min-time S] [--iterations N] [--quick] [--pin CPU] [--random-interleaving on|off] "
			      "[--no-aslr] [--no-hyperfine] [--list] [--history DB]",
			      opts, O_NOPT, j.v, argc, argv, pos, 0, &npos);
	if (r)
		return r == 1 ? 0 : r;
	if (j.v[O_LIST].u) {
		for (int i = 0; rbb_scenarios[i]; i++)
			printf("%-18s %s\n", rbb_scenarios[i]->name, rbb_scenarios[i]->desc);
		printf("%-18s %s\n%-18s %s\n%-18s %s\n", "hf_nop", "whole process: start and exit (hyperfine)",
		       "hf_create", "whole process: create + close across sizes (hyperfine)", "hf_attach",
		       "whole process: cold attach of an existing region (hyperfine)");
		return 0;
	}
	char err[1024];
	/* backends */
	const char *def = "dir:/dev/shm";
	int nb = j.v[O_BACKEND].n ? j.v[O_BACKEND].n : 1;
	if (nb > MAXB)
		return rb_usage_error("bench", "--backend: at most %d backends", MAXB);
	for (int i = 0; i < nb; i++)
		if (rb_backend_parse(j.v[O_BACKEND].n ? j.v[O_BACKEND].list[i] : def, &j.b[i], err, sizeof(err)))
			return rb_usage_error("bench", "--backend: %s", err);
	j.nb = nb;
	/* sizes */
	int quick = (int)j.v[O_QUICK].u;
	const char *sizes = j.v[O_SIZES].set ? j.v[O_SIZES].s
					     : quick ? "4K,64K,1M,16M" : "4K,16K,64K,256K,1M,4M,16M,64M,256M,1G";
	int e = rb_parse_size_list(sizes, j.sizes, MAXS, &j.nsizes);
	if (e)
		return rb_usage_error("bench", "--sizes: '%s' is %s (expected up to %d sizes such as 4K,64K,1M,1G)",
				      sizes, e == -ERANGE ? "too long or out of range" : "not valid", MAXS);
	for (size_t i = 0; i < j.nsizes; i++)
		if (j.sizes[i] < 4096 || j.sizes[i] % 4096 || j.sizes[i] > (1ull << 40))
			return rb_usage_error("bench", "--sizes: '%llu' is not valid (expected a multiple of 4K from 4K to 1T)",
					      (unsigned long long)j.sizes[i]);
	if (j.v[O_FILTER].set) {
		int rc = regcomp(&j.re, j.v[O_FILTER].s, REG_EXTENDED | REG_NOSUB);
		if (rc) {
			regerror(rc, &j.re, err, sizeof(err));
			return rb_usage_error("bench", "--filter: '%s' is not a valid regular expression (%s)",
					      j.v[O_FILTER].s, err);
		}
	}
	j.min_time = j.v[O_MINTIME].set ? j.v[O_MINTIME].f : quick ? 0.05 : 0.2;
	j.iterations = j.v[O_ITERS].set ? (int64_t)j.v[O_ITERS].u : quick && !j.v[O_MINTIME].set ? 50 : 0;
	if (j.min_time > 3600)
		return rb_usage_error("bench", "--min-time: '%s' is out of range (expected 0..3600 seconds)",
				      j.v[O_MINTIME].s);
	j.pin = j.v[O_PIN].set ? (int)j.v[O_PIN].u : -1;
	if (j.pin >= 0 && j.pin >= sysconf(_SC_NPROCESSORS_ONLN))
		return rb_usage_error("bench", "--pin: CPU %d does not exist (expected 0..%ld)", j.pin,
				      sysconf(_SC_NPROCESSORS_ONLN) - 1);
	if (j.v[O_OUT].set && rb_rundir_check(j.v[O_OUT].s, err, sizeof(err)))
		return rb_usage_error("bench", "%s", err);
	if ((r = rbh_history_option("bench", j.v[O_HISTORY].set ? j.v[O_HISTORY].s : NULL)))
		return r;
	/* everything is valid: from here on things happen */
	if (j.v[O_NOASLR].u && (e = no_aslr_reexec()))
		fprintf(stderr, "regionbench bench: --no-aslr: cannot switch ASLR off (%s); going on with it on\n",
			strerror(-e));
	snprintf(j.root, sizeof(j.root), "%s", rb_root());
	size_t off = 0;
	off += (size_t)snprintf(j.cmdline, sizeof(j.cmdline), "regionbench");
	for (int i = 0; i < argc && off < sizeof(j.cmdline); i++)
		off += (size_t)snprintf(j.cmdline + off, sizeof(j.cmdline) - off, " %s", argv[i]);
	for (int b = 0; b < j.nb; b++)
		if (!j.b[b].is_memfd)
			rb_leftover_warn(j.b[b].dir);
	rb_leftover_warn_system();
	rb_run_id(j.run_id, sizeof(j.run_id));
	if (rb_rundir_create(j.v[O_OUT].set ? j.v[O_OUT].s : NULL, j.root, j.run_id, j.dir, sizeof(j.dir), err,
			     sizeof(err)))
		return rb_usage_error("bench", "%s", err);
	fprintf(stderr, "regionbench bench: run %s -> %s\n", j.run_id, j.dir);
	int code = rb_supervise(worker, &j, j.b, j.nb, 0, "bench");
	const char *made[1] = { j.dir };
	return rbh_import_after("bench", j.v[O_HISTORY].set ? j.v[O_HISTORY].s : NULL, made, 1, code);
}
