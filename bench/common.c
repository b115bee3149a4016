/* common.c - shared pieces of benchmark scenarios (helper-process scenarios). */
#include <sys/mman.h>

#include "scenario.h"

const struct rb_metric rbb_m_after_wake = {
	"after_wake_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_SIZE, 0,
	"the same operation in the helper right after it woke up for the request (a context switch before it)"
};

/* In the helper: req[1] operations after the post-wake-up one; rep[1] is that one's ns. */
static int serve(void *arg, int sock, const int64_t req[4], int64_t rep[4])
{
	(void)sock;
	struct rbb_hstate *s = arg;
	int64_t ns;
	int ret = s->op(s, &ns);
	rep[1] = ns;
	for (int64_t i = 0; !ret && i < req[1] && i < RBB_BATCH; i++)
		ret = s->op(s, &s->buf[i]);
	rep[0] = ret;
	return 0;
}

int rbb_hsetup(struct rbb_ctx *ctx, rbb_helper_op op, rb_helper_fn custom)
{
	struct rbb_hstate *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->op = op;
	s->buf = mmap(NULL, RBB_BATCH * sizeof(int64_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int ret = s->buf == MAP_FAILED ? -ENOMEM : rbb_make_region(ctx, &s->r, "helper", MMAP_REGION_MANUAL, NULL);
	if (!ret) {
		rb_pin_cpu(rb_other_cpu(ctx->pin_cpu)); /* the helper inherits this */
		ret = rb_helper_start(&s->h, custom ? custom : serve, s);
		rb_pin_cpu(ctx->pin_cpu);
		if (ret)
			mmap_region_close(&s->r);
	}
	if (ret) {
		if (s->buf != MAP_FAILED)
			munmap(s->buf, RBB_BATCH * sizeof(int64_t));
		free(s);
		return ret;
	}
	ctx->priv = s;
	return 0;
}

void rbb_hrun(struct rbb_ctx *ctx, rbb_state *st)
{
	struct rbb_hstate *s = ctx->priv;
	int k;
	while ((k = rbb_batch(st, RBB_BATCH)) > 0) {
		int64_t req[4] = { 1, k, 0, 0 }, rep[4];
		int ret = rb_helper_call(&s->h, req, rep, 30000);
		if (!ret)
			ret = (int)rep[0];
		if (ret) {
			rbb_skip_errno(st, ret, "helper process");
			break;
		}
		for (int i = 0; i < k; i++)
			rbb_iteration_ns(st, (double)s->buf[i]);
		rbb_sample(st, 1, (double)rep[1]);
	}
}

void rbb_hteardown(struct rbb_ctx *ctx)
{
	struct rbb_hstate *s = ctx->priv;
	rb_helper_stop(&s->h);
	mmap_region_close(&s->r);
	munmap(s->buf, RBB_BATCH * sizeof(int64_t));
	free(s);
}

const char *const rbb_cleanup_variants[] = { "manual", "auto", NULL };

const char *rbb_cleanup_supported(const struct rbb_ctx *ctx)
{
	if (ctx->backend->is_memfd && ctx->variant == 1)
		return "memfd has no file to unlink: AUTO is the same as MANUAL";
	return NULL;
}
