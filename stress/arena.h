/* arena.h - the harness's own shared memory (MAP_SHARED|MAP_ANONYMOUS, made by
 * the host before it forks the guests): start gate, growth timestamps,
 * per-guest counters, raw samples and the first violation each guest saw.
 * It is measurement bookkeeping, never part of the region under test. */
#ifndef REGIONBENCH_STRESS_ARENA_H
#define REGIONBENCH_STRESS_ARENA_H

#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>

#define RBS_MAX_GUESTS 256
#define RBS_GROWTHS 8192    /* growth timestamps and per-guest remap samples kept */
#define RBS_VIS_CAP (1u << 13) /* visible_ns samples kept per reader (reservoir) */

enum rbs_role { RBS_WRITER, RBS_READER };

struct rbs_violation {
	char kind[24]; /* lost, duplicate, torn, corrupt, misplaced, not-intact, sigbus, ... */
	uint32_t writer;
	uint64_t seq;
	uint64_t offset;
	uint64_t expected;
	uint64_t found;
	char detail[128];
};

struct rbs_guest {
	int role, index;
	pid_t pid;
	_Atomic uint32_t ready, done;
	_Atomic uint64_t claimed_slot; /* writer: slot being written, UINT64_MAX when none */
	_Atomic uint64_t committed;    /* writer: records committed so far */
	_Atomic uint64_t abandoned_slot; /* writer: claimed at stop and never written */
	uint64_t grown_records;	       /* writer: records in space grown after it attached */
	uint64_t attach_len;
	uint64_t verified, reverified, spot_checked, holes; /* reader */
	uint64_t remaps, remap_failures, early_detections;
	uint64_t final_len;
	uint64_t nviol;
	struct rbs_violation viol;
	int sigbus;
	uint64_t bus_addr, bus_off, bus_map_len, bus_file_size;
	uint64_t minflt, majflt;
	double utime_s, stime_s;
	uint64_t t_start, t_end;
	uint32_t n_remap, n_g2r;
	uint64_t remap_ns[RBS_GROWTHS];
	uint64_t g2r_ns[RBS_GROWTHS];
	uint64_t vis_seen; /* visible_ns values observed (samples keep a uniform subset) */
	uint64_t vis_max;
	uint32_t vis_n;
};

struct rbs_arena {
	_Atomic uint32_t go; /* start gate (futex word) */
	_Atomic uint32_t dead[RBS_MAX_GUESTS]; /* set by the host when a guest died */
	_Atomic uint64_t t_store[RBS_GROWTHS]; /* host: time of the release store of growth g */
	int nguests, nwriters, nreaders;
	/* pointers into the same mapping (valid in every forked guest) */
	struct rbs_guest *g;	/* nguests */
	uint64_t *expect;	/* nreaders x nwriters: next seq each reader expects */
	uint64_t *vis;		/* nreaders x RBS_VIS_CAP */
	size_t bytes;
};

struct rbs_arena *rbs_arena_create(int nwriters, int nreaders);
void rbs_arena_destroy(struct rbs_arena *a);

#endif
