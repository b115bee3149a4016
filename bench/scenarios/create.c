/* create: mmap_region_create (MANUAL and AUTO) vs size; close is not timed. */
#include "../scenario.h"

static const struct rb_metric m_create = { "create_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_SIZE, 0,
					"mmap_region_create (open, fchmod, ftruncate, mmap)" };
static const struct rb_metric *const metrics[] = { &m_create, NULL };

static void run(struct rbb_ctx *ctx, rbb_state *st)
{
	enum mmap_region_cleanup c = ctx->variant ? MMAP_REGION_AUTO : MMAP_REGION_MANUAL;
	char path[PATH_MAX];
	while (rbb_keep_running(st)) {
		struct mmap_region r;
		int ret;
		uint64_t t0, t1;
		if (ctx->backend->is_memfd) {
			t0 = rb_now_ns();
			ret = mmap_region_create_memfd(&r, "create", (size_t)ctx->size, NULL);
			t1 = rb_now_ns();
		} else {
			rb_backend_path(ctx->backend, "create", path, sizeof(path));
			t0 = rb_now_ns();
			ret = mmap_region_create(&r, path, (size_t)ctx->size, c);
			t1 = rb_now_ns();
		}
		if (ret) {
			rbb_skip_errno(st, ret, "mmap_region_create");
			break;
		}
		rbb_iteration_ns(st, (double)(t1 - t0));
		mmap_region_close(&r);
	}
}

const struct rbb_scenario rbb_create = {
	.name = "create",
	.desc = "create a region (open, fchmod, ftruncate, mmap; AUTO also unlinks)",
	.metrics = metrics,
	.variants = rbb_cleanup_variants,
	.sized = 1,
	.supported = rbb_cleanup_supported,
	.run = run,
};
