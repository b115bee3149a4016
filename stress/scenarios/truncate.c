/* truncate: halfway through, a stranger truncates the region file back to its
 * initial size while the guests use it. Guests that touch the vanished pages get
 * SIGBUS: it is caught and reported with the address and the sizes; no process
 * hangs; the run fails (exit 1). The host grows no further (it does not know). */
#include <fcntl.h>
#include <unistd.h>

#include "../stress.h"

static int tick(const struct rbs_config *cfg, struct rbs_arena *a, struct mmap_region *r, double frac)
{
	(void)a;
	static int done;
	if (done || frac < 0.5)
		return done ? RBS_TICK_STOP_GROWTH : 0;
	done = 1;
	/* the stranger: another open file description, as another process would have */
	int fd = cfg->backend.is_memfd ? dup(mmap_region_fd(r)) : open(mmap_region_path(r), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0) {
		if (ftruncate(fd, (off_t)cfg->initial_size)) {
			/* nothing to do: the run then shows no SIGBUS and the test notices */
		}
		close(fd);
	}
	return RBS_TICK_STOP_GROWTH;
}

static const char *supported(const struct rbs_config *cfg)
{
	return cfg->auto_cleanup ? "needs a path to truncate (use --cleanup manual)" : NULL;
}

const struct rbs_scenario rbs_truncate = {
	.name = "truncate",
	.desc = "a stranger truncates the file halfway; guests touching vanished pages get SIGBUS, caught and reported",
	.supported = supported,
	.tick = tick,
};
