/* raw_attach: attach's syscalls inline in the helper (open, fstat, mmap),
 * without the core; measured in batches exactly like attach. */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "../scenario.h"

static const struct rb_metric m_attach = { "attach_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_SIZE, 0,
					"attach's syscalls inline, without the core" };
static const struct rb_metric *const metrics[] = { &m_attach, &rbb_m_after_wake, NULL };

static int op(struct rbb_hstate *s, int64_t *ns)
{
	struct stat st;
	void *p = MAP_FAILED;
	uint64_t t0 = rb_now_ns();
	int fd = open(mmap_region_path(&s->r), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0 && fstat(fd, &st) == 0)
		p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	uint64_t t1 = rb_now_ns();
	int ret = p == MAP_FAILED ? -errno : 0;
	*ns = (int64_t)(t1 - t0);
	if (p != MAP_FAILED)
		munmap(p, (size_t)st.st_size);
	if (fd >= 0)
		close(fd);
	return ret;
}

static int setup(struct rbb_ctx *ctx)
{
	return rbb_hsetup(ctx, op, NULL);
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
