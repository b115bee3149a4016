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

/* Time a helper-process operation: the reply's rep[0] is the measured ns
 * (or a negative errno). Returns 0 or -errno and reports errors to the shim. */
static inline int rbb_helper_time(rbb_state *st, struct rb_helper *h, int64_t op, int64_t rep[4])
{
	int64_t req[4] = { op, 0, 0, 0 };
	int ret = rb_helper_call(h, req, rep, 30000);
	if (!ret && rep[0] < 0)
		ret = (int)rep[0];
	if (ret)
		rbb_skip_errno(st, ret, "helper process");
	return ret;
}

/* Scenarios whose timed event happens in a helper process: setup makes a
 * MANUAL region and a helper (pinned to the other CPU under --pin) that runs
 * `serve` for each iteration; serve puts the measured ns (or -errno) in rep[0]. */
struct rbb_hstate {
	struct mmap_region r;
	struct rb_helper h;
};
int rbb_hsetup(struct rbb_ctx *ctx, rb_helper_fn serve);
void rbb_hrun(struct rbb_ctx *ctx, rbb_state *st);
void rbb_hteardown(struct rbb_ctx *ctx);

#endif
