/* scenario.h - what a benchmark scenario file includes: the shim, the core,
 * the backend and process helpers, and a few small conveniences. */
#ifndef REGIONBENCH_BENCH_SCENARIO_H
#define REGIONBENCH_BENCH_SCENARIO_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "helper.h"
#include "mmap_region.h"
#include "proc.h"
#include "shim.h"

#define RBB_PAGE ((size_t)sysconf(_SC_PAGESIZE))

/* A scenario that needs a path-backed region. */
static inline const char *rbb_needs_path(const struct rbb_ctx *ctx)
{
	return ctx->backend->is_memfd ? "memfd regions have no path (see attach_fd)" : NULL;
}

/* The cleanup variants (create, close): "manual", "auto"; memfd has no file to
 * unlink, so its AUTO variant is skipped. */
extern const char *const rbb_cleanup_variants[];
const char *rbb_cleanup_supported(const struct rbb_ctx *ctx);

/* Create a region of ctx->size on the backend. */
static inline int rbb_make_region(const struct rbb_ctx *ctx, struct mmap_region *r, const char *tag,
			     enum mmap_region_cleanup c, const struct mmap_region_opts *o)
{
	return rb_backend_create(ctx->backend, r, tag, (size_t)ctx->size, c, o);
}

/* Scenarios whose timed event happens in a helper process (not the creator):
 * setup makes a MANUAL region and a helper (pinned to the other CPU under
 * --pin). Each request asks the helper for a batch: it does the operation
 * once right after waking up (the after_wake_ns sample, when the scenario
 * declares that metric as its second), then RBB_BATCH more times back to back,
 * each timed on its own, so no wake-up lands inside an attach_ns sample. `op`
 * does one timed operation in the helper: the measured ns in *ns, untimed
 * clean-up after; 0 or -errno. */
#define RBB_BATCH 16
struct rbb_hstate;
typedef int (*rbb_helper_op)(struct rbb_hstate *s, int64_t *ns);
struct rbb_hstate {
	struct mmap_region r;
	struct rb_helper h;
	rbb_helper_op op;
	int64_t *buf; /* shared with the helper: the batch's samples */
};
/* serve NULL: the batches above; else the scenario's own request handler
 * (its arg is the struct rbb_hstate). */
int rbb_hsetup(struct rbb_ctx *ctx, rbb_helper_op op, rb_helper_fn serve);
void rbb_hrun(struct rbb_ctx *ctx, rbb_state *st);
void rbb_hteardown(struct rbb_ctx *ctx);
/* The helper scenarios' second metric. */
extern const struct rb_metric rbb_m_after_wake;

#endif
