/* mmap_region.c - create/attach/resize/close of file-backed regions (seed parity). */
#include "mmap_region.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "sys.h"

static const struct mmap_region_opts default_opts;

static void reset(struct mmap_region *r, const struct mmap_region_opts *opts)
{
	r->priv_ptr = NULL;
	r->priv_len = 0;
	r->priv_fd = -1;
	r->priv_owns_file = 0;
	r->priv_opts = opts ? *opts : default_opts;
	r->priv_path[0] = '\0';
}

static int map_flags(const struct mmap_region *r)
{
	return MAP_SHARED | (r->priv_opts.populate ? MAP_POPULATE : 0);
}

/* Map the region's fd at `len`; on success install the mapping. */
static int map_fd(struct mmap_region *r, size_t len)
{
	int err;
	void *p = rsys_mmap(len, PROT_READ | PROT_WRITE, map_flags(r), r->priv_fd, &err);
	if (p == MAP_FAILED)
		return err;
	r->priv_ptr = p;
	r->priv_len = len;
	return 0;
}

/* Grow the file to `size`, reserving backing store when asked. */
static int grow_file(struct mmap_region *r, size_t old_size, size_t size)
{
	if (r->priv_opts.reserve) {
		int ret = rsys_fallocate(r->priv_fd, (off_t)old_size, (off_t)(size - old_size));
		if (ret)
			return ret;
	}
	return rsys_ftruncate(r->priv_fd, (off_t)size);
}

/* Open `path` refusing symlinks and non-regular files; *st gets its stat.
 * *created tells whether this call made the file (then it is new, empty and
 * regular, and no fstat is needed: O_CREAT|O_EXCL never follows a link). */
static int open_regular(const char *path, int create, int *created, struct stat *st)
{
	/* O_RDWR never blocks on a FIFO on Linux; fstat below refuses it. */
	int base = O_RDWR | O_CLOEXEC | O_NOFOLLOW;
	*created = 0;
	if (create) {
		int fd = rsys_open(path, base | O_CREAT | O_EXCL, 0666);
		if (fd >= 0) {
			*created = 1;
			st->st_size = 0;
			return fd;
		}
		if (fd != -EEXIST)
			return fd;
	}
	int fd = rsys_open(path, base, 0);
	if (fd < 0)
		return fd;
	int ret = rsys_fstat(fd, st);
	if (!ret && !S_ISREG(st->st_mode))
		ret = -EINVAL;
	if (ret) {
		rsys_close(fd);
		return ret;
	}
	return fd;
}

int mmap_region_create_opts(struct mmap_region *r, const char *path, size_t size,
			    enum mmap_region_cleanup cleanup,
			    const struct mmap_region_opts *opts)
{
	reset(r, opts);
	if (size == 0 || !path || !*path)
		return -EINVAL;
	if (strlen(path) >= sizeof(r->priv_path))
		return -ENAMETOOLONG;
	if (cleanup != MMAP_REGION_MANUAL && cleanup != MMAP_REGION_AUTO)
		return -EINVAL;
	int created;
	struct stat st;
	int fd = open_regular(path, 1, &created, &st);
	if (fd < 0)
		return fd;
	r->priv_fd = fd;
	int ret = rsys_fchmod(fd, 0666);
	if (!ret && st.st_size)
		ret = rsys_ftruncate(fd, 0); /* an existing file: truncate like the seed */
	if (!ret)
		ret = grow_file(r, 0, size);
	if (!ret)
		ret = map_fd(r, size);
	if (!ret && cleanup == MMAP_REGION_AUTO) {
		ret = rsys_unlink(path);
		if (!ret)
			created = 0; /* already gone */
	}
	if (ret) {
		if (r->priv_ptr)
			rsys_munmap(r->priv_ptr, r->priv_len);
		rsys_close(fd);
		if (created)
			rsys_unlink(path);
		reset(r, opts);
		return ret;
	}
	strcpy(r->priv_path, path);
	r->priv_owns_file = cleanup == MMAP_REGION_MANUAL;
	return 0;
}

int mmap_region_create(struct mmap_region *r, const char *path, size_t size,
		       enum mmap_region_cleanup cleanup)
{
	return mmap_region_create_opts(r, path, size, cleanup, NULL);
}

int mmap_region_attach_opts(struct mmap_region *r, const char *path,
			    const struct mmap_region_opts *opts)
{
	reset(r, opts);
	if (!path || !*path)
		return -EINVAL;
	if (strlen(path) >= sizeof(r->priv_path))
		return -ENAMETOOLONG;
	int created;
	struct stat st;
	int fd = open_regular(path, 0, &created, &st);
	if (fd < 0)
		return fd;
	int ret = st.st_size == 0 ? -ENODATA : 0;
	r->priv_fd = fd;
	if (!ret)
		ret = map_fd(r, (size_t)st.st_size);
	if (ret) {
		rsys_close(fd);
		reset(r, opts);
		return ret;
	}
	strcpy(r->priv_path, path);
	return 0;
}

int mmap_region_attach(struct mmap_region *r, const char *path)
{
	return mmap_region_attach_opts(r, path, NULL);
}

int mmap_region_attach_fd_opts(struct mmap_region *r, int fd, size_t size,
			       const struct mmap_region_opts *opts)
{
	reset(r, opts);
	if (fd < 0)
		return -EINVAL;
	r->priv_fd = fd;
	int ret = size == 0 ? -EINVAL : map_fd(r, size);
	if (ret) {
		rsys_close(fd);
		reset(r, opts);
	}
	return ret;
}

int mmap_region_attach_fd(struct mmap_region *r, int fd, size_t size)
{
	return mmap_region_attach_fd_opts(r, fd, size, NULL);
}

int mmap_region_create_memfd(struct mmap_region *r, const char *name, size_t size,
			     const struct mmap_region_opts *opts)
{
	reset(r, opts);
	if (size == 0)
		return -EINVAL;
	int fd = rsys_memfd_create(name && *name ? name : "regionbench", MFD_CLOEXEC);
	if (fd < 0)
		return fd;
	r->priv_fd = fd;
	int ret = grow_file(r, 0, size);
	if (!ret)
		ret = map_fd(r, size);
	if (ret) {
		rsys_close(fd);
		reset(r, opts);
	}
	return ret;
}

/* Replace the mapping with one of `new_size` (> current length). */
static int remap(struct mmap_region *r, size_t new_size)
{
	int err;
	void *p;
	if (r->priv_opts.strategy == MMAP_REGION_MREMAP) {
		p = rsys_mremap(r->priv_ptr, r->priv_len, new_size, &err);
		if (p == MAP_FAILED)
			return err;
		r->priv_ptr = p;
		r->priv_len = new_size;
		return 0;
	}
	p = rsys_mmap(new_size, PROT_READ | PROT_WRITE, map_flags(r), r->priv_fd, &err);
	if (p == MAP_FAILED)
		return err;
	/* The new mapping is live: now it is safe to drop the old one. */
	rsys_munmap(r->priv_ptr, r->priv_len);
	r->priv_ptr = p;
	r->priv_len = new_size;
	return 0;
}

int mmap_region_resize(struct mmap_region *r, size_t new_size)
{
	if (r->priv_fd < 0)
		return -EBADF;
	if (new_size < r->priv_len)
		return -EINVAL;
	if (new_size == r->priv_len)
		return 0;
	int ret = grow_file(r, r->priv_len, new_size);
	return ret ? ret : remap(r, new_size);
}

int mmap_region_remap_to(struct mmap_region *r, size_t new_size)
{
	if (r->priv_fd < 0)
		return -EBADF;
	if (new_size <= r->priv_len)
		return 0;
	int ret = remap(r, new_size);
	return ret ? ret : 1;
}

int mmap_region_check_and_remap(struct mmap_region *r)
{
	if (r->priv_fd < 0)
		return -EBADF;
	struct stat st;
	int ret = rsys_fstat(r->priv_fd, &st);
	if (ret)
		return ret;
	return mmap_region_remap_to(r, (size_t)st.st_size);
}

void mmap_region_close(struct mmap_region *r)
{
	if (r->priv_ptr)
		rsys_munmap(r->priv_ptr, r->priv_len);
	if (r->priv_fd >= 0)
		rsys_close(r->priv_fd);
	if (r->priv_owns_file && r->priv_path[0])
		rsys_unlink(r->priv_path);
	reset(r, &r->priv_opts);
}

void *mmap_region_ptr(const struct mmap_region *r)
{
	return r->priv_ptr;
}

size_t mmap_region_len(const struct mmap_region *r)
{
	return r->priv_len;
}

int mmap_region_fd(const struct mmap_region *r)
{
	return r->priv_fd;
}

const char *mmap_region_path(const struct mmap_region *r)
{
	return r->priv_path;
}

void mmap_region_take_ownership(struct mmap_region *r)
{
	r->priv_owns_file = 1;
}

void mmap_region_release_ownership(struct mmap_region *r)
{
	r->priv_owns_file = 0;
}

void mmap_region_set_opts(struct mmap_region *r, const struct mmap_region_opts *opts)
{
	r->priv_opts = opts ? *opts : default_opts;
}
