/* raw_attach: attach's syscalls inline in the helper (open, fstat, mmap), without the core. */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "../scenario.h"

static const struct rb_metric m_attach = { "attach_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_SIZE, 0,
					"attach's syscalls inline, without the core" };
static const struct rb_metric *const metrics[] = { &m_attach, NULL };

static int serve(void *arg, int sock, const int64_t req[4], int64_t rep[4])
{
	(void)sock, (void)req;
	struct rbb_hstate *s = arg;
	struct stat st;
	void *p = MAP_FAILED;
	uint64_t t0 = rb_now_ns();
	int fd = open(mmap_region_path(&s->r), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0 && fstat(fd, &st) == 0)
		p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	uint64_t t1 = rb_now_ns();
	rep[0] = p == MAP_FAILED ? -errno : (int64_t)(t1 - t0);
	if (p != MAP_FAILED)
		munmap(p, (size_t)st.st_size);
	if (fd >= 0)
		close(fd);
	return 0;
}

static int setup(struct rbb_ctx *ctx)
{
	return rbb_hsetup(ctx, serve);
}

const struct rbb_scenario rbb_raw_attach = {
	.name = "raw_attach",
	.desc = "attach's syscalls inline, without the core (overhead baseline)",
	.metrics = metrics,
	.sized = 1,
	.supported = rbb_needs_path,
	.setup = setup,
	.run = rbb_hrun,
	.teardown = rbb_hteardown,
};
