/*
 * mmap_region.h - file-backed (or memfd-backed) shared-memory regions.
 *
 * A C11 port of a Rust `MmapRegion` (the seed; not part of this repository) with safety fixes:
 * every fd is close-on-exec, symbolic links and non-regular files are refused,
 * and no failure leaks an fd, a mapping or a file that create made.
 *
 * Error convention: every function returning `int` returns 0 (or a documented
 * non-negative value) on success and a negative errno on failure. A region
 * whose create/attach failed is left closed: mmap_region_close() on it is a
 * no-op, and so is a second close.
 *
 * POINTER INVALIDATION: mmap_region_resize() and mmap_region_check_and_remap()
 * may move the base address. Every pointer derived from mmap_region_ptr()
 * before a successful call is invalid after it: re-read mmap_region_ptr() and
 * mmap_region_len() after each call. A failed call leaves both unchanged.
 *
 * Thread safety: a struct mmap_region is not locked; one thread owns it.
 * The memory it maps is shared and may be accessed by any thread or process.
 */
#ifndef REGIONBENCH_MMAP_REGION_H
#define REGIONBENCH_MMAP_REGION_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum mmap_region_cleanup {
	MMAP_REGION_MANUAL, /* the file stays; this region owns it and unlinks it on close */
	MMAP_REGION_AUTO,   /* the file is unlinked at once; the mapping stays alive */
};

/* How a growing resize replaces the mapping. */
enum mmap_region_strategy {
	MMAP_REGION_REMAP = 0, /* seed: mmap the new size, then munmap the old one */
	MMAP_REGION_MREMAP = 1, /* Linux mremap(MREMAP_MAYMOVE): moves page tables */
};

/* Options for the *_opts variants. A NULL pointer means all defaults (zeroes). */
struct mmap_region_opts {
	enum mmap_region_strategy strategy;
	/* Reserve backing store with posix_fallocate at create and on every growing
	 * resize, so that a full filesystem fails the call with -ENOSPC instead of
	 * raising SIGBUS in a later writer. */
	int reserve;
	/* Pre-fault the whole mapping (MAP_POPULATE) at create/attach/resize. */
	int populate;
};

/* The longest path a region keeps (Linux PATH_MAX, including the NUL); the header
 * does not rely on <limits.h> exposing PATH_MAX (strict C11 does not). */
#define MMAP_REGION_PATH_MAX 4096

/* Defined here so callers can keep it on the stack; the fields are private. */
struct mmap_region {
	void *priv_ptr;
	size_t priv_len;
	int priv_fd;
	int priv_owns_file;
	struct mmap_region_opts priv_opts;
	char priv_path[MMAP_REGION_PATH_MAX];
};

/* Create (or truncate) the regular file at `path`, set its mode to exactly
 * 0666 whatever the umask, grow it to `size` and map it read/write MAP_SHARED.
 * MMAP_REGION_AUTO unlinks the file at once; MMAP_REGION_MANUAL makes this
 * region the file's owner (unlinked on close).
 * Returns 0, or -EINVAL (size 0, path too long), -ELOOP (a symlink at path),
 * -EISDIR / -EINVAL (a directory or other non-regular file at path), or the
 * errno of the failing step. On failure a file that this call made is removed
 * and no fd or mapping remains. */
int mmap_region_create(struct mmap_region *r, const char *path, size_t size,
		       enum mmap_region_cleanup cleanup);
int mmap_region_create_opts(struct mmap_region *r, const char *path, size_t size,
			    enum mmap_region_cleanup cleanup,
			    const struct mmap_region_opts *opts);

/* Open the existing regular file at `path` read/write and map its whole
 * current size. Does not own the file. Returns 0, or -ENODATA for an empty
 * file, -ELOOP for a symlink, -EINVAL for a non-regular file, or the errno of
 * the failing step. */
int mmap_region_attach(struct mmap_region *r, const char *path);
int mmap_region_attach_opts(struct mmap_region *r, const char *path,
			    const struct mmap_region_opts *opts);

/* Map `fd` (received over SCM_RIGHTS, a memfd, ...) at `size` bytes. Takes
 * ownership of the fd in every case: it is closed on failure and on close.
 * Returns 0, or -EINVAL for size 0 or a negative fd, or the mmap errno. */
int mmap_region_attach_fd(struct mmap_region *r, int fd, size_t size);
int mmap_region_attach_fd_opts(struct mmap_region *r, int fd, size_t size,
			       const struct mmap_region_opts *opts);

/* A memfd-backed region (memfd_create(name, MFD_CLOEXEC)) of `size` bytes.
 * It has no path; share it with mmap_region_send_fd(). Returns 0 or -errno. */
int mmap_region_create_memfd(struct mmap_region *r, const char *name, size_t size,
			     const struct mmap_region_opts *opts);

/* Grow the file to `new_size` and replace the mapping (per the strategy).
 * Shrinking returns -EINVAL and changes nothing; the same size is a no-op.
 * With the REMAP strategy the new mapping is made before the old one is
 * unmapped (MREMAP: mremap leaves the old mapping on failure), so on failure
 * the mapping is exactly as it was (old pointer, old length, data intact).
 * The file, exactly:
 *  - the reservation (opts.reserve, posix_fallocate) failed: the file's size
 *    is unchanged; blocks allocated before the failure may stay allocated;
 *  - ftruncate failed: the file's size is unchanged;
 *  - the new mapping could not be made: the file keeps `new_size`. It is not
 *    shrunk back: other processes may already map the grown file (fstat-based
 *    guests see it at once) and have written there; shrinking would destroy
 *    that and make their accesses SIGBUS. Calling resize again with
 *    `new_size` (or more) then only replaces the mapping.
 * The base pointer may move: see POINTER INVALIDATION above. */
int mmap_region_resize(struct mmap_region *r, size_t new_size);

/* If the file grew (fstat), remap to the file's size without touching the
 * file. Returns 1 when it remapped, 0 when the file did not grow, -errno on
 * failure (the old mapping then stays valid). The base pointer may move.
 * Unlike the seed it never truncates the file, so a guest holding a stale
 * size cannot shrink a file that the host has grown again meanwhile. */
int mmap_region_check_and_remap(struct mmap_region *r);

/* Remap to exactly `new_size` bytes of a file someone else grew (the header
 * protocol: the size comes from shared memory, not fstat). Does not touch the
 * file. Returns 1 when it remapped, 0 when new_size <= current length. */
int mmap_region_remap_to(struct mmap_region *r, size_t new_size);

/* Unmap, close the fd, and unlink the file if this region owns it. */
void mmap_region_close(struct mmap_region *r);

void *mmap_region_ptr(const struct mmap_region *r);
size_t mmap_region_len(const struct mmap_region *r);
int mmap_region_fd(const struct mmap_region *r);
const char *mmap_region_path(const struct mmap_region *r); /* "" when fd-attached */
void mmap_region_take_ownership(struct mmap_region *r);    /* unlink on close */
void mmap_region_release_ownership(struct mmap_region *r); /* keep on close */
/* Change the options used by later resizes (strategy, reserve, populate). */
void mmap_region_set_opts(struct mmap_region *r, const struct mmap_region_opts *opts);

/* ---- fd passing over a UNIX socket (SCM_RIGHTS) ---------------------------
 * The message carries the fd and the region size (8 bytes, native order). */
int mmap_region_send_fd(int sock, int fd, uint64_t size);
/* Receives an fd (close-on-exec) and size. Returns 0, -EPIPE when the peer
 * closed, -EPROTO for a message without exactly one fd. */
int mmap_region_recv_fd(int sock, int *fd_out, uint64_t *size_out);

/* ---- doorbell: a non-blocking socketpair(AF_UNIX, SOCK_STREAM) ------------ */
struct region_doorbell {
	int fd;
};
/* Makes both ends (non-blocking, close-on-exec). Returns 0 or -errno. */
int region_doorbell_pair(struct region_doorbell *a, struct region_doorbell *b);
/* Write one byte. A full buffer means already signalled: returns 0.
 * Returns -EPIPE when the peer is gone. */
int region_doorbell_signal(const struct region_doorbell *d);
/* Poll up to timeout_ms (-1 forever), then drain. Returns 1 signalled,
 * 0 timed out, -EPIPE when the peer died (POLLHUP/POLLERR or EOF). */
int region_doorbell_wait(const struct region_doorbell *d, int timeout_ms);
void region_doorbell_close(struct region_doorbell *d);

#ifdef __cplusplus
}
#endif
#endif
