/* bench.h - the `regionbench bench` subcommand. */
#ifndef REGIONBENCH_BENCH_BENCH_H
#define REGIONBENCH_BENCH_BENCH_H

int cmd_bench(int argc, char **argv);

/* Overhead of the core over raw syscalls (p50 ratios), from a result set;
 * written to overhead.csv and printed. */
struct rb_resultset;
int rb_write_overhead(const char *dir, const char *run_id, const struct rb_resultset *rs, int print);

#endif
