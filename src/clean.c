/* clean.c - `regionbench clean`: remove region files whose creator is dead. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "commands.h"
#include "leftover.h"
#include "mounts.h"
#include "opts.h"

enum { O_DRY, O_DIR, O_NOPT };
static const struct rb_opt opts[] = {
	[O_DRY] = { .name = "dry-run", .arg = NULL, .help = "only list what would be removed", .type = RB_OPT_FLAG },
	[O_DIR] = { .name = "dir", .arg = "DIR", .help = "a backend directory to scan for region files [default: /dev/shm]; mounts the tool made (/tmp/regionbench.<pid>.*) are always checked", .type = RB_OPT_STR, .repeat = 1 },
};

static void list_one(const char *path, void *arg)
{
	(void)arg;
	printf("%s\n", path);
}

static void mount_one(const char *mnt, const char *src, void *arg)
{
	int *dry = arg;
	if (*dry) {
		printf("%s (mount of %s)\n", mnt, src);
		return;
	}
	int ret = rb_umount(mnt);
	printf("%s %s (mount of %s)%s%s\n", ret ? "could not remove" : "removed", mnt, src, ret ? ": " : "",
	       ret ? strerror(-ret) : "");
}

static void report_leftover(const char *what, const char *path, int ok)
{
	printf("%s%s %s\n", ok ? "" : "could not remove ", what, path);
}

int cmd_clean(int argc, char **argv)
{
	struct rb_optval v[O_NOPT];
	const char *pos[1];
	int npos;
	int r = rb_opts_parse("clean", "clean [--dry-run] [--dir DIR]...", opts, O_NOPT, v, argc, argv, pos, 0, &npos);
	if (r)
		return r == 1 ? 0 : r;
	int nd = v[O_DIR].n ? v[O_DIR].n : 1;
	struct rb_backend b[RB_OPT_MAXREP];
	char err[512], spec[PATH_MAX + 8];
	for (int i = 0; i < nd; i++) {
		snprintf(spec, sizeof(spec), "dir:%s", v[O_DIR].n ? v[O_DIR].list[i] : "/dev/shm");
		if (rb_backend_parse(spec, &b[i], err, sizeof(err)))
			return rb_usage_error("clean", "--dir: %s", err);
	}
	int total = 0;
	for (int i = 0; i < nd; i++) {
		int n = v[O_DRY].u ? rb_leftover_scan(b[i].dir, 0, list_one, NULL) : rb_leftover_remove(b[i].dir, 0);
		if (n < 0) {
			fprintf(stderr, "regionbench clean: %s: %s\n", b[i].dir, strerror(-n));
			return 1;
		}
		total += n;
	}
	printf("%s %d region file(s) of dead creators\n", v[O_DRY].u ? "found" : "removed", total);
	int dry = (int)v[O_DRY].u;
	int nm = rb_mount_scan(0, mount_one, &dry);
	if (nm > 0)
		printf("%s %d mount(s) of dead creators\n", dry ? "found" : "handled", nm);
	int nl = rb_clean_loops_and_folders(dry, report_leftover);
	if (nl > 0)
		printf("%s %d loop device(s) and folder(s) of dead creators\n", dry ? "found" : "handled", nl);
	return 0;
}
