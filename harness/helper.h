/* helper.h - a persistent helper process that performs timed operations on
 * request, for scenarios whose timed event happens in another process.
 * Requests and replies are 4 x int64 over a SOCK_SEQPACKET socketpair, which
 * can also carry fds (SCM_RIGHTS). */
#ifndef REGIONBENCH_HARNESS_HELPER_H
#define REGIONBENCH_HARNESS_HELPER_H

#include <stdint.h>
#include <sys/types.h>

/* Runs in the child for every request; `sock` is the child's end. Return 0
 * to go on, non-zero to end the child with that code. */
typedef int (*rb_helper_fn)(void *arg, int sock, const int64_t req[4], int64_t rep[4]);

struct rb_helper {
	pid_t pid;
	int sock; /* parent's end */
};

/* Fork the helper (in the caller's process group, dies with the parent). */
int rb_helper_start(struct rb_helper *h, rb_helper_fn fn, void *arg);
/* Send a request and wait up to timeout_ms for the reply. -EPIPE when the
 * helper died, -ETIMEDOUT (the helper is then killed). */
int rb_helper_call(struct rb_helper *h, const int64_t req[4], int64_t rep[4], int timeout_ms);
/* Send only the request (the caller passes an fd next, then waits). */
int rb_helper_send(struct rb_helper *h, const int64_t req[4]);
int rb_helper_recv(struct rb_helper *h, int64_t rep[4], int timeout_ms);
/* Close the socket (the helper sees EOF and exits) and reap it. */
void rb_helper_stop(struct rb_helper *h);

#endif
