/* attach: a helper process (not the creator) attaches by path; it times
 * mmap_region_attach and closes untimed. */
#include "../scenario.h"

static const struct rb_metric m_attach = { "attach_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_SIZE, 0,
					"attach by path (open, fstat, mmap) in a process other than the creator" };
static const struct rb_metric *const metrics[] = { &m_attach, NULL };

static int serve(void *arg, int sock, const int64_t req[4], int64_t rep[4])
{
	(void)sock, (void)req;
	struct rbb_hstate *s = arg;
	struct mmap_region a;
	uint64_t t0 = rb_now_ns();
	int ret = mmap_region_attach(&a, mmap_region_path(&s->r));
	uint64_t t1 = rb_now_ns();
	rep[0] = ret ? ret : (int64_t)(t1 - t0);
	mmap_region_close(&a);
	return 0;
}

static int setup(struct rbb_ctx *ctx)
{
	return rbb_hsetup(ctx, serve);
}

const struct rbb_scenario rbb_attach = {
	.name = "attach",
	.desc = "attach by path in a different process than the creator",
	.metrics = metrics,
	.sized = 1,
	.supported = rbb_needs_path,
	.setup = setup,
	.run = rbb_hrun,
	.teardown = rbb_hteardown,
};
