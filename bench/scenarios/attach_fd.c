/* attach_fd: the creator passes the fd over SCM_RIGHTS to a helper process,
 * which maps it with mmap_region_attach_fd. Two metrics: the mapping itself
 * (attach_fd_ns) and the passing (pass_ns: from before sendmsg in the creator
 * to after recvmsg in the helper, one CLOCK_MONOTONIC). */
#include "../scenario.h"

static const struct rb_metric m_attach_fd = { "attach_fd_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_SIZE, 0,
					"map an fd received over SCM_RIGHTS" };
static const struct rb_metric m_pass = { "pass_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_SIZE, 0,
					"sendmsg in the creator to recvmsg done in the receiver" };
static const struct rb_metric *const metrics[] = { &m_attach_fd, &m_pass, NULL };

static int serve(void *arg, int sock, const int64_t req[4], int64_t rep[4])
{
	(void)arg, (void)req;
	int fd;
	uint64_t size;
	int ret = mmap_region_recv_fd(sock, &fd, &size);
	uint64_t t_recv = rb_now_ns();
	struct mmap_region a;
	if (!ret)
		ret = mmap_region_attach_fd(&a, fd, (size_t)size);
	uint64_t t1 = rb_now_ns();
	rep[0] = ret ? ret : (int64_t)(t1 - t_recv);
	rep[1] = (int64_t)t_recv;
	mmap_region_close(&a);
	return 0;
}

static int setup(struct rbb_ctx *ctx)
{
	return rbb_hsetup(ctx, NULL, serve);
}

static void run(struct rbb_ctx *ctx, rbb_state *st)
{
	struct rbb_hstate *s = ctx->priv;
	int64_t req[4] = { 1, 0, 0, 0 }, rep[4];
	while (rbb_keep_running(st)) {
		int ret = rb_helper_send(&s->h, req);
		uint64_t t0 = rb_now_ns();
		if (!ret)
			ret = mmap_region_send_fd(s->h.sock, mmap_region_fd(&s->r), mmap_region_len(&s->r));
		if (!ret)
			ret = rb_helper_recv(&s->h, rep, 30000);
		if (!ret && rep[0] < 0)
			ret = (int)rep[0];
		if (ret) {
			rbb_skip_errno(st, ret, "fd passing");
			break;
		}
		rbb_iteration_ns(st, (double)rep[0]);
		rbb_sample(st, 1, (double)((uint64_t)rep[1] - t0));
	}
}

const struct rbb_scenario rbb_attach_fd = {
	.name = "attach_fd",
	.desc = "map an fd received over SCM_RIGHTS; the passing cost separately",
	.metrics = metrics,
	.sized = 1,
	.setup = setup,
	.run = run,
	.teardown = rbb_hteardown,
};
