/* backend.h - where regions live: a directory (dir:PATH) or memfd. Region
 * files get recognisable names that carry the creating process id:
 *   <dir>/regionbench.<pid>.<tag>.<n>
 * so that `regionbench clean` can find those whose creator is dead. */
#ifndef REGIONBENCH_HARNESS_BACKEND_H
#define REGIONBENCH_HARNESS_BACKEND_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "mmap_region.h"

#define RB_REGION_PREFIX "regionbench."

struct rb_backend {
	char spec[PATH_MAX + 8]; /* as given: "dir:/dev/shm" or "memfd" */
	int is_memfd;
	char dir[PATH_MAX];   /* dir: only */
	char fs_type[64];     /* from /proc/self/mountinfo ("memfd" for memfd) */
	char mount_opts[512]; /* mount and super options */
	char mount_point[PATH_MAX];
	long block_size; /* statvfs f_bsize, or 0 */
};

/* Parse and validate a backend spec: dir:PATH must be an existing, writable
 * directory on a read-write filesystem. On error writes one line (naming the
 * value and what is expected) into err and returns -errno. */
int rb_backend_parse(const char *spec, struct rb_backend *b, char *err, size_t errlen);

/* A fresh region path in the backend (dir: only): regionbench.<owner>.<tag>.<n>,
 * where the owner is this process unless rb_backend_set_owner named another
 * (then ...<tag>.<pid>-<n>). A coordinator that forks workers names itself the
 * owner first, so the files of a worker killed mid-run carry a pid that its
 * supervisor, and the coordinator itself, know to clean up (harness/leftover.h). */
void rb_backend_path(const struct rb_backend *b, const char *tag, char *out, size_t n);
void rb_backend_set_owner(pid_t pid);

/* Create a region on the backend: a file named as above, or a memfd. */
int rb_backend_create(const struct rb_backend *b, struct mmap_region *r, const char *tag, size_t size,
		      enum mmap_region_cleanup cleanup, const struct mmap_region_opts *opts);

/* The hugetlbfs rule, in one place: hugetlbfs maps whole huge pages only (the
 * matrix mounts it with pagesize=2M), so regions there are multiples of it. */
#define RB_HUGE_PAGE_SIZE (2ull << 20)
/* 1 when b is on hugetlbfs. */
int rb_backend_is_huge(const struct rb_backend *b);
/* 1 when a region of `size` bytes fits the huge page rule (a multiple of RB_HUGE_PAGE_SIZE). */
int rb_huge_aligned(uint64_t size);

/* Filesystem type, mount point and options of the filesystem holding `path`. */
int rb_mount_info(const char *path, char *fs_type, size_t tn, char *opts, size_t on, char *mnt,
		  size_t mn);

#endif
