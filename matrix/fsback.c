/* fsback.c - make and unmake each filesystem backend of the matrix. */
#include "fsback.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend.h"
#include "mounts.h"
#include "proc.h"

/* Run argv quietly (the harness's process starter); its first output line goes
 * to out (if given). 0, -ENOENT when it is not installed, -EIO when it failed. */
static int run(char *const argv[], char *out, size_t n)
{
	int code = rb_run_capture(argv, out, n);
	return code == 0 ? 0 : code == 127 ? -ENOENT : code < 0 ? code : -EIO;
}

static int in_proc_filesystems(const char *fs)
{
	FILE *f = fopen("/proc/filesystems", "re");
	char line[128];
	int found = 0;
	while (f && fgets(line, sizeof(line), f)) {
		char *t = strrchr(line, '\t');
		t = t ? t + 1 : line;
		t[strcspn(t, "\n")] = '\0';
		found |= !strcmp(t, fs);
	}
	if (f)
		fclose(f);
	return found;
}

static int have_cmd(const char *cmd)
{
	char p[256];
	static const char *const dirs[] = { "/usr/sbin", "/sbin", "/usr/bin", "/bin" };
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s/%s", dirs[i], cmd);
		if (!access(p, X_OK))
			return 1;
	}
	return 0;
}

static const char *need_root(const struct rbm_backend *b)
{
	(void)b;
	return geteuid() ? "needs root (mounts)" : NULL;
}

static int set_dir(struct rbm_backend *b)
{
	snprintf(b->spec, sizeof(b->spec), "dir:%s", b->mnt);
	return 0;
}

/* ---- tmpfs, tmpfs-huge, ramfs ---- */
static int tmpfs_setup(struct rbm_backend *b, char *err, size_t n)
{
	char data[128];
	int huge = !strcmp(b->kind->name, "tmpfs-huge");
	snprintf(data, sizeof(data), "size=%llu,mode=1777%s", (unsigned long long)b->image_size, huge ? ",huge=always" : "");
	int ret = rb_mount("tmpfs", NULL, data, b->kind->name, b->mnt, sizeof(b->mnt));
	if (ret)
		snprintf(err, n, "mount -t tmpfs -o %s: %s", data, strerror(-ret));
	return ret ? ret : set_dir(b);
}

static const char *tmpfs_huge_supported(const struct rbm_backend *b)
{
	if (access("/sys/kernel/mm/transparent_hugepage/shmem_enabled", F_OK))
		return "the kernel has no transparent huge pages for shmem";
	return need_root(b);
}

static int ramfs_setup(struct rbm_backend *b, char *err, size_t n)
{
	int ret = rb_mount("ramfs", NULL, "mode=1777", "ramfs", b->mnt, sizeof(b->mnt));
	if (ret)
		snprintf(err, n, "mount -t ramfs: %s", strerror(-ret));
	return ret ? ret : set_dir(b);
}

static const char *ramfs_supported(const struct rbm_backend *b)
{
	return !in_proc_filesystems("ramfs") ? "the kernel has no ramfs" : need_root(b);
}

static void umount_teardown(struct rbm_backend *b)
{
	if (b->mnt[0])
		rb_umount(b->mnt);
	b->mnt[0] = '\0';
}

/* ---- ext4, xfs, btrfs on a loop device ---- */
static const char *block_supported(const struct rbm_backend *b)
{
	static char why[128];
	const char *fs = b->kind->name;
	char mkfs[32];
	snprintf(mkfs, sizeof(mkfs), "mkfs.%s", fs);
	if (!in_proc_filesystems(fs)) {
		snprintf(why, sizeof(why), "the kernel has no %s", fs);
		return why;
	}
	if (!have_cmd(mkfs)) {
		snprintf(why, sizeof(why), "%s is not installed (Debian: %s)", mkfs,
			 !strcmp(fs, "ext4") ? "e2fsprogs" : !strcmp(fs, "xfs") ? "xfsprogs" : "btrfs-progs");
		return why;
	}
	if (!have_cmd("losetup"))
		return "losetup is not installed (Debian: util-linux)";
	return need_root(b);
}

static void block_teardown(struct rbm_backend *b)
{
	umount_teardown(b);
	if (b->loopdev[0]) {
		char *argv[] = { "losetup", "-d", b->loopdev, NULL };
		run(argv, NULL, 0);
		b->loopdev[0] = '\0';
	}
	if (b->img[0])
		unlink(b->img);
	if (b->imgdir[0])
		rmdir(b->imgdir);
	b->img[0] = b->imgdir[0] = '\0';
}

static int block_setup(struct rbm_backend *b, char *err, size_t n)
{
	const char *fs = b->kind->name;
	snprintf(b->imgdir, sizeof(b->imgdir), "/tmp/regionbench.%ld.img.XXXXXX", (long)getpid());
	if (!mkdtemp(b->imgdir)) {
		snprintf(err, n, "mkdtemp %s: %s", b->imgdir, strerror(errno));
		b->imgdir[0] = '\0';
		return -errno;
	}
	snprintf(b->img, sizeof(b->img), "%s/%s.img", b->imgdir, fs);
	int fd = open(b->img, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
	int ret = fd < 0 || ftruncate(fd, (off_t)b->image_size) ? -errno : 0;
	if (fd >= 0)
		close(fd);
	if (ret) {
		snprintf(err, n, "image %s: %s", b->img, strerror(-ret));
		block_teardown(b);
		return ret;
	}
	char *lo[] = { "losetup", "--find", "--show", b->img, NULL };
	if ((ret = run(lo, b->loopdev, sizeof(b->loopdev))) || strncmp(b->loopdev, "/dev/loop", 9)) {
		snprintf(err, n, "losetup --find --show %s failed", b->img);
		b->loopdev[0] = '\0';
		block_teardown(b);
		return ret ? ret : -EIO;
	}
	char mkfs[32];
	snprintf(mkfs, sizeof(mkfs), "mkfs.%s", fs);
	char *ext4[] = { mkfs, "-q", "-F", b->loopdev, NULL };
	char *other[] = { mkfs, "-q", "-f", b->loopdev, NULL };
	if ((ret = run(!strcmp(fs, "ext4") ? ext4 : other, NULL, 0))) {
		snprintf(err, n, "%s %s failed", mkfs, b->loopdev);
		block_teardown(b);
		return ret;
	}
	if ((ret = rb_mount(fs, b->loopdev, NULL, fs, b->mnt, sizeof(b->mnt)))) {
		snprintf(err, n, "mount %s (%s): %s", b->loopdev, fs, strerror(-ret));
		b->mnt[0] = '\0';
		block_teardown(b);
		return ret;
	}
	chmod(b->mnt, 01777);
	return set_dir(b);
}

/* ---- hugetlbfs: reserve huge pages for the run, restore afterwards ---- */
#define NR_HUGE "/proc/sys/vm/nr_hugepages"
static long read_long(const char *p)
{
	FILE *f = fopen(p, "re");
	long v = -1;
	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static int write_long(const char *p, long v)
{
	FILE *f = fopen(p, "we");
	if (!f)
		return -errno;
	fprintf(f, "%ld\n", v);
	return fclose(f) ? -errno : 0;
}

static const char *huge_supported(const struct rbm_backend *b)
{
	if (!in_proc_filesystems("hugetlbfs"))
		return "the kernel has no hugetlbfs";
	if (read_long(NR_HUGE) < 0)
		return "no " NR_HUGE;
	return need_root(b);
}

static void huge_teardown(struct rbm_backend *b)
{
	umount_teardown(b);
	if (b->saved_hugepages >= 0)
		write_long(NR_HUGE, b->saved_hugepages);
	b->saved_hugepages = -1;
}

static int huge_setup(struct rbm_backend *b, char *err, size_t n)
{
	long pages = (long)(b->image_size / RB_HUGE_PAGE_SIZE);
	if (pages > 512)
		pages = 512; /* 1 GiB of huge pages at most */
	b->saved_hugepages = read_long(NR_HUGE);
	if (write_long(NR_HUGE, b->saved_hugepages + pages) || read_long(NR_HUGE) < b->saved_hugepages + pages) {
		long got = read_long(NR_HUGE) - b->saved_hugepages;
		snprintf(err, n, "could reserve only %ld of %ld huge pages (memory too fragmented?)", got, pages);
		huge_teardown(b);
		return -ENOMEM;
	}
	char data[96];
	snprintf(data, sizeof(data), "pagesize=%lluM,size=%lluM,mode=1777", RB_HUGE_PAGE_SIZE >> 20,
		 (unsigned long long)pages * (RB_HUGE_PAGE_SIZE >> 20));
	int ret = rb_mount("hugetlbfs", NULL, data, "hugetlbfs", b->mnt, sizeof(b->mnt));
	if (ret) {
		snprintf(err, n, "mount -t hugetlbfs -o %s: %s", data, strerror(-ret));
		b->mnt[0] = '\0';
		huge_teardown(b);
		return ret;
	}
	return set_dir(b);
}

/* ---- memfd and dir:PATH: nothing to make ---- */
static int memfd_setup(struct rbm_backend *b, char *err, size_t n)
{
	(void)err, (void)n;
	snprintf(b->spec, sizeof(b->spec), "memfd");
	return 0;
}

static int dir_setup(struct rbm_backend *b, char *err, size_t n)
{
	(void)err, (void)n;
	snprintf(b->spec, sizeof(b->spec), "%s", b->name);
	return 0;
}

static void nothing(struct rbm_backend *b)
{
	(void)b;
}

const struct rbm_kind rbm_kinds[] = {
	{ "tmpfs", need_root, tmpfs_setup, umount_teardown },
	{ "tmpfs-huge", tmpfs_huge_supported, tmpfs_setup, umount_teardown },
	{ "ramfs", ramfs_supported, ramfs_setup, umount_teardown },
	{ "ext4", block_supported, block_setup, block_teardown },
	{ "xfs", block_supported, block_setup, block_teardown },
	{ "btrfs", block_supported, block_setup, block_teardown },
	{ "hugetlbfs", huge_supported, huge_setup, huge_teardown },
	{ "memfd", NULL, memfd_setup, nothing },
	{ "dir", NULL, dir_setup, nothing },
	{ NULL, NULL, NULL, NULL },
};

const struct rbm_kind *rbm_kind_find(const char *name)
{
	if (!strncmp(name, "dir:", 4))
		return &rbm_kinds[8];
	for (int i = 0; rbm_kinds[i].name; i++)
		if (!strcmp(rbm_kinds[i].name, name) && strcmp(name, "dir"))
			return &rbm_kinds[i];
	return NULL;
}

