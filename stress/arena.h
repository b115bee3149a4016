/* arena.h - the harness's own shared memory (MAP_SHARED|MAP_ANONYMOUS, made by
 * the host before it forks the guests): start gate, slot allocator, stop and
 * sweep barriers, growth timestamps, who claimed each slot, what was found at
 * each slot, per-process counters, raw samples and the first finding of each
 * kind. It is measurement bookkeeping, never part of the region under test: a
 * stranger damaging the region cannot reach it. */
#ifndef REGIONBENCH_STRESS_ARENA_H
#define REGIONBENCH_STRESS_ARENA_H

#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>

#include "schema.h"

#define RBS_MAX_GUESTS 256
#define RBS_GROWTHS 8192    /* growth timestamps and per-guest remap samples kept */
#define RBS_VIS_CAP (1u << 12) /* samples kept per reader and series (reservoir; results/SCHEMA.md) */
#define RBS_NONE UINT64_MAX

enum rbs_role { RBS_WRITER, RBS_READER, RBS_HOST };

/* visible_ns series a reader keeps: commit-to-seen while caught up (nothing
 * committed ahead of the record), the same while behind, and the backlog
 * (slots claimed ahead of the record when it was seen). */
enum rbs_vis { RBS_VIS_CAUGHT_UP, RBS_VIS_BEHIND, RBS_VIS_BACKLOG, RBS_VIS__N };

/* Why a guest remapped: a doorbell ring woke it; it read the header's
 * current_size (poll mode, or doorbell mode before waiting); the doorbell
 * safety timeout found growth no ring had announced; fstat saw the file grow;
 * the remap to the final size before the final sweep. */
enum rbs_cause { RBS_BY_RING, RBS_BY_HEADER, RBS_BY_SAFETY, RBS_BY_FSTAT, RBS_BY_FINAL, RBS_BY__N };

/* One finding: what was expected at a place in the region and what was there. */
struct rbs_finding {
	uint32_t kind; /* enum rb_violation */
	uint32_t writer;
	uint64_t seq;
	uint64_t slot; /* RBS_NONE: not a record slot (the header) */
	uint64_t offset;
	uint64_t expected, found;
	char detail[112];
};

/* What one process's final sweep found, slot by slot below the final frontier. */
struct rbs_sweep {
	uint64_t slots, verified, abandoned, erased, damaged, unreached;
	int done;
};

struct rbs_guest {
	int role, index;
	pid_t pid;
	_Atomic uint32_t ready;
	_Atomic uint32_t ended; /* live work over; a writer's report below is final */
	_Atomic uint32_t done;	/* swept and finished */
	/* writer */
	_Atomic uint64_t committed; /* records committed (its seq numbers are 0..committed-1) */
	_Atomic uint64_t cur_slot;  /* slot claimed and not yet committed, RBS_NONE */
	uint64_t abandoned_slot;    /* reported when it ended: a claimed slot it left unwritten */
	uint64_t written;	    /* host, before the sweeps: records written (see host.c) */
	uint64_t full;		    /* it stopped because no slot was left (--max-size) */
	uint64_t grown_records, early_commits;
	/* reader (live pass) */
	_Atomic uint64_t cursor;      /* slots resolved so far, in slot order */
	uint64_t verified, abandoned; /* records verified live; abandoned slots passed */
	uint64_t stuck_writer, stuck_slot; /* gave up waiting for this writer's slot (RBS_NONE) */
	uint64_t spot_checked, probes; /* probes: newest-first looks (reader.c) */
	/* growth detection */
	uint64_t remaps, by[RBS_BY__N], safety_checks, early_detections, remap_failures;
	uint64_t attach_len, final_len;
	/* final sweep */
	struct rbs_sweep sweep;
	/* findings this process made, per kind (observations, not distinct records) */
	uint64_t nkind[RB_V__N];
	struct rbs_finding first[RB_V__N];
	char error[160]; /* the first failure that is not a finding (attach, remap, gave up) */
	int sigbus;
	uint64_t bus_addr, bus_off, bus_map_len, bus_file_size;
	uint64_t minflt, majflt;
	double utime_s, stime_s, live_cpu_s, live_wait_s; /* by t_live: CPU time used, time waited for a CPU */
	uint64_t t_start, t_live, t_end; /* t_live: the live pass (reader) or the writing (writer) ended */
	uint32_t n_remap, n_g2r;
	uint64_t remap_ns[RBS_GROWTHS];
	uint64_t g2r_ns[RBS_GROWTHS];
	uint64_t vis_seen[RBS_VIS__N];
	uint32_t vis_n[RBS_VIS__N];
};

struct rbs_arena {
	_Atomic uint32_t go;	       /* start gate (futex word) */
	_Atomic uint32_t stop;	       /* the host says: stop writing */
	_Atomic uint32_t writers_final; /* every writer ended or died; frontier, final_size and written are final */
	_Atomic uint32_t sweep_go;     /* the final sweeps may start (futex word) */
	_Atomic uint64_t hint;	       /* where writers start looking for a free slot */
	uint64_t frontier;	       /* slots claimed (final once writers_final) */
	uint64_t final_size;	       /* the region's size at the end (final once writers_final) */
	uint64_t nslots;	       /* entries of owner[] and found[] */
	_Atomic uint32_t dead[RBS_MAX_GUESTS]; /* set by the host when a guest died */
	_Atomic uint64_t t_store[RBS_GROWTHS]; /* host: time of the release store of growth g */
	_Atomic uint64_t t_gen[RBS_GROWTHS];   /* the g that t_store[g % RBS_GROWTHS] belongs to */
	_Atomic uint32_t header_bad;	       /* someone found the header damaged */
	struct rbs_finding header_first;       /* ... and what (filled by the first) */
	_Atomic uint32_t header_lock;
	_Atomic uint64_t found_end;	       /* 1 + the highest slot marked in found[] (the verdict reads no further) */
	uint64_t strays[RB_V__N];	       /* host: records past the frontier, per kind (not marked in found[]) */
	int nguests, nwriters, nreaders;
	/* pointers into the same mapping (valid in every forked guest) */
	struct rbs_guest *g;	/* nguests guests, then the host */
	_Atomic uint8_t *owner; /* nslots: 1 + the writer that claimed the slot; 0 = free */
	_Atomic uint8_t *found; /* nslots: bit 1<<kind for each rb_violation found at the slot */
	uint64_t *seen;		/* nreaders x nwriters: records of that writer the reader verified live */
	uint64_t *vis;		/* nreaders x RBS_VIS__N x RBS_VIS_CAP */
	size_t bytes;
};

/* nslots: an upper bound of the slots writers can claim in this run. */
struct rbs_arena *rbs_arena_create(int nwriters, int nreaders, uint64_t nslots);
void rbs_arena_destroy(struct rbs_arena *a);

static inline struct rbs_guest *rbs_host_rec(struct rbs_arena *a)
{
	return &a->g[a->nguests];
}
static inline uint64_t *rbs_seen(struct rbs_arena *a, int reader)
{
	return a->seen + (size_t)reader * (size_t)a->nwriters;
}
static inline uint64_t *rbs_vis_buf(struct rbs_arena *a, int reader, enum rbs_vis v)
{
	return a->vis + ((size_t)reader * RBS_VIS__N + (size_t)v) * RBS_VIS_CAP;
}

/* Record a finding of process g: counted for g, marked at its slot (or, for
 * the header, kept once for the run). Async-signal-safe. */
void rbs_note(struct rbs_arena *a, struct rbs_guest *g, const struct rbs_finding *f);
/* Mark kind at a slot without an observation of its own (e.g. lost). */
static inline void rbs_mark(struct rbs_arena *a, uint64_t slot, enum rb_violation k)
{
	if (slot >= a->nslots)
		return;
	atomic_fetch_or_explicit(&a->found[slot], (uint8_t)(1u << k), memory_order_relaxed);
	uint64_t end = atomic_load_explicit(&a->found_end, memory_order_relaxed);
	while (end <= slot && !atomic_compare_exchange_weak_explicit(&a->found_end, &end, slot + 1, memory_order_relaxed,
								       memory_order_relaxed))
		;
}
/* The host's finding of a record past the frontier: counted for it and in
 * strays[], never marked in found[] (the region past the frontier can be far
 * larger than what was written; each slot there is looked at once). */
void rbs_note_stray(struct rbs_arena *a, struct rbs_guest *g, const struct rbs_finding *f);

#endif
