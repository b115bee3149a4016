/* synth_tool.c - write a synthetic history of run folders for the
 * end-to-end test of `regionbench history` (test-only; see synth.h):
 *   history_synth OUT_DIR COMMITS RUNS_PER_COMMIT STEP_COMMIT STEP_PCT KERNEL SEED [HOST]
 * One folder per commit (OUT_DIR/cNNN), commit ids c<NNN> padded to 40 hex
 * digits, an hour apart; the per-run medians of create/manual/4K carry a step
 * of STEP_PCT % at STEP_COMMIT (0: none). HOST defaults to synth-host. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "runs.h"
#include "synth.h"

int main(int argc, char **argv)
{
	if (argc != 8 && argc != 9) {
		fprintf(stderr, "usage: history_synth OUT_DIR COMMITS RUNS_PER_COMMIT STEP_COMMIT STEP_PCT KERNEL SEED [HOST]\n");
		return 2;
	}
	size_t nc = strtoul(argv[2], NULL, 10), rpc = strtoul(argv[3], NULL, 10);
	struct synth_step st = { strtoul(argv[4], NULL, 10), atof(argv[5]) / 100 };
	if (!nc || !rpc || nc > 1000 || rpc > 100 || (mkdir(argv[1], 0755) && errno != EEXIST))
		return 2;
	double *x = calloc(nc * rpc, sizeof(double));
	size_t *cm = calloc(nc * rpc, sizeof(size_t));
	unsigned char *cut = calloc(nc * rpc, 1);
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	if (!x || !cm || !cut || !r)
		return 1;
	gsl_rng_set(r, strtoul(argv[7], NULL, 10));
	synth_history(r, nc, rpc, &st, st.commit ? 1 : 0, x, cm, cut);
	for (size_t c = 0; c < nc; c++) {
		char dir[4096], id[64], t[32], commit[64];
		snprintf(dir, sizeof(dir), "%s/c%03zu-%s", argv[1], c, argv[6]);
		snprintf(id, sizeof(id), "synth-%s-%03zu", argv[6], c);
		snprintf(t, sizeof(t), "2026-%02zu-%02zuT%02zu:00:00Z", 1 + c / 24 / 28 % 12, 1 + c / 24 % 28, c % 24);
		snprintf(commit, sizeof(commit), "c%03zu%036d", c, 0);
		struct synth_run run = { id, t, commit, argc == 9 ? argv[8] : "synth-host", argv[6], x + c * rpc, rpc, 0, 0 };
		if (synth_run_write(dir, &run)) {
			fprintf(stderr, "history_synth: cannot write %s\n", dir);
			return 1;
		}
	}
	gsl_rng_free(r);
	free(x);
	free(cm);
	free(cut);
	return 0;
}
