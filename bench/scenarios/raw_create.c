/* raw_create: the syscalls of create written inline, without the core
 * (open O_CREAT|O_EXCL, fchmod, ftruncate, mmap; memfd_create, ftruncate, mmap). */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "../scenario.h"

static const struct rb_metric m_create = { "create_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_SIZE, 0,
					"create's syscalls inline, without the core" };
static const struct rb_metric *const metrics[] = { &m_create, NULL };
static const char *const variants[] = { "manual", NULL };

static void run(struct rbb_ctx *ctx, rbb_state *st)
{
	char path[PATH_MAX];
	size_t size = (size_t)ctx->size;
	while (rbb_keep_running(st)) {
		int fd;
		void *p = MAP_FAILED;
		rb_backend_path(ctx->backend, "raw_create", path, sizeof(path));
		uint64_t t0 = rb_now_ns();
		if (ctx->backend->is_memfd) {
			fd = memfd_create("raw_create", MFD_CLOEXEC);
			if (fd >= 0 && ftruncate(fd, (off_t)size) == 0)
				p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		} else {
			fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
			if (fd >= 0 && fchmod(fd, 0666) == 0 && ftruncate(fd, (off_t)size) == 0)
				p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		}
		uint64_t t1 = rb_now_ns();
		int err = p == MAP_FAILED ? -errno : 0;
		if (p != MAP_FAILED)
			munmap(p, size);
		if (fd >= 0)
			close(fd);
		if (!ctx->backend->is_memfd)
			unlink(path);
		if (err) {
			rbb_skip_errno(st, err, "raw create");
			break;
		}
		rbb_iteration_ns(st, (double)(t1 - t0));
	}
}

const struct rbb_scenario rbb_raw_create = {
	.name = "raw_create",
	.desc = "create's syscalls inline, without the core (overhead baseline)",
	.metrics = metrics,
	.variants = variants,
	.sized = 1,
	.run = run,
};
