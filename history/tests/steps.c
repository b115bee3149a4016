/* steps.c - the step detector through the whole history: a synthetic history
 * (80 commits, one run folder per commit with 5 runs = worker processes, steps
 * of +10, +2, +5 and -5 % planted at commits 16, 32, 48, 64 in 3-5 %
 * between-run noise) written by the real writers, imported, and read back:
 * every step of 5 % or more is found at its commit (+-1) and nothing else; a
 * regression is a step the wrong way for the metric's direction (the same
 * steps in a higher-is-better metric flip); a flat history of 200 runs shows
 * no step; the variance prior is the spread since the last step. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tests/check.h"
#include "../import.h"
#include "../query.h"
#include "runs.h"
#include "synth.h"

#define RPC 5

static char db[PATH_MAX];

/* Write and import one folder per commit of a history in x[] (rpc runs each). */
static void put_history(const char *tag, const char *host, const double *x, size_t ncommits, int stress)
{
	char dir[PATH_MAX], id[64], t[32], commit[64], err[1024];
	FILE *devnull = fopen("/dev/null", "w");
	for (size_t c = 0; c < ncommits; c++) {
		snprintf(dir, sizeof(dir), "%s/%s-%03zu", test_dir, tag, c);
		snprintf(id, sizeof(id), "%s-%03zu", tag, c);
		snprintf(t, sizeof(t), "2026-%02zu-%02zuT%02zu:00:00Z", 1 + c / 28 % 12, 1 + c % 28, c % 24);
		snprintf(commit, sizeof(commit), "%08zx%032d", 0xc0000 + c, 0);
		struct synth_run r = { id, t, commit, host, "6.1.0", x + c * RPC, RPC, 0, stress };
		CHECK_EQ(synth_run_write(dir, &r), 0);
		const char *paths[] = { dir };
		CHECK_EQ(rbh_import_paths(db, paths, 1, NULL, devnull, err, sizeof(err)), 0);
		remove_tree(dir);
	}
	fclose(devnull);
}

/* The steps of the one series matching re on host; their commits in at[]. */
static int steps_of(const char *re, const char *host, struct rbh_step **st, size_t *at, struct rbh_series *out)
{
	struct rbh_db h;
	char err[1024];
	CHECK_EQ(rbh_open(&h, db, RBH_READ, err, sizeof(err)), 0);
	struct rbh_series *ss;
	size_t ns, n, k = 0;
	CHECK_EQ(rbh_series_list(&h, re, &ss, &ns, err, sizeof(err)), 0);
	for (size_t i = 0; i < ns; i++)
		if (!strcmp(ss[i].host, host))
			*out = ss[i], k++;
	CHECK_EQ(k, 1);
	struct rbh_point *pt;
	CHECK_EQ(rbh_points(&h, out->id, &pt, &n, err, sizeof(err)), 0);
	struct rbh_detect_params p = RBH_DETECT_DEFAULTS;
	int ns2 = rbh_steps(out, pt, n, &p, st);
	CHECK(ns2 >= 0);
	for (int i = 0; i < ns2; i++) {
		size_t c = 0;
		CHECK_EQ(sscanf(pt[(*st)[i].at].commit, "%8zx", &c), 1);
		at[i] = c - 0xc0000;
	}
	free(pt);
	free(ss);
	rbh_close(&h);
	return ns2;
}

static void expect_planted(const char *what, int k, const struct rbh_step *st, const size_t *at, int higher_is_better)
{
	printf("%s: %d step(s):", what, k);
	for (int i = 0; i < k; i++)
		printf(" commit %zu %s %+.1f %% p %.2g;", at[i], rbh_step_kind_name(st[i].kind), 100 * (st[i].ratio - 1), st[i].p);
	printf("\n");
	for (size_t s = 0; s < SYNTH_NSTEPS; s++) {
		if (fabs(synth_steps[s].change) < 0.05)
			continue;
		int found = 0;
		for (int i = 0; i < k; i++)
			if (labs((long)at[i] - (long)synth_steps[s].commit) <= 1) {
				int slower = synth_steps[s].change > 0;
				CHECK_EQ(st[i].kind, slower != higher_is_better ? RBH_REGRESSION : RBH_IMPROVEMENT);
				CHECK(fabs(st[i].ratio - 1 - synth_steps[s].change) < 0.03);
				found = 1;
			}
		if (!found)
			fprintf(stderr, "%s: the %+.0f %% step at commit %zu was not found\n", what, 100 * synth_steps[s].change,
				synth_steps[s].commit);
		CHECK(found);
	}
	for (int i = 0; i < k; i++)
		CHECK(synth_near(at[i]) >= 0);
}

static int run(void)
{
	snprintf(db, sizeof(db), "%s/h.db", test_dir);
	static double x[SYNTH_COMMITS * RPC];
	static size_t cm[SYNTH_COMMITS * RPC];
	static unsigned char cut[SYNTH_COMMITS * RPC];
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 20261130);
	double sigma = synth_history(r, SYNTH_COMMITS, RPC, synth_steps, SYNTH_NSTEPS, x, cm, cut);
	put_history("stepped", "h-steps", x, SYNTH_COMMITS, 0);
	put_history("rate", "h-steps", x, SYNTH_COMMITS, 1); /* the same numbers as a higher-is-better metric */
	double fsigma = synth_history(r, 200 / RPC, RPC, NULL, 0, x, cm, cut);
	put_history("flat", "h-flat", x, 200 / RPC, 0);
	gsl_rng_free(r);

	struct rbh_step *st;
	struct rbh_series s;
	size_t at[64];
	int k = steps_of("create_ns", "h-steps", &st, at, &s);
	expect_planted("create_ns (lower is better)", k, st, at, 0);
	free(st);
	k = steps_of("verified_per_s", "h-steps", &st, at, &s);
	expect_planted("verified_per_s (higher is better)", k, st, at, 1);
	free(st);
	k = steps_of("create_ns", "h-flat", &st, at, &s);
	printf("flat history of 200 runs: %d step(s)\n", k);
	CHECK_EQ(k, 0);

	/* the variance prior: the spread of the per-run medians since the last step */
	struct rbh_db h;
	struct rbh_prior pr;
	char err[1024];
	CHECK_EQ(rbh_open(&h, db, RBH_READ, err, sizeof(err)), 0);
	CHECK_EQ(rbh_prior(&h, "create", "manual", 4096, 1, "create_ns", "dir:/dev/shm", "tmpfs", "h-flat", "6.1.0", 0, &pr,
			   err, sizeof(err)), 0);
	printf("prior (flat, sigma %.3f): cv %.4f over %zu runs since %s\n", fsigma, pr.cv, pr.runs, pr.since);
	CHECK_EQ(pr.runs, 200);
	CHECK(pr.cv > 0.7 * fsigma && pr.cv < 1.5 * fsigma);
	CHECK_EQ(rbh_prior(&h, "create", "manual", 4096, 1, "create_ns", "dir:/dev/shm", "tmpfs", "h-steps", "6.1.0", 0, &pr,
			   err, sizeof(err)), 0);
	printf("prior (stepped, sigma %.3f): cv %.4f over %zu runs since %s\n", sigma, pr.cv, pr.runs, pr.since);
	CHECK(pr.runs >= 75 && pr.runs <= 85); /* since the step at commit 64 (+-1) */
	CHECK(pr.cv > 0.7 * sigma && pr.cv < 1.5 * sigma);
	struct rbh_prior p99;
	CHECK_EQ(rbh_prior(&h, "create", "manual", 4096, 1, "create_ns", "dir:/dev/shm", NULL, "h-steps", "6.1.0", 1, &p99,
			   err, sizeof(err)), 0); /* any filesystem; the runs' p99s (1.01 x their medians here) */
	CHECK(p99.runs == pr.runs && fabs(p99.cv - pr.cv) < 0.002);
	CHECK(rbh_prior(&h, "create", "manual", 4096, 1, "create_ns", "dir:/dev/shm", "tmpfs", "nohost", "6.1.0", 0, &pr, err,
			sizeof(err)) < 0);
	rbh_close(&h);
	remove_tree(test_dir);
	mkdir(test_dir, 0700);
	return 0;
}

int main(void)
{
	return test_main(run, 300);
}
