/* fsback.h - the filesystems `regionbench matrix` compares: one table entry per
 * kind (tmpfs, tmpfs-huge, ramfs, ext4, xfs, btrfs, hugetlbfs, memfd, dir:PATH),
 * each with a supported() check that explains a skip, a setup that makes the
 * backend for the run (mount, loop device, image, huge pages) and a teardown that
 * undoes all of it. Everything made carries the creator's pid in its name
 * (/tmp/regionbench.<pid>.*), so `regionbench clean` finds what a killed run left. */
#ifndef REGIONBENCH_MATRIX_FSBACK_H
#define REGIONBENCH_MATRIX_FSBACK_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

struct rbm_backend;

struct rbm_kind {
	const char *name;
	const char *(*supported)(const struct rbm_backend *b); /* NULL or why not here */
	int (*setup)(struct rbm_backend *b, char *err, size_t n);
	void (*teardown)(struct rbm_backend *b);
};

struct rbm_backend {
	const struct rbm_kind *kind;
	char name[64];		 /* tmpfs, ext4, ... or dir:PATH */
	char spec[PATH_MAX + 8]; /* what bench/stress get: dir:MOUNT or memfd */
	char mnt[PATH_MAX], imgdir[PATH_MAX], img[PATH_MAX + 32], loopdev[64];
	uint64_t image_size;
	long saved_hugepages;
	int ready;
	char skip[512];
};

extern const struct rbm_kind rbm_kinds[];
const struct rbm_kind *rbm_kind_find(const char *name);

#endif
