/* backend.c - backends (dir:PATH, memfd) and their filesystem facts. */
#include "backend.h"
#include "mounts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

int rb_mount_info(const char *path, char *fs_type, size_t tn, char *opts, size_t on, char *mnt,
		  size_t mn)
{
	char real[PATH_MAX];
	if (!realpath(path, real))
		return -errno;
	FILE *f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return -errno;
	char line[4096];
	size_t best = 0;
	int found = 0;
	while (fgets(line, sizeof(line), f)) {
		/* id parent maj:min root mountpoint mountopts [optional...] - fstype source superopts */
		char *fields[32];
		int dash, nf = rb_mountinfo_split(line, fields, 32, &dash);
		if (nf < 6 || dash < 0 || dash + 3 >= nf + 1)
			continue;
		char mp[PATH_MAX];
		snprintf(mp, sizeof(mp), "%s", fields[4]);
		rb_mountinfo_unescape(mp);
		size_t ml = strlen(mp);
		int under = !strcmp(mp, "/") || (!strncmp(real, mp, ml) && (real[ml] == '/' || real[ml] == 0));
		if (!under || ml < best)
			continue;
		best = ml;
		found = 1;
		snprintf(fs_type, tn, "%s", fields[dash + 1]);
		snprintf(opts, on, "%s%s%s", fields[5], dash + 3 < nf ? "," : "",
			 dash + 3 < nf ? fields[dash + 3] : "");
		snprintf(mnt, mn, "%s", mp);
	}
	fclose(f);
	return found ? 0 : -ENOENT;
}

int rb_backend_parse(const char *spec, struct rb_backend *b, char *err, size_t errlen)
{
	memset(b, 0, sizeof(*b));
	if (strlen(spec) >= sizeof(b->spec)) {
		snprintf(err, errlen, "backend '%.40s...' is longer than PATH_MAX (expected dir:PATH or memfd)",
			 spec);
		return -ENAMETOOLONG;
	}
	strcpy(b->spec, spec);
	if (!strcmp(spec, "memfd")) {
		b->is_memfd = 1;
		strcpy(b->fs_type, "memfd");
		strcpy(b->mount_opts, "-");
		strcpy(b->mount_point, "-");
		return 0;
	}
	if (strncmp(spec, "dir:", 4) || !spec[4]) {
		snprintf(err, errlen, "unknown backend '%s' (expected dir:PATH or memfd)", spec);
		return -EINVAL;
	}
	const char *dir = spec + 4;
	if (strlen(dir) >= sizeof(b->dir) - 64) {
		snprintf(err, errlen, "backend directory '%.40s...' is too long (PATH_MAX)", dir);
		return -ENAMETOOLONG;
	}
	struct stat st;
	if (stat(dir, &st) < 0) {
		int e = errno;
		snprintf(err, errlen, "backend directory '%s': %s (expected an existing directory)", dir,
			 strerror(e));
		return -e;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "backend '%s' is not a directory (expected dir:DIRECTORY)", dir);
		return -ENOTDIR;
	}
	struct statvfs vfs;
	int have_vfs = statvfs(dir, &vfs) == 0;
	if (have_vfs)
		b->block_size = (long)vfs.f_bsize;
	if (have_vfs && (vfs.f_flag & ST_RDONLY)) {
		snprintf(err, errlen, "backend directory '%s' is on a read-only filesystem (expected a writable directory)", dir);
		return -EROFS;
	}
	if (access(dir, W_OK | X_OK) < 0) {
		snprintf(err, errlen, "backend directory '%s' is not writable by this user (expected a writable directory)", dir);
		return -EACCES;
	}
	snprintf(b->dir, sizeof(b->dir), "%s", dir);
	if (rb_mount_info(dir, b->fs_type, sizeof(b->fs_type), b->mount_opts, sizeof(b->mount_opts),
			  b->mount_point, sizeof(b->mount_point))) {
		strcpy(b->fs_type, "unknown");
		strcpy(b->mount_opts, "-");
		strcpy(b->mount_point, "-");
	}
	return 0;
}

static pid_t owner_pid;

void rb_backend_set_owner(pid_t pid)
{
	owner_pid = pid;
}

void rb_backend_path(const struct rb_backend *b, const char *tag, char *out, size_t n)
{
	static unsigned long counter;
	pid_t me = getpid(), owner = owner_pid > 0 ? owner_pid : me;
	int w = owner == me ? snprintf(out, n, "%s/" RB_REGION_PREFIX "%ld.%s.%lu", b->dir, (long)me, tag, ++counter)
			    : snprintf(out, n, "%s/" RB_REGION_PREFIX "%ld.%s.%ld-%lu", b->dir, (long)owner, tag,
				       (long)me, ++counter);
	if (w < 0 || (size_t)w >= n)
		out[0] = '\0';
}

int rb_backend_create(const struct rb_backend *b, struct mmap_region *r, const char *tag, size_t size,
		      enum mmap_region_cleanup cleanup, const struct mmap_region_opts *opts)
{
	if (b->is_memfd)
		return mmap_region_create_memfd(r, tag, size, opts);
	char path[PATH_MAX];
	rb_backend_path(b, tag, path, sizeof(path));
	if (!path[0])
		return -ENAMETOOLONG;
	return mmap_region_create_opts(r, path, size, cleanup, opts);
}

int rb_backend_is_huge(const struct rb_backend *b)
{
	return !strcmp(b->fs_type, "hugetlbfs");
}

int rb_huge_aligned(uint64_t size)
{
	return size % RB_HUGE_PAGE_SIZE == 0;
}
