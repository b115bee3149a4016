/* stress.h - `regionbench stress`: cross-process write visibility while the
 * region keeps growing. The host (the supervised worker) creates and grows
 * the region; writer and reader guests (forked) attach by path or, for memfd,
 * by fd passing; every record is verified by every reader. */
#ifndef REGIONBENCH_STRESS_STRESS_H
#define REGIONBENCH_STRESS_STRESS_H

#include <limits.h>
#include <stdint.h>

#include "arena.h"
#include "layout.h"
#include "backend.h"
#include "mmap_region.h"

enum rbs_detect { RBS_DOORBELL, RBS_POLL, RBS_FSTAT };

struct rbs_config {
	struct rb_backend backend;
	int writers, readers;
	uint64_t duration_ns, initial_size, grow_step, grow_every_ns, max_size;
	enum rbs_detect detect;
	enum mmap_region_strategy strategy;
	uint32_t record_size;
	uint64_t seed;
	int pin;
	uint64_t rate; /* records per second per writer, 0 = as fast as possible */
	int reserve;
	int auto_cleanup;  /* MMAP_REGION_AUTO: the file is unlinked at once; guests get the fd */
	int stop_on_death; /* a guest died: stop the run at once (else the others go on) */
	const struct rbs_scenario *scn;
	char mnt[PATH_MAX]; /* a filesystem the scenario mounted for the run, or "" */
	char run_dir[PATH_MAX], run_id[128], root[PATH_MAX], cmdline[4096];
};

/* A stress scenario: the growth run plus what it does to it (faults). */
#define RBS_TICK_STOP_GROWTH 1
struct rbs_scenario {
	const char *name, *desc;
	const char *(*supported)(const struct rbs_config *cfg); /* NULL or a skip reason */
	/* Before the run (in the front door): e.g. mount a small filesystem and point
	 * the backend at it. Returns 0 or -errno with a one-line reason in err. */
	int (*prepare)(struct rbs_config *cfg, char *err, size_t errlen);
	void (*finish)(struct rbs_config *cfg); /* undo prepare, whatever happened */
	/* Called by the host once per growth tick with the elapsed fraction of the
	 * run; returns RBS_TICK_* flags. */
	int (*tick)(const struct rbs_config *cfg, struct rbs_arena *a, struct mmap_region *r, double frac);
};
extern const struct rbs_scenario *const rbs_scenarios[];

const char *rbs_detect_name(enum rbs_detect d);

/* Guest entry points (forked by the host). */
struct rbs_guest_ctx {
	const struct rbs_config *cfg;
	struct rbs_arena *a;
	int gi; /* index into a->g */
	struct rbs_guest *me;
	struct mmap_region r;
	struct region_doorbell bell;
	int fdsock;	  /* memfd: the fd arrives here */
	const char *path; /* dir backends */
	struct rbs_header *hdr;
	uint64_t capacity; /* record slots that fit in max_size */
	uint64_t last_check; /* when growth was last looked for */
};

int rbs_guest_refresh(struct rbs_guest_ctx *c, int block);
/* Look for growth (non-blocking) when more than RBS_CHECK_NS passed since the
 * last look; `now` is a clock reading the caller has anyway. */
#define RBS_CHECK_NS 20000u
#define RBS_VIS_EVERY 4u /* readers time one record in this many (visible_ns) */
static inline int rbs_guest_maybe_refresh(struct rbs_guest_ctx *c, uint64_t now)
{
	if (now - c->last_check < RBS_CHECK_NS)
		return 0;
	c->last_check = now;
	return rbs_guest_refresh(c, 0);
}
int rbs_writer_main(struct rbs_guest_ctx *c);
int rbs_reader_main(struct rbs_guest_ctx *c);
/* Shared guest pieces (guest.c). */
int rbs_guest_attach(struct rbs_guest_ctx *c);
/* Learn about growth per the detection mode and remap. block: wait (with a
 * short timeout) when nothing grew. Returns 1 remapped, 0 not, -errno. */
int rbs_guest_refresh(struct rbs_guest_ctx *c, int block);
void rbs_guest_violation(struct rbs_guest_ctx *c, const char *kind, uint32_t writer, uint64_t seq, uint64_t offset,
			 uint64_t expected, uint64_t found, const char *detail);
/* Check one committed record at `slot`; returns 0 or -1 (violation recorded). */
int rbs_check_record(struct rbs_guest_ctx *c, uint64_t slot, uint32_t *writer, uint64_t *seq, uint64_t *t_write,
		     const char *when);
void rbs_guest_finish(struct rbs_guest_ctx *c);

/* Test-only hooks (built into regionbench-testhooks only, never the product). */
enum rbs_hook { RBS_HOOK_NONE, RBS_HOOK_DROP, RBS_HOOK_NOREMAP, RBS_HOOK_EARLY_COMMIT };
#ifdef RB_STRESS_TEST_HOOKS
enum rbs_hook rbs_test_hook(void);
#else
static inline enum rbs_hook rbs_test_hook(void)
{
	return RBS_HOOK_NONE;
}
#endif

int rbs_host_main(void *cfg);

#endif
