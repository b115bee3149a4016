/* fs_full: the region lives on a small tmpfs (size=8m) mounted for the run.
 * Growth by ftruncate succeeds past 8 MiB, but the first write to a page that
 * cannot be backed raises SIGBUS: it is caught and reported as "backing store
 * full at offset X". With --reserve the resize itself fails with ENOSPC, the old
 * mapping stays usable, and the run reports that. Either way the run fails (1).
 * Needs root (for the mount); the mount is removed afterwards, and
 * `regionbench clean` removes it if the run was killed. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../stress.h"
#include "mounts.h"

static const char *supported(const struct rbs_config *cfg)
{
	(void)cfg;
	return geteuid() ? "needs root to mount a small tmpfs" : NULL;
}

static int prepare(struct rbs_config *cfg, char *err, size_t errlen)
{
	int ret = rb_mount("tmpfs", NULL, "size=8m,mode=1777", "fsfull", cfg->mnt, sizeof(cfg->mnt));
	if (ret) {
		snprintf(err, errlen, "cannot mount a tmpfs of 8 MiB: %s", strerror(-ret));
		cfg->mnt[0] = '\0';
		return ret;
	}
	char spec[PATH_MAX + 8], e[512];
	snprintf(spec, sizeof(spec), "dir:%s", cfg->mnt);
	ret = rb_backend_parse(spec, &cfg->backend, e, sizeof(e));
	if (ret) {
		snprintf(err, errlen, "%s", e);
		rb_umount(cfg->mnt);
		cfg->mnt[0] = '\0';
	}
	return ret;
}

static void finish(struct rbs_config *cfg)
{
	if (cfg->mnt[0])
		rb_umount(cfg->mnt);
	cfg->mnt[0] = '\0';
}

const struct rbs_scenario rbs_fs_full = {
	.name = "fs_full",
	.desc = "the region lives on an 8 MiB tmpfs: writes past it SIGBUS (or, with --reserve, resizes fail with ENOSPC)",
	.supported = supported,
	.prepare = prepare,
	.finish = finish,
};
