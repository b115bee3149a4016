/* helper.c - a persistent helper process serving timed requests. */
#include "helper.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc.h"

struct helper_ctx {
	rb_helper_fn fn;
	void *arg;
	int sock;
};

static int helper_main(void *p)
{
	struct helper_ctx *c = p;
	/* Hold no fd but our socket: an inherited copy of this helper's (or an
	 * earlier helper's) parent end would keep that helper from seeing EOF. */
	if (c->sock > 3)
		close_range(3, (unsigned)c->sock - 1, 0);
	close_range((unsigned)c->sock + 1, ~0u, 0);
	for (;;) {
		int64_t req[4], rep[4] = { 0, 0, 0, 0 };
		ssize_t n = recv(c->sock, req, sizeof(req), 0);
		if (n == 0)
			return 0; /* parent closed: done */
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return 3;
		}
		if (n != sizeof(req))
			return 4;
		int ret = c->fn(c->arg, c->sock, req, rep);
		if (ret)
			return ret;
		if (send(c->sock, rep, sizeof(rep), MSG_NOSIGNAL) != sizeof(rep))
			return 5;
	}
}

int rb_helper_start(struct rb_helper *h, rb_helper_fn fn, void *arg)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	struct helper_ctx c = { .fn = fn, .arg = arg, .sock = sv[1] };
	pid_t pid = rb_fork(helper_main, &c, getpgrp());
	close(sv[1]);
	if (pid < 0) {
		close(sv[0]);
		return (int)pid;
	}
	h->pid = pid;
	h->sock = sv[0];
	return 0;
}

int rb_helper_send(struct rb_helper *h, const int64_t req[4])
{
	ssize_t n = send(h->sock, req, 4 * sizeof(int64_t), MSG_NOSIGNAL);
	if (n < 0)
		return errno == ECONNRESET ? -EPIPE : -errno;
	return 0;
}

int rb_helper_recv(struct rb_helper *h, int64_t rep[4], int timeout_ms)
{
	struct pollfd p = { .fd = h->sock, .events = POLLIN };
	int r;
	do
		r = poll(&p, 1, timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r == 0) {
		kill(h->pid, SIGKILL);
		return -ETIMEDOUT;
	}
	ssize_t n = recv(h->sock, rep, 4 * sizeof(int64_t), 0);
	if (n == 0 || (n < 0 && errno == ECONNRESET))
		return -EPIPE;
	if (n < 0)
		return -errno;
	return n == 4 * sizeof(int64_t) ? 0 : -EPROTO;
}

int rb_helper_call(struct rb_helper *h, const int64_t req[4], int64_t rep[4], int timeout_ms)
{
	int ret = rb_helper_send(h, req);
	return ret ? ret : rb_helper_recv(h, rep, timeout_ms);
}

void rb_helper_stop(struct rb_helper *h)
{
	if (h->sock >= 0)
		close(h->sock);
	h->sock = -1;
	if (h->pid > 0) {
		int st;
		if (rb_wait_deadline(h->pid, 0, 5000, &st) == -ETIMEDOUT)
			kill(h->pid, SIGKILL);
	}
	h->pid = 0;
}
