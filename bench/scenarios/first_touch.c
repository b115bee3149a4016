/* first_touch: page-fault cost per page on a fresh mapping of a fresh region:
 * plain, with MAP_POPULATE, and after reserving the backing store
 * (posix_fallocate). Two timers: mapping the region's fd (map_ns, a fixed cost
 * except with MAP_POPULATE, which faults every page in there) and writing every
 * page of the new mapping (per_page_ns = that time / pages). Creating and
 * closing the region are not timed. */
#include "../scenario.h"

static const struct rb_metric m_per_page = { "per_page_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_SIZE, 0,
					"write every page of a fresh mapping, divided by pages (mapping not timed)" };
static const struct rb_metric m_map = { "map_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_SIZE, 0,
					"map the fresh region's fd (with MAP_POPULATE: every page faulted in)" };
static const struct rb_metric *const metrics[] = { &m_per_page, &m_map, NULL };
static const char *const variants[] = { "plain", "populate", "reserve", NULL };

static void run(struct rbb_ctx *ctx, rbb_state *st)
{
	size_t page = RBB_PAGE, size = (size_t)ctx->size;
	struct mmap_region_opts create = { .reserve = ctx->variant == 2 };
	struct mmap_region_opts map = { .populate = ctx->variant == 1 };
	rbb_counter(st, "pages", (double)(size / page));
	rbb_label(st, ctx->variant_name);
	while (rbb_keep_running(st)) {
		struct mmap_region r, m;
		int ret = rbb_make_region(ctx, &r, "touch", MMAP_REGION_AUTO, &create);
		if (ret) {
			rbb_skip_errno(st, ret, "mmap_region_create");
			break;
		}
		int fd = dup(mmap_region_fd(&r));
		uint64_t t0 = rb_now_ns();
		ret = fd < 0 ? -errno : mmap_region_attach_fd_opts(&m, fd, size, &map);
		uint64_t t1 = rb_now_ns(), t2 = t1;
		if (!ret) {
			rb_touch(mmap_region_ptr(&m), size, page);
			t2 = rb_now_ns();
			mmap_region_close(&m);
		}
		mmap_region_close(&r);
		if (ret) {
			rbb_skip_errno(st, ret, "mmap_region_attach_fd");
			break;
		}
		rbb_set_iteration_time(st, (double)(t2 - t1) * 1e-9);
		rbb_sample(st, 0, (double)(t2 - t1) / (double)(size / page));
		rbb_sample(st, 1, (double)(t1 - t0));
	}
}

const struct rbb_scenario rbb_first_touch = {
	.name = "first_touch",
	.desc = "first-write cost per page of a fresh mapping (plain, MAP_POPULATE, reserved)",
	.metrics = metrics,
	.variants = variants,
	.sized = 1,
	.run = run,
};
