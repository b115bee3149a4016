/* leftover.c - find and remove region files of dead creators. */
#include "leftover.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend.h"
#include "mounts.h"
#include "proc.h"

pid_t rb_leftover_pid(const char *name)
{
	size_t pl = strlen(RB_REGION_PREFIX);
	if (strncmp(name, RB_REGION_PREFIX, pl))
		return -1;
	const char *p = name + pl;
	char *end;
	long v = strtol(p, &end, 10);
	if (end == p || *end != '.' || v <= 0 || v > INT_MAX)
		return -1;
	return (pid_t)v;
}


int rb_leftover_scan(const char *dir, pid_t pid, void (*fn)(const char *path, void *arg), void *arg)
{
	DIR *d = opendir(dir);
	if (!d)
		return -errno;
	struct dirent *e;
	int n = 0;
	char path[PATH_MAX];
	while ((e = readdir(d))) {
		pid_t owner = rb_leftover_pid(e->d_name);
		if (owner < 0 || (pid > 0 ? owner != pid : rb_pid_alive(owner)))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path))
			continue;
		struct stat st;
		if (lstat(path, &st) || !S_ISREG(st.st_mode))
			continue; /* only our regular files, never a link or a directory */
		n++;
		if (fn)
			fn(path, arg);
	}
	closedir(d);
	return n;
}

static void remove_one(const char *path, void *arg)
{
	int *removed = arg;
	if (unlink(path) == 0)
		(*removed)++;
}

int rb_leftover_remove(const char *dir, pid_t pid)
{
	int removed = 0;
	int ret = rb_leftover_scan(dir, pid, remove_one, &removed);
	return ret < 0 ? ret : removed;
}

static void count_only(const char *what, const char *path, int ok)
{
	(void)what, (void)path, (void)ok;
}

void rb_leftover_warn(const char *dir)
{
	int n = rb_leftover_scan(dir, 0, NULL, NULL);
	if (n > 0)
		fprintf(stderr, "regionbench: warning: %d stale region file(s) of crashed runs in %s "
				"(remove them with: regionbench clean)\n", n, dir);
}

void rb_leftover_warn_system(void)
{
	int m = rb_mount_scan(0, NULL, NULL), l = rb_clean_loops_and_folders(1, count_only);
	if (m > 0 || l > 0)
		fprintf(stderr, "regionbench: warning: %d mount(s) and %d loop device(s) or folder(s) of crashed runs under "
				"/tmp/regionbench.* (remove them with: regionbench clean)\n", m > 0 ? m : 0, l > 0 ? l : 0);
}
