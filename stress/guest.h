/* guest.h - inside the stress harness: what writers, readers, the host and the
 * final sweep share (not for callers of stress.h). */
#ifndef REGIONBENCH_STRESS_GUEST_H
#define REGIONBENCH_STRESS_GUEST_H

#include <sys/types.h>

#include "stress.h"

/* A process's view of the region: writers and readers (guests), or the host. */
struct rbs_guest_ctx {
	const struct rbs_config *cfg;
	struct rbs_arena *a;
	int gi; /* index into a->g (nguests: the host) */
	struct rbs_guest *me;
	struct mmap_region r;
	struct region_doorbell bell;
	int fdsock;	  /* memfd: the fd arrives here */
	const char *path; /* dir backends */
	uint64_t capacity; /* record slots that fit in max_size (and in the arena) */
	uint64_t wait_since; /* when this guest started waiting for growth (0: not waiting) */
};

/* ---- checks (check.c) ---- */
enum { RBS_OK = 0, RBS_EMPTY = 1, RBS_BAD = -1 };
/* Check the record at `slot` against the one expected there: writer w's
 * record number k. RBS_OK: it is there, intact (*t_write set); RBS_EMPTY: the
 * commit word is 0; RBS_BAD: *f says what was wrong (kind torn, misplaced or
 * duplicate). `when` goes into the finding's detail. */
int rbs_check_slot(const struct rbs_guest_ctx *c, uint64_t slot, uint32_t w, uint64_t k, struct rbs_finding *f,
		   uint64_t *t_write, const char *when);
/* The same for a record read before (r: a copy, commit: its commit word). */
int rbs_check_record(const struct rbs_guest_ctx *c, const struct rbs_record *r, uint64_t commit, uint64_t slot,
		     uint32_t w, uint64_t k, struct rbs_finding *f, uint64_t *t_write, const char *when);
/* Check the header page (h: all RBS_DATA_OFF bytes of it) against the
 * configuration; expect_size 0: current_size must be a size the growth
 * schedule produces and generation at most one growth ahead of it (the host
 * may be between its two stores), else exactly that size and its growth
 * count. The rest of the page must be 0. Records a `header` finding and
 * returns -1 when it is damaged. */
int rbs_check_header(struct rbs_guest_ctx *c, const struct rbs_header *h, uint64_t expect_size, const char *when);
/* The region file against the size the header records (size): a file grown
 * past it (someone else's ftruncate, fallocate or write) is a `header`
 * finding, like a damaged current_size (the header no longer describes the
 * file). A file shorter than size shows as erased records instead. Returns -1
 * when it is grown. */
int rbs_check_file_size(struct rbs_guest_ctx *c, uint64_t size, const char *when);
/* Read [off, off + len) of the region file (bytes past its end read as 0).
 * Returns the bytes the file had, or -1. */
ssize_t rbs_pread_all(int fd, void *buf, size_t len, uint64_t off);
/* A finding at `slot`, which must hold writer w's record k (its commit word
 * is what was expected; found 0). The detail is formatted. */
void rbs_finding_at(struct rbs_finding *f, const struct rbs_config *cfg, enum rb_violation kind, uint64_t slot,
		    uint32_t w, uint64_t k, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Growth g's size (g = 0: the initial size) and the growth a size belongs to. */
uint64_t rbs_growth_size(const struct rbs_config *cfg, uint64_t g);
uint64_t rbs_growth_of(const struct rbs_config *cfg, uint64_t size);

/* ---- guests (guest.c) ---- */
int rbs_guest_attach(struct rbs_guest_ctx *c);
/* Make the mapping cover `end` bytes, learning of growth as the detection
 * mode says: doorbell reads the header, then blocks on the doorbell (with a
 * safety timeout, counted apart); poll reads the header; fstat asks the file.
 * block: wait a while for growth. Returns 1 when the mapping now covers end,
 * 0 when not (yet), -errno when detection or remapping failed. */
int rbs_guest_cover(struct rbs_guest_ctx *c, uint64_t end, int block);
/* Remap to `size` (the final size, from the arena) for the final sweep. */
int rbs_guest_remap_final(struct rbs_guest_ctx *c, uint64_t size);
/* Record the first failure that is not a finding (printed by the verdict). */
void rbs_guest_error(struct rbs_guest_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Wait for the host's go for the final sweep, remap, check the header, sweep. */
void rbs_guest_final(struct rbs_guest_ctx *c);
void rbs_guest_finish(struct rbs_guest_ctx *c);
/* The live part (writing, or the live pass) is over: note when, and the CPU time used. */
void rbs_guest_live_over(struct rbs_guest_ctx *c);
/* 1 when writer w ended (its report is final) or died. */
int rbs_writer_over(const struct rbs_arena *a, int w);
/* The host rings every doorbell (growth, stop, deaths, the sweep). */
#define RBS_SAFETY_MS 1000 /* doorbell mode: a wait for a ring gives up after this, counted */

int rbs_writer_main(struct rbs_guest_ctx *c);
int rbs_reader_main(struct rbs_guest_ctx *c);

/* ---- the final sweep (sweep.c) ---- */
/* Classify every slot below the frontier as verified, abandoned, erased,
 * damaged or unreached (past what this process could map) into me->sweep;
 * findings are noted. `lost_from` (host only, else NULL): the first slot
 * some reader never resolved live; written records from there on are marked
 * lost; the host also never touches a slot past the end of the file. */
void rbs_sweep(struct rbs_guest_ctx *c, const uint64_t *lost_from);

/* ---- the host (host.c) ---- */
int rbs_host_main(void *cfg);

/* ---- test-only hooks (built into regionbench-testhooks only, never the product) ----
 * RB_TEST_FAULT selects one: drop (writer 0 reports its record 100 written
 * but never writes it), noremap (guests never notice growth), early_commit
 * (every 64th record's commit word goes out before its payload, then the
 * writer waits RB_TEST_EARLY_COMMIT_NS ns, default 0), stall (writer 0 claims
 * the slot of its record RB_TEST_STALL_SEQ (default 1000), writes
 * "PID SLOT" to $RB_TEST_DIR/stalled, and waits RB_TEST_STALL_MS ms, default
 * 60000, before writing it), nobell (the host never rings a doorbell), skip
 * (a reader bug: reader 0 passes slot 1000 without verifying or reporting it;
 * only the live arithmetic can notice).
 * RB_TEST_PAUSE=1 with RB_TEST_DIR: once every writer ended and every reader
 * finished its live pass, the host writes the region's path to
 * $RB_TEST_DIR/paused and waits (up to 60 s) for $RB_TEST_DIR/go before the
 * final sweeps. */
enum rbs_hook {
	RBS_HOOK_NONE,
	RBS_HOOK_DROP,
	RBS_HOOK_NOREMAP,
	RBS_HOOK_EARLY_COMMIT,
	RBS_HOOK_STALL,
	RBS_HOOK_NOBELL,
	RBS_HOOK_SKIP
};
#ifdef RB_STRESS_TEST_HOOKS
enum rbs_hook rbs_test_hook(void);
uint64_t rbs_test_u64(const char *env, uint64_t def);
void rbs_test_stall(uint64_t slot);
void rbs_test_pause(const char *region_path);
#else
static inline enum rbs_hook rbs_test_hook(void)
{
	return RBS_HOOK_NONE;
}
static inline uint64_t rbs_test_u64(const char *env, uint64_t def)
{
	(void)env;
	return def;
}
static inline void rbs_test_stall(uint64_t slot)
{
	(void)slot;
}
static inline void rbs_test_pause(const char *region_path)
{
	(void)region_path;
}
#endif

#endif
