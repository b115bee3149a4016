/* raw_resize: resize's syscalls inline (ftruncate, mmap new, munmap old), S -> 2S, untouched. */
#include <sys/mman.h>

#include "../scenario.h"

static const struct rb_metric m_resize = { "resize_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_SIZE, 0,
					"resize's syscalls inline, without the core" };
static const struct rb_metric *const metrics[] = { &m_resize, NULL };
static const char *const variants[] = { "double/remap/untouched", NULL };

static void run(struct rbb_ctx *ctx, rbb_state *st)
{
	size_t size = (size_t)ctx->size;
	while (rbb_keep_running(st)) {
		struct mmap_region r;
		int ret = rbb_make_region(ctx, &r, "raw_resize", MMAP_REGION_AUTO, NULL);
		if (ret) {
			rbb_skip_errno(st, ret, "mmap_region_create");
			break;
		}
		int fd = mmap_region_fd(&r);
		void *old = mmap_region_ptr(&r), *p = MAP_FAILED;
		uint64_t t0 = rb_now_ns();
		if (ftruncate(fd, (off_t)(2 * size)) == 0) {
			p = mmap(NULL, 2 * size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
			if (p != MAP_FAILED)
				munmap(old, size);
		}
		uint64_t t1 = rb_now_ns();
		int err = p == MAP_FAILED ? -errno : 0;
		if (p != MAP_FAILED) {
			/* the region's old mapping is gone: release by hand (AUTO: no file to unlink) */
			munmap(p, 2 * size);
			close(fd);
		} else {
			mmap_region_close(&r);
		}
		if (err) {
			rbb_skip_errno(st, err, "raw resize");
			break;
		}
		rbb_iteration_ns(st, (double)(t1 - t0));
	}
}

const struct rbb_scenario rbb_raw_resize = {
	.name = "raw_resize",
	.desc = "resize's syscalls inline, without the core (overhead baseline)",
	.metrics = metrics,
	.variants = variants,
	.sized = 1,
	.run = run,
};
