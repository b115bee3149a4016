/* close: mmap_region_close (munmap, close, and unlink for MANUAL) of an untouched region. */
#include "../scenario.h"

static const struct rb_metric m_close = { "close_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_SIZE, 0,
					"mmap_region_close (munmap, close; MANUAL also unlinks)" };
static const struct rb_metric *const metrics[] = { &m_close, NULL };

static void run(struct rbb_ctx *ctx, rbb_state *st)
{
	enum mmap_region_cleanup c = ctx->variant ? MMAP_REGION_AUTO : MMAP_REGION_MANUAL;
	while (rbb_keep_running(st)) {
		struct mmap_region r;
		int ret = rbb_make_region(ctx, &r, "close", c, NULL);
		if (ret) {
			rbb_skip_errno(st, ret, "mmap_region_create");
			break;
		}
		uint64_t t0 = rb_now_ns();
		mmap_region_close(&r);
		rbb_iteration_ns(st, (double)(rb_now_ns() - t0));
	}
}

const struct rbb_scenario rbb_close = {
	.name = "close",
	.desc = "close a region (munmap, close; MANUAL also unlinks)",
	.metrics = metrics,
	.variants = rbb_cleanup_variants,
	.sized = 1,
	.supported = rbb_cleanup_supported,
	.run = run,
};
