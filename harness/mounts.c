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
#include <dirent.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
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

int rb_mountinfo_split(char *line, char **fields, int max, int *dash)
{
	int nf = 0;
	for (char *save = NULL, *t = strtok_r(line, " \n", &save); t && nf < max; t = strtok_r(NULL, " \n", &save))
		fields[nf++] = t;
	*dash = -1;
	for (int i = 6; i < nf; i++)
		if (!strcmp(fields[i], "-")) {
			*dash = i;
			break;
		}
	return nf;
}

void rb_mountinfo_unescape(char *s)
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

/* The creator pid in /tmp/regionbench.<pid>.<...>, or -1. */
static long owner_of(const char *path)
{
	const char *pre = "/tmp/regionbench.";
	if (strncmp(path, pre, strlen(pre)))
		return -1;
	char *end;
	long pid = strtol(path + strlen(pre), &end, 10);
	return end != path + strlen(pre) && *end == '.' && pid > 0 ? pid : -1;
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
		int dash, nf = rb_mountinfo_split(line, fields, 32, &dash);
		if (dash < 0 || dash + 2 >= nf)
			continue;
		char mp[PATH_MAX];
		snprintf(mp, sizeof(mp), "%s", fields[4]);
		rb_mountinfo_unescape(mp);
		/* ours: the mount point pattern, whatever the source (loop devices have their own) */
		long owner = owner_of(mp);
		if (owner < 0)
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

int rb_clean_loops_and_folders(int dry, void (*fn)(const char *what, const char *path, int ok))
{
	int n = 0;
	/* loop devices backed by our images */
	DIR *d = opendir("/sys/block");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (strncmp(e->d_name, "loop", 4))
			continue;
		char p[512], back[PATH_MAX] = "";
		snprintf(p, sizeof(p), "/sys/block/%s/loop/backing_file", e->d_name);
		FILE *f = fopen(p, "re");
		if (!f)
			continue;
		if (!fgets(back, sizeof(back), f))
			back[0] = '\0';
		fclose(f);
		back[strcspn(back, "\n")] = '\0';
		long owner = owner_of(back);
		if (owner < 0 || rb_pid_alive((pid_t)owner))
			continue;
		char dev[300];
		snprintf(dev, sizeof(dev), "/dev/%s", e->d_name);
		int ok = 1;
		if (!dry) {
			int fd = open(dev, O_RDONLY | O_CLOEXEC);
			ok = fd >= 0 && ioctl(fd, LOOP_CLR_FD, 0) == 0;
			if (fd >= 0)
				close(fd);
		}
		fn("loop device", dev, ok);
		n++;
	}
	if (d)
		closedir(d);
	/* image folders (never a mount point: mounts were handled before) */
	d = opendir("/tmp");
	while (d && (e = readdir(d))) {
		char p[PATH_MAX];
		snprintf(p, sizeof(p), "/tmp/%s", e->d_name);
		long owner = owner_of(p);
		struct stat st, parent;
		if (owner < 0 || rb_pid_alive((pid_t)owner) || lstat(p, &st) || !S_ISDIR(st.st_mode) ||
		    stat("/tmp", &parent) || st.st_dev != parent.st_dev)
			continue;
		int ok = 1;
		if (!dry) {
			DIR *in = opendir(p);
			struct dirent *x;
			while (in && (x = readdir(in))) {
				char q[PATH_MAX + 300];
				snprintf(q, sizeof(q), "%s/%s", p, x->d_name);
				if (x->d_name[0] != '.' || (strcmp(x->d_name, ".") && strcmp(x->d_name, "..")))
					unlink(q);
			}
			if (in)
				closedir(in);
			ok = rmdir(p) == 0;
		}
		fn("folder", p, ok);
		n++;
	}
	if (d)
		closedir(d);
	return n;
}
