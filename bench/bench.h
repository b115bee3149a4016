/* bench.h - a benchmark run as a typed plan: what `regionbench bench` (src/bench.c),
 * report, matrix and ab measure, without re-executing the binary. */
#ifndef REGIONBENCH_BENCH_BENCH_H
#define REGIONBENCH_BENCH_BENCH_H

#include <stddef.h>
#include <stdint.h>

#include "backend.h"

#define RB_BENCH_MAXB 8	 /* backends per plan */
#define RB_BENCH_MAXS 16 /* sizes per plan */

struct rb_bench_plan {
	struct rb_backend backends[RB_BENCH_MAXB];
	int nbackends;
	uint64_t sizes[RB_BENCH_MAXS];
	size_t nsizes;
	const char *filter;	 /* POSIX ERE matched against each scenario name; NULL: all */
	int runs;		 /* worker processes (runs) per configuration */
	double budget_s;	 /* time budget per configuration and run (untimed setup included) */
	int64_t iterations;	 /* > 0: exactly this many measured iterations per run instead of the budget */
	int pin;		 /* CPU of the measuring process (helpers on the next one), or -1 */
	int interleave;		 /* configurations in random order within each run */
	int hyperfine;		 /* whole-process timings too */
	int hf_runs;		 /* hyperfine runs per command */
	int quick;		 /* recorded in meta.csv */
	int retry_interfered;	 /* re-measure runs under interference up to this many times */
	double interference_bound; /* CPUs others may take (on average) before a run counts as interfered */
	/* the run folder (made by rb_rundir_create), its id, the command line for meta.csv, the project root */
	char dir[4096], run_id[128], cmdline[4096], root[4096];
	const char *log; /* NULL: output on stdout/stderr; else both go to this file (progress stays on stderr) */
};

/* The one definition of the quick and the default suite: sizes, runs, budget,
 * hyperfine; one dir:/dev/shm backend; no filter, no pin, interleaving on. */
void rb_bench_plan_init(struct rb_bench_plan *p, int quick);

/* Check the plan (filter compiles, sizes valid, pin exists); 0, or -EINVAL with
 * one line in err naming what is wrong. Nothing is created. */
int rb_bench_plan_check(const struct rb_bench_plan *p, char *err, size_t errlen);

/* Fill the plan's root, run id and (when empty) command line, and make its run
 * folder: `out`, or results/runs/<run-id> under the root when out is NULL.
 * 0, or -errno with one line in err. */
int rb_bench_prepare(struct rb_bench_plan *p, const char *out, char *err, size_t errlen);

/* Measure the plan into p->dir (which must exist, marked incomplete) in a
 * supervised worker; the folder is completed when every file is written.
 * Returns the exit code: 0 (interference and instability are reported, not
 * failures), 1 when a configuration ended in an error or writing failed,
 * 128+N when interrupted by signal N. */
int rb_bench_run(const struct rb_bench_plan *p);

/* List the scenarios (name and description) on stdout. */
void rb_bench_list(void);

/* Overhead of the core over raw syscalls (p50 ratios), from a result set;
 * written to overhead.csv and printed. */
struct rb_resultset;
int rb_write_overhead(const char *dir, const char *run_id, const struct rb_resultset *rs, int print);

#endif
