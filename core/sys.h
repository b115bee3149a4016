/*
 * sys.h - the one place that wraps the syscalls the core makes.
 *
 * Each wrapper returns the result (fd, count, 0) or a negative errno; mmap
 * wrappers return a pointer and set *err. When the library is built with
 * REGION_FAULT_INJECTION (the `region_fi` target, used only by tests), a test
 * can make the Nth next call of one syscall fail with a chosen errno.
 */
#ifndef REGIONBENCH_CORE_SYS_H
#define REGIONBENCH_CORE_SYS_H

#include <poll.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>

enum rsys_call {
	RSYS_OPEN,
	RSYS_CLOSE,
	RSYS_FSTAT,
	RSYS_FCHMOD,
	RSYS_FTRUNCATE,
	RSYS_FALLOCATE,
	RSYS_UNLINK,
	RSYS_MMAP,
	RSYS_MUNMAP,
	RSYS_MREMAP,
	RSYS_MEMFD_CREATE,
	RSYS_SOCKETPAIR,
	RSYS_SENDMSG,
	RSYS_RECVMSG,
	RSYS_SEND,
	RSYS_READ,
	RSYS_POLL,
	RSYS__COUNT
};

/* Fault injection (only effective in the region_fi build; no-ops otherwise).
 * The `nth` next call (1 = the very next) of `call` fails with `err`;
 * `persistent` makes every call from then on fail too. */
void rsys_inject(enum rsys_call call, unsigned nth, int err, int persistent);
void rsys_inject_reset(void);
/* 1 when this build honours rsys_inject. */
int rsys_injection_available(void);

int rsys_open(const char *path, int flags, mode_t mode);
int rsys_close(int fd);
int rsys_fstat(int fd, struct stat *st);
int rsys_fchmod(int fd, mode_t mode);
int rsys_ftruncate(int fd, off_t len);
int rsys_fallocate(int fd, off_t off, off_t len);
int rsys_unlink(const char *path);
void *rsys_mmap(size_t len, int prot, int flags, int fd, int *err);
int rsys_munmap(void *p, size_t len);
void *rsys_mremap(void *old, size_t old_len, size_t new_len, int *err);
int rsys_memfd_create(const char *name, unsigned flags);
int rsys_socketpair(int domain, int type, int sv[2]);
ssize_t rsys_sendmsg(int fd, const struct msghdr *msg, int flags);
ssize_t rsys_recvmsg(int fd, struct msghdr *msg, int flags);
ssize_t rsys_send(int fd, const void *buf, size_t n, int flags);
ssize_t rsys_read(int fd, void *buf, size_t n);
int rsys_poll(struct pollfd *fds, nfds_t n, int timeout_ms);

#endif
