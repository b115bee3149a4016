/* resize: S -> 2S ("double") and S -> S + one page ("step"), with the seed's
 * strategy (map new, unmap old) and mremap, the old mapping untouched or fully
 * touched. For the touched variants a second metric, retouch_ns, is the cost of
 * touching the old S bytes again after the resize: a fresh mapping faults every
 * page again, mremap moved the page tables. Creation and the first touch are not
 * timed; an untouched iteration is exactly raw_resize's (create, resize, close). */
#include "../scenario.h"

static const struct rb_metric m_resize = { "resize_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_SIZE, 0,
					"grow the region (remap or mremap)" };
static const struct rb_metric m_retouch = { "retouch_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_SIZE, 0,
					"write the old bytes again right after the resize" };
static const struct rb_metric *const metrics[] = { &m_resize, &m_retouch, NULL };
/* bit 0: touched, bit 1: mremap, bit 2: step */
static const char *const variants[] = {
	"double/remap/untouched", "double/remap/touched", "double/mremap/untouched", "double/mremap/touched",
	"step/remap/untouched",	  "step/remap/touched",	  "step/mremap/untouched",   "step/mremap/touched",
	NULL,
};

static void run(struct rbb_ctx *ctx, rbb_state *st)
{
	size_t page = RBB_PAGE, size = (size_t)ctx->size;
	struct mmap_region_opts o = { .strategy = (ctx->variant & 2) ? MMAP_REGION_MREMAP : MMAP_REGION_REMAP };
	size_t new_size = (ctx->variant & 4) ? size + page : 2 * size;
	rbb_label(st, ctx->variant_name);
	rbb_counter(st, "new_size_bytes", (double)new_size);
	while (rbb_keep_running(st)) {
		struct mmap_region r;
		int ret = rbb_make_region(ctx, &r, "resize", MMAP_REGION_AUTO, &o);
		if (ret) {
			rbb_skip_errno(st, ret, "mmap_region_create");
			break;
		}
		if (ctx->variant & 1)
			rb_touch(mmap_region_ptr(&r), size, page);
		uint64_t t0 = rb_now_ns();
		ret = mmap_region_resize(&r, new_size);
		uint64_t t1 = rb_now_ns();
		if (ret) {
			mmap_region_close(&r);
			rbb_skip_errno(st, ret, "mmap_region_resize");
			break;
		}
		uint64_t t2 = t1;
		if (ctx->variant & 1) {
			rb_touch(mmap_region_ptr(&r), size, page);
			t2 = rb_now_ns();
		}
		mmap_region_close(&r);
		rbb_iteration_ns(st, (double)(t1 - t0));
		if (ctx->variant & 1)
			rbb_sample(st, 1, (double)(t2 - t1));
	}
}

static const char *supported(const struct rbb_ctx *ctx)
{
	if (!rb_backend_is_huge(ctx->backend))
		return NULL;
	if (ctx->variant & 2)
		return "mremap cannot grow a hugetlb mapping (EINVAL)";
	if (ctx->variant & 4)
		return "hugetlbfs cannot grow by one 4K page";
	return NULL;
}

const struct rbb_scenario rbb_resize = {
	.name = "resize",
	.desc = "grow a region (2x or one page; remap or mremap; old mapping untouched or touched)",
	.metrics = metrics,
	.variants = variants,
	.sized = 1,
	.supported = supported,
	.run = run,
};
