/* verdict.h - the host's state at the end of a run, the checks that prove
 * (or refute) that every record written was seen by every reader and is still
 * in place, and the result files. */
#ifndef REGIONBENCH_STRESS_VERDICT_H
#define REGIONBENCH_STRESS_VERDICT_H

#include "guest.h"

struct rbs_host {
	const struct rbs_config *cfg;
	struct mmap_region region;
	struct rbs_arena *a;
	struct rbs_guest_ctx ctx; /* the host's own view, for its checks and its sweep */
	struct region_doorbell host_bell[RBS_MAX_GUESTS], guest_bell[RBS_MAX_GUESTS];
	int fdsock[RBS_MAX_GUESTS][2];
	pid_t pid[RBS_MAX_GUESTS];
	int exited[RBS_MAX_GUESTS], status[RBS_MAX_GUESTS];
	uint64_t exit_ns[RBS_MAX_GUESTS];
	int early_deaths, timed_out, bell_peer_gone, growth_stopped;
	uint64_t ngrowths, resize_failures;
	uint64_t asked; /* the largest size a resize was asked for (a failed one may leave the file that large) */
	int resize_error;
	uint64_t resize_ns[RBS_GROWTHS];
	uint64_t t_start, t_stop, t_end, final_size;
	/* the claims, counted by the host once every writer was over */
	uint64_t owned[RBS_MAX_GUESTS];
	uint64_t lost_from; /* the first slot some reader never resolved live */
	char accounting[256]; /* why the claims do not add up, or "" */
};

/* The stress run's result, as the files and the summary give it. */
struct rbs_tally {
	uint64_t slots, written, abandoned, live, live_expected, reverified, spot, grown;
	uint64_t kinds[RB_V__N];
	uint64_t remaps, by[RBS_BY__N], safety_checks, early, minflt;
	uint64_t vis_caught_up, vis_behind;
	double utime, stime, secs;
	int sweeps, sweeps_complete;
	int fails;
};

/* Check everything, print the verdict, write the run folder. Returns the
 * exit code: 0 pass, 1 fail. */
int rbs_verdict(struct rbs_host *h);
/* p50 of one visible_ns series over every reader (-1: no sample). */
double rbs_vis_p50(struct rbs_host *h, enum rbs_vis v);
/* The result files of a run (files.c). Returns 0 or -1. */
int rbs_write_files(struct rbs_host *h, const struct rbs_tally *t, int pass);

#endif
