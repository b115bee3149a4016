/* doorbell.c - the growth doorbell: one byte on a non-blocking socketpair. */
#include <errno.h>
#include <sys/socket.h>

#include "mmap_region.h"
#include "sys.h"

int region_doorbell_pair(struct region_doorbell *a, struct region_doorbell *b)
{
	int sv[2];
	int ret = rsys_socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, sv);
	if (ret)
		return ret;
	a->fd = sv[0];
	b->fd = sv[1];
	return 0;
}

int region_doorbell_signal(const struct region_doorbell *d)
{
	static const char one = 1;
	ssize_t n;
	do
		n = rsys_send(d->fd, &one, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
	while (n == -EINTR);
	if (n == 1 || n == -EAGAIN)
		return 0; /* a full buffer means: already signalled */
	if (n == -EPIPE || n == -ECONNRESET || n == -ENOTCONN)
		return -EPIPE;
	return n < 0 ? (int)n : -EIO;
}

int region_doorbell_wait(const struct region_doorbell *d, int timeout_ms)
{
	struct pollfd p = { .fd = d->fd, .events = POLLIN };
	int ret;
	do
		ret = rsys_poll(&p, 1, timeout_ms);
	while (ret == -EINTR);
	if (ret < 0)
		return ret;
	if (ret == 0)
		return 0;
	if (p.revents & (POLLERR | POLLNVAL))
		return -EPIPE;
	/* Drain everything that is there; EOF means the peer is gone. */
	char buf[64];
	int got = 0;
	for (;;) {
		ssize_t n = rsys_read(d->fd, buf, sizeof(buf));
		if (n > 0) {
			got = 1;
			continue;
		}
		if (n == -EINTR)
			continue;
		if (n == 0 || n == -ECONNRESET)
			return got ? 1 : -EPIPE; /* a ring just before dying still counts */
		if (n == -EAGAIN)
			break;
		return (int)n;
	}
	if (!got && (p.revents & POLLHUP))
		return -EPIPE;
	return got;
}

void region_doorbell_close(struct region_doorbell *d)
{
	if (d->fd >= 0)
		rsys_close(d->fd);
	d->fd = -1;
}
