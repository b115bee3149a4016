/* synth.h - synthetic per-run medians for the step detector's tests: commits
 * in order, `rpc` runs (worker processes) per commit, each run's median =
 * base x the level of its commit x exp(N(0, sigma)) with sigma drawn from
 * [3 %, 5 %] per history (the between-run noise measured on these VMs), and
 * 2 % of runs outlying by +20..50 % (a process that landed badly). Steps are
 * planted at known commits. */
#ifndef REGIONBENCH_HISTORY_TESTS_SYNTH_H
#define REGIONBENCH_HISTORY_TESTS_SYNTH_H

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

struct synth_step {
	size_t commit; /* first commit with the new level */
	double change; /* +0.05: 5 % slower */
};

/* The canonical history: 2, 5 and 10 % steps (and a 5 % improvement) 16 commits apart. */
static const struct synth_step synth_steps[] = { { 16, 0.10 }, { 32, 0.02 }, { 48, 0.05 }, { 64, -0.05 } };
#define SYNTH_NSTEPS (sizeof(synth_steps) / sizeof(synth_steps[0]))
#define SYNTH_COMMITS 80

/* The planted step within one commit of `commit`, or -1. */
static inline int synth_near(size_t commit)
{
	for (size_t s = 0; s < SYNTH_NSTEPS; s++)
		if (labs((long)commit - (long)synth_steps[s].commit) <= 1)
			return (int)s;
	return -1;
}

/* Fill x[ncommits*rpc] and commit[] (commit index of each run); cut[i] = 1
 * where commit[i] != commit[i-1]. Returns sigma. */
static inline double synth_history(gsl_rng *r, size_t ncommits, size_t rpc, const struct synth_step *st, size_t nst,
				   double *x, size_t *commit, unsigned char *cut)
{
	double sigma = 0.03 + 0.02 * gsl_rng_uniform(r);
	size_t n = 0;
	for (size_t c = 0; c < ncommits; c++) {
		double level = 1.0;
		for (size_t k = 0; k < nst; k++)
			if (c >= st[k].commit)
				level *= 1.0 + st[k].change;
		for (size_t j = 0; j < rpc; j++, n++) {
			double v = 10000.0 * level * exp(gsl_ran_gaussian(r, sigma));
			if (gsl_rng_uniform(r) < 0.02)
				v *= 1.2 + 0.3 * gsl_rng_uniform(r);
			x[n] = v;
			commit[n] = c;
			cut[n] = n == 0 || commit[n - 1] != c;
		}
	}
	return sigma;
}

#endif
