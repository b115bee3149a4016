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
#include "runs.h"
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
	p->budget_s = quick ? 0.05 : 0.4;
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


/* Samples kept per run, cell and metric (a uniform reservoir), and the most
 * measured iterations per run and cell. */
#define RESERVOIR_QUICK 150
#define RESERVOIR_FULL 1000
#define MAXITER_QUICK 2000
#define MAXITER_FULL 20000

static int scenario_rank(const char *name)
{
	for (int i = 0; rbb_scenarios[i]; i++)
		if (!strcmp(rbb_scenarios[i]->name, name))
			return i;
	return 1000; /* hyperfine rows last */
}

/* Rows in a stable order: scenario (table order), backend, variant, procs,
 * metric and size. */
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
	printf("\n%-18s %-24s %-22s %10s %5s %12s %12s %8s %5s\n", "scenario", "variant", "backend", "size", "procs",
	       "p50", "p99", "n", "runs");
	for (size_t i = 0; i < rs->n; i++) {
		const struct rb_series *s = &rs->s[i];
		char sz[32], p99[32] = "-";
		struct rb_stats st;
		if (s->desc && s->desc->dir == RB_DIR_NONE)
			continue; /* context counts: in the CSV only */
		rb_series_stats(s, &st);
		if (!rb_status_measured(s->status) || !st.n) {
			printf("%-18s %-24s %-22s %10s %5d %s: %s\n", s->k.scenario, s->k.variant, s->k.backend,
			       rb_fmt_size(s->k.size_bytes, sz, sizeof(sz)), s->k.procs, rb_status_name(s->status),
			       s->reason);
			continue;
		}
		if (st.p99 == st.p99)
			snprintf(p99, sizeof(p99), "%.0f %s", st.p99, s->k.unit);
		printf("%-18s %-24s %-22s %10s %5d %9.0f %-2s %12s %8zu %5zu  %s%s%s\n", s->k.scenario, s->k.variant,
		       s->k.backend, rb_fmt_size(s->k.size_bytes, sz, sizeof(sz)), s->k.procs, st.p50, s->k.unit, p99,
		       st.n, s->reps ? s->nreps : 1, s->k.metric, s->status == RB_OK ? "" : "  ",
		       s->status == RB_OK ? "" : rb_status_name(s->status));
	}
}

/* Progress on stderr (or the caller's terminal when output goes to a log): a
 * live line on a terminal, otherwise a line at least once a minute. */
struct progress {
	FILE *out;
	int tty;
	long done, total;
	uint64_t t0, last;
	struct rb_meta *m;
};

static void progress_print(struct progress *p, const char *what, int final)
{
	uint64_t now = rb_now_ns();
	if (!p->tty && !final && now - p->last < 30000000000ull)
		return;
	p->last = now;
	double el = (double)(now - p->t0) * 1e-9;
	double left = p->done ? el / (double)p->done * (double)(p->total - p->done) : 0;
	char eta[32] = "?";
	if (p->done)
		snprintf(eta, sizeof(eta), "%d:%02d", (int)left / 60, (int)left % 60);
	if (p->tty)
		fprintf(p->out, "\r\033[K[%ld/%ld] %3.0f%%  %d:%02d elapsed, about %s left  %s%s", p->done, p->total,
			p->total ? 100.0 * (double)p->done / (double)p->total : 100.0, (int)el / 60, (int)el % 60, eta,
			what, final ? "\n" : "");
	else
		fprintf(p->out, "regionbench bench: %ld/%ld configuration runs done, %d:%02d elapsed, about %s left\n",
			p->done, p->total, (int)el / 60, (int)el % 60, eta);
	fflush(p->out);
}

static void on_progress(void *arg, const struct rbb_cell *c, int run)
{
	struct progress *p = arg;
	char what[160];
	char sz[32];
	snprintf(what, sizeof(what), "%s %s %s run %d", c->scn->name, c->variant_name,
		 rb_fmt_size(c->size, sz, sizeof(sz)), run);
	p->done++;
	if (p->done > p->total)
		p->total = p->done;
	progress_print(p, what, 0);
}

static void on_warning(void *arg, const char *text)
{
	struct progress *p = arg;
	rb_meta_add_warning(p->m, "%s", text);
}

static int worker(void *arg)
{
	const struct rb_bench_plan *j = arg;
	char err[512];
	int progress_fd = dup(2);
	FILE *pout = progress_fd >= 0 ? fdopen(progress_fd, "w") : NULL;
	if (j->log && (!freopen(j->log, "a", stdout) || dup2(1, 2) < 0)) {
		fprintf(pout ? pout : stderr, "regionbench bench: cannot write %s: %s\n", j->log, strerror(errno));
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (j->pin >= 0 && rb_pin_cpu(j->pin)) {
		fprintf(stderr, "regionbench bench: --pin: cannot pin to CPU %d\n", j->pin);
		return 2;
	}
	struct rb_meta *m = calloc(1, sizeof(*m));
	struct rb_resultset rs = { 0 };
	struct rbb_runs R = { .plan = j,
			      .reservoir = j->quick ? RESERVOIR_QUICK : RESERVOIR_FULL,
			      .max_iterations = j->quick ? MAXITER_QUICK : MAXITER_FULL };
	struct progress pr = { .out = pout ? pout : stderr, .tty = isatty(progress_fd), .m = m };
	if (!m)
		return 1;
	char now[64];
	rb_utc_now(now, sizeof(now));
	rb_meta_identity(m, j->run_id, "bench", j->cmdline);
	rb_meta_set(m, "start_time", "%s", now);
	rb_meta_set(m, "seed", "none (benchmarks use no random input; reservoirs are seeded by configuration and run)");
	rb_meta_system(m, j->root);
	rb_meta_set(m, "pin_cpu", "%d", j->pin);
	rb_meta_set(m, "quick", "%d", j->quick);
	rb_meta_set(m, "time_budget_s", "%g", j->budget_s);
	rb_meta_set(m, "iterations", "%lld", (long long)j->iterations);
	rb_meta_set(m, "max_iterations_per_run", "%lld", (long long)R.max_iterations);
	rb_meta_set(m, "reservoir_per_run", "%zu", R.reservoir);
	rb_meta_set(m, "repetitions", "%d", j->runs);
	rb_meta_set(m, "random_interleaving", "%s", j->interleave ? "on" : "off");
	rb_meta_set(m, "interference_bound_cpus", "%g", j->interference_bound);
	rb_meta_set(m, "unstable_ratio", "%g", RB_UNSTABLE_RATIO);
	rb_meta_set(m, "retry_interfered", "%d", j->retry_interfered);
	for (int b = 0; b < j->nbackends; b++)
		rb_meta_set_backend(m, b, &j->backends[b]);

	R.ncells = rbb_cells_build(j, &R.cells);
	if (R.ncells < 0)
		return 1;
	R.cr = calloc((size_t)(R.ncells ? R.ncells : 1) * (size_t)j->runs, sizeof(*R.cr));
	int *idx = malloc((size_t)(R.ncells ? R.ncells : 1) * sizeof(int)), n = 0;
	if (!R.cr || !idx)
		return 1;
	for (int c = 0; c < R.ncells; c++)
		if (!R.cells[c].skip)
			idx[n++] = c;
	R.arg = &pr;
	R.progress = on_progress;
	R.warning = on_warning;
	snprintf(R.gbench_json, sizeof(R.gbench_json), "%s/gbench-%%d.json", j->dir);
	regex_t re;
	if (j->filter)
		regcomp(&re, j->filter, REG_EXTENDED | REG_NOSUB); /* checked by rb_bench_plan_check */
	int nhf = 0;
	for (int i = 0; j->hyperfine && rb_hf_scenarios[i].name; i++)
		nhf += !j->filter || !regexec(&re, rb_hf_scenarios[i].name, 0, NULL, 0);
	pr.total = (long)n * j->runs + (long)nhf * j->nbackends;
	pr.t0 = pr.last = rb_now_ns();
	fprintf(stderr, "regionbench bench: %d configurations (%d skipped here) x %d runs, %d whole-process timings, sizes:",
		n, R.ncells - n, j->runs, nhf * j->nbackends);
	for (size_t i = 0; i < j->nsizes; i++)
		fprintf(stderr, " %s", rb_fmt_size(j->sizes[i], err, sizeof(err)));
	fprintf(stderr, "\n");
	for (int r = 0; n && r < j->runs; r++)
		if (rbb_runs_measure(&R, r, idx, n))
			fprintf(stderr, "regionbench bench: run %d: no worker process could be started\n", r);
	int again = n ? rbb_runs_retry(&R) : 0;
	rb_meta_set(m, "interference_retries", "%d", again);
	int ninterf = 0, nunst = 0, ret = rbb_runs_results(&R, &rs, &ninterf, &nunst);
	free(idx);

	if (!ret && nhf) {
		char probe[PATH_MAX];
		ssize_t len = readlink("/proc/self/exe", probe, sizeof(probe) - 32);
		probe[len > 0 ? len : 0] = '\0';
		char *slash = strrchr(probe, '/');
		if (slash)
			strcpy(slash + 1, "regionbench-probe");
		struct rb_hf_settings hs = { .probe = probe,
					     .run_dir = j->dir,
					     .runs = j->hf_runs,
					     .warmup = 3,
					     .sizes = j->sizes,
					     .nsizes = (int)j->nsizes,
					     .filter = j->filter ? &re : NULL,
					     .interference_bound = j->interference_bound,
					     .arg = &pr,
					     .warning = on_warning };
		for (int b = 0; b < j->nbackends; b++) {
			progress_print(&pr, "whole-process timings (hyperfine)", 0);
			(void)rb_hyperfine_run(&hs, &j->backends[b], b, &rs); /* failures are recorded as rows */
			pr.done += nhf;
		}
		ninterf += hs.ninterfered;
	}
	if (j->filter)
		regfree(&re);
	progress_print(&pr, "done", 1);

	int errors = 0;
	for (size_t i = 0; i < rs.n; i++) {
		struct rb_series *s = &rs.s[i];
		errors += s->status == RB_ERROR;
		if (!s->hist && s->n && !ret) { /* hyperfine keeps every sample: its histogram too */
			s->hist = calloc(1, sizeof(*s->hist));
			ret = !s->hist ? -ENOMEM : rb_hist_add(s->hist, s->v, s->n);
		}
	}
	qsort(rs.s, rs.n, sizeof(rs.s[0]), cmp_series);
	rb_utc_now(now, sizeof(now));
	rb_meta_set(m, "end_time", "%s", now);
	rb_meta_set(m, "configurations_interference", "%d", ninterf);
	rb_meta_set(m, "configurations_unstable", "%d", nunst);
	if (ninterf)
		rb_meta_add_warning(m, "%d configuration(s) measured while other processes or the hypervisor took more than %g CPUs (status interference)",
				    ninterf, j->interference_bound);
	if (nunst)
		rb_meta_add_warning(m, "%d configuration(s) unstable: their runs' medians differ by more than %gx (status unstable)",
				    nunst, RB_UNSTABLE_RATIO);
	if (!ret)
		ret = rb_write_summary(j->dir, j->run_id, rb_meta_get(m, "host"), rb_meta_get(m, "kernel_release"), &rs);
	if (!ret)
		ret = rb_write_samples(j->dir, j->run_id, &rs);
	if (!ret)
		ret = rb_write_runs(j->dir, j->run_id, &rs);
	if (!ret)
		ret = rb_write_hist(j->dir, j->run_id, &rs);
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
	rbb_runs_free(&R);
	FILE *warn_to = j->log ? pr.out : stderr;
	if (ninterf)
		fprintf(warn_to,
			"regionbench bench: warning: %d configuration(s) measured under interference (other processes or the "
			"hypervisor took more than %g CPUs; status interference in summary.csv%s)\n",
			ninterf, j->interference_bound, j->retry_interfered ? "" : "; --retry-interfered N measures them again");
	if (nunst)
		fprintf(warn_to, "regionbench bench: warning: %d configuration(s) unstable (run medians more than %gx apart; status unstable)\n",
			nunst, RB_UNSTABLE_RATIO);
	free(m);
	if (ret) {
		fprintf(stderr, "regionbench bench: writing results into %s failed: %s\n", j->dir, strerror(-ret));
		return 1;
	}
	printf("\nresults: %s\n", j->dir);
	if (errors)
		fprintf(stderr, "regionbench bench: %d result row(s) ended in an error (see summary.csv)\n", errors);
	return errors ? 1 : 0;
}

int rb_bench_run(const struct rb_bench_plan *p)
{
	return rb_supervise(worker, (void *)p, p->backends, p->nbackends, 0, "bench");
}
