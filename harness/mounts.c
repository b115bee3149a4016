/* mounts.c - the tool's own mounts: make, remove, and find those of dead creators. */
#include "mounts.h"
#include "proc.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

int rb_mount(const char *fstype, const char *dev, const char *data, const char *tag, char *mnt, size_t n)
{
	char src[64];
	snprintf(src, sizeof(src), RB_MOUNT_SOURCE "%ld", (long)getpid());
	if (snprintf(mnt, n, "/tmp/regionbench.%ld.%s.XXXXXX", (long)getpid(), tag) >= (int)n)
		return -ENAMETOOLONG;
	if (!mkdtemp(mnt))
		return -errno;
	if (mount(dev ? dev : src, mnt, fstype, 0, data) != 0) {
		int e = errno;
		rmdir(mnt);
		return -e;
	}
	return 0;
}

int rb_umount(const char *mnt)
{
	if (umount2(mnt, 0) != 0 && umount2(mnt, MNT_DETACH) != 0 && errno != EINVAL)
		return -errno;
	return rmdir(mnt) ? -errno : 0;
}

static void unescape(char *s)
{
	char *o = s;
	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '7' && s[2] && s[3]) {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

int rb_mount_scan(pid_t pid, void (*fn)(const char *mnt, const char *src, void *arg), void *arg)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return -errno;
	char line[4096];
	int n = 0;
	while (fgets(line, sizeof(line), f)) {
		char *fields[32];
		int nf = 0;
		for (char *save = NULL, *t = strtok_r(line, " \n", &save); t && nf < 32; t = strtok_r(NULL, " \n", &save))
			fields[nf++] = t;
		int dash = -1;
		for (int i = 6; i < nf; i++)
			if (!strcmp(fields[i], "-")) {
				dash = i;
				break;
			}
		if (dash < 0 || dash + 2 >= nf)
			continue;
		char mp[PATH_MAX];
		snprintf(mp, sizeof(mp), "%s", fields[4]);
		unescape(mp);
		/* ours: the mount point pattern, whatever the source (loop devices have their own) */
		const char *pre = "/tmp/regionbench.";
		if (strncmp(mp, pre, strlen(pre)))
			continue;
		char *end;
		long owner = strtol(mp + strlen(pre), &end, 10);
		if (end == mp + strlen(pre) || *end != '.' || owner <= 0)
			continue;
		int dead = !rb_pid_alive((pid_t)owner);
		if (pid > 0 ? owner != pid : !dead)
			continue;
		n++;
		if (fn)
			fn(mp, fields[dash + 2], arg);
	}
	fclose(f);
	return n;
}
