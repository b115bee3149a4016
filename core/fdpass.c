/* fdpass.c - pass a region's fd and size over a UNIX socket (SCM_RIGHTS). */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "mmap_region.h"
#include "sys.h"

int mmap_region_send_fd(int sock, int fd, uint64_t size)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = &size, .iov_len = sizeof(size) };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = u.buf,
		.msg_controllen = sizeof(u.buf),
	};
	memset(u.buf, 0, sizeof(u.buf));
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	ssize_t n;
	do
		n = rsys_sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (n == -EINTR);
	if (n < 0)
		return (int)n;
	return n == (ssize_t)sizeof(size) ? 0 : -EPROTO;
}

int mmap_region_recv_fd(int sock, int *fd_out, uint64_t *size_out)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	uint64_t size = 0;
	struct iovec iov = { .iov_base = &size, .iov_len = sizeof(size) };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = u.buf,
		.msg_controllen = sizeof(u.buf),
	};
	*fd_out = -1;
	ssize_t n;
	do
		n = rsys_recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (n == -EINTR);
	if (n < 0)
		return (int)n;
	if (n == 0)
		return -EPIPE;
	int fd = -1;
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
	    c->cmsg_len == CMSG_LEN(sizeof(int)))
		memcpy(&fd, CMSG_DATA(c), sizeof(int));
	if (fd < 0 || n != (ssize_t)sizeof(size) || (msg.msg_flags & MSG_CTRUNC)) {
		if (fd >= 0)
			rsys_close(fd);
		return -EPROTO;
	}
	*fd_out = fd;
	*size_out = size;
	return 0;
}
