/* verdict.h - the host's state at the end of a run, the checks that prove
 * (or refute) that nothing was lost, torn, duplicated or misplaced, and the
 * result files. */
#ifndef REGIONBENCH_STRESS_VERDICT_H
#define REGIONBENCH_STRESS_VERDICT_H

#include "stress.h"

struct rbs_host {
	const struct rbs_config *cfg;
	struct mmap_region region;
	struct rbs_arena *a;
	struct region_doorbell host_bell[RBS_MAX_GUESTS], guest_bell[RBS_MAX_GUESTS];
	int fdsock[RBS_MAX_GUESTS][2];
	pid_t pid[RBS_MAX_GUESTS];
	int exited[RBS_MAX_GUESTS], status[RBS_MAX_GUESTS];
	uint64_t exit_ns[RBS_MAX_GUESTS];
	int early_deaths, timed_out, bell_peer_gone, growth_stopped;
	uint64_t ngrowths, resize_failures;
	int resize_error;
	uint64_t resize_ns[RBS_GROWTHS];
	uint64_t t_start, t_stop, t_end, final_size;
};

/* Check everything, print the verdict, write the run folder. Returns the
 * exit code: 0 pass, 1 fail. */
int rbs_verdict(struct rbs_host *h);

#endif
