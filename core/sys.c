/* sys.c - syscall wrappers: -1/errno becomes -errno; the fault-injection seam. */
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#ifdef REGION_FAULT_INJECTION
struct rsys_fault {
	unsigned long calls;
	unsigned long fail_at; /* absolute call number that fails; 0 = none */
	int err;
	int persistent;
};
static struct rsys_fault faults[RSYS__COUNT];

void rsys_inject(enum rsys_call call, unsigned nth, int err, int persistent)
{
	faults[call].fail_at = nth ? faults[call].calls + nth : 0;
	faults[call].err = err;
	faults[call].persistent = persistent;
}

void rsys_inject_reset(void)
{
	for (int i = 0; i < RSYS__COUNT; i++) {
		faults[i].fail_at = 0;
		faults[i].persistent = 0;
	}
}

int rsys_injection_available(void)
{
	return 1;
}

/* Returns the injected -errno for this call, or 0 to make the real call. */
static int fault(enum rsys_call call)
{
	struct rsys_fault *f = &faults[call];
	f->calls++;
	if (!f->fail_at || f->calls < f->fail_at)
		return 0;
	if (f->calls == f->fail_at || f->persistent)
		return -f->err;
	return 0;
}
#else
void rsys_inject(enum rsys_call call, unsigned nth, int err, int persistent)
{
	(void)call, (void)nth, (void)err, (void)persistent;
}
void rsys_inject_reset(void)
{
}
int rsys_injection_available(void)
{
	return 0;
}
#define fault(call) 0
#endif

#define CHECKED(call, expr)                  \
	do {                                 \
		int f_ = fault(call);        \
		if (f_)                      \
			return f_;           \
		long r_ = (long)(expr);      \
		return r_ < 0 ? -errno : r_; \
	} while (0)

int rsys_open(const char *path, int flags, mode_t mode)
{
	CHECKED(RSYS_OPEN, open(path, flags, mode));
}

int rsys_close(int fd)
{
	CHECKED(RSYS_CLOSE, close(fd));
}

int rsys_fstat(int fd, struct stat *st)
{
	CHECKED(RSYS_FSTAT, fstat(fd, st));
}

int rsys_fchmod(int fd, mode_t mode)
{
	CHECKED(RSYS_FCHMOD, fchmod(fd, mode));
}

int rsys_ftruncate(int fd, off_t len)
{
	CHECKED(RSYS_FTRUNCATE, ftruncate(fd, len));
}

int rsys_fallocate(int fd, off_t off, off_t len)
{
	int f = fault(RSYS_FALLOCATE);
	if (f)
		return f;
	int e = posix_fallocate(fd, off, len); /* returns the errno itself */
	return -e;
}

int rsys_unlink(const char *path)
{
	CHECKED(RSYS_UNLINK, unlink(path));
}

void *rsys_mmap(size_t len, int prot, int flags, int fd, int *err)
{
	int f = fault(RSYS_MMAP);
	if (f) {
		*err = f;
		return MAP_FAILED;
	}
	void *p = mmap(NULL, len, prot, flags, fd, 0);
	*err = p == MAP_FAILED ? -errno : 0;
	return p;
}

int rsys_munmap(void *p, size_t len)
{
	CHECKED(RSYS_MUNMAP, munmap(p, len));
}

void *rsys_mremap(void *old, size_t old_len, size_t new_len, int *err)
{
	int f = fault(RSYS_MREMAP);
	if (f) {
		*err = f;
		return MAP_FAILED;
	}
	void *p = mremap(old, old_len, new_len, MREMAP_MAYMOVE);
	*err = p == MAP_FAILED ? -errno : 0;
	return p;
}

int rsys_memfd_create(const char *name, unsigned flags)
{
	CHECKED(RSYS_MEMFD_CREATE, memfd_create(name, flags));
}

int rsys_socketpair(int domain, int type, int sv[2])
{
	CHECKED(RSYS_SOCKETPAIR, socketpair(domain, type, 0, sv));
}

ssize_t rsys_sendmsg(int fd, const struct msghdr *msg, int flags)
{
	CHECKED(RSYS_SENDMSG, sendmsg(fd, msg, flags));
}

ssize_t rsys_recvmsg(int fd, struct msghdr *msg, int flags)
{
	CHECKED(RSYS_RECVMSG, recvmsg(fd, msg, flags));
}

ssize_t rsys_send(int fd, const void *buf, size_t n, int flags)
{
	CHECKED(RSYS_SEND, send(fd, buf, n, flags));
}

ssize_t rsys_read(int fd, void *buf, size_t n)
{
	CHECKED(RSYS_READ, read(fd, buf, n));
}

int rsys_poll(struct pollfd *fds, nfds_t n, int timeout_ms)
{
	CHECKED(RSYS_POLL, poll(fds, n, timeout_ms));
}
