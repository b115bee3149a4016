/* attach: a helper process (not the creator) attaches by path; it times
 * mmap_region_attach and closes untimed. */
#include "../scenario.h"

static const char *const metrics[] = { "attach_ns", NULL };

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
	.complexity = 1,
	.supported = rbb_needs_path,
	.setup = setup,
	.run = rbb_hrun,
	.teardown = rbb_hteardown,
};
