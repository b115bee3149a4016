/* hyperfine.h - whole-process timings: hyperfine runs the tiny probe program
 * (cold attach of an existing region, create+close across sizes, and an empty
 * run as the process-start baseline); its JSON is kept in the run folder and
 * folded into the result set (scenarios hf_nop, hf_attach, hf_create). */
#ifndef REGIONBENCH_BENCH_HYPERFINE_H
#define REGIONBENCH_BENCH_HYPERFINE_H

#include <stddef.h>
#include <stdint.h>

struct rb_backend;
struct rb_resultset;

/* The hyperfine scenarios, {NULL} terminated. */
struct rb_hf_scenario {
	const char *name, *desc;
};
extern const struct rb_hf_scenario rb_hf_scenarios[];

struct rb_hf_settings {
	const char *probe; /* path of regionbench-probe */
	const char *run_dir;
	int runs, warmup;
	const uint64_t *sizes;
	int nsizes;
	const void *filter; /* a compiled regex_t matched against each scenario name, or NULL */
	double interference_bound; /* as the plan's: a scenario measured under more is marked interference */
	void *arg;
	void (*warning)(void *arg, const char *text); /* hyperfine's own warnings (outliers, ...) */
	int ninterfered; /* out: configurations (scenario x size) marked interference */
};

/* Returns 0, or -errno when hyperfine failed (the rows then say why). Each
 * invocation's output is kept in the run folder (hyperfine-<scenario>-<b>.log)
 * and its warnings are passed on; the CPU others took meanwhile is recorded
 * (struct rb_series.c) and judged like a benchmark run's. */
int rb_hyperfine_run(struct rb_hf_settings *s, const struct rb_backend *b, int bi,
		     struct rb_resultset *rs);
/* Fold one hyperfine JSON export (the file `json`, read with jansson) into the
 * result set: one series per result, keyed at its "size" parameter or at
 * fixed_size. 0, or -EINVAL with one line in err. */
int rb_hyperfine_fold(const char *json, const char *scenario, const struct rb_backend *b,
		      uint64_t fixed_size, struct rb_resultset *rs, char *err, size_t errlen);
/* The same from len bytes of text (`name` in errors): the fuzz target's entry. */
int rb_hyperfine_fold_text(const char *text, size_t len, const char *name, const char *scenario,
			   const struct rb_backend *b, uint64_t fixed_size, struct rb_resultset *rs, char *err,
			   size_t errlen);

#endif
