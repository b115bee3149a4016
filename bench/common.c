/* common.c - shared pieces of benchmark scenarios (helper-process scenarios). */
#include "scenario.h"

int rbb_hsetup(struct rbb_ctx *ctx, rb_helper_fn serve)
{
	struct rbb_hstate *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	int ret = rbb_make_region(ctx, &s->r, "helper", MMAP_REGION_MANUAL, NULL);
	if (!ret) {
		rb_pin_cpu(rb_other_cpu(ctx->pin_cpu)); /* the helper inherits this */
		ret = rb_helper_start(&s->h, serve, s);
		rb_pin_cpu(ctx->pin_cpu);
		if (ret)
			mmap_region_close(&s->r);
	}
	if (ret) {
		free(s);
		return ret;
	}
	ctx->priv = s;
	return 0;
}

void rbb_hrun(struct rbb_ctx *ctx, rbb_state *st)
{
	struct rbb_hstate *s = ctx->priv;
	int64_t rep[4];
	while (rbb_keep_running(st)) {
		if (rbb_helper_time(st, &s->h, 1, rep))
			break;
		rbb_iteration_ns(st, (double)rep[0]);
	}
}

void rbb_hteardown(struct rbb_ctx *ctx)
{
	struct rbb_hstate *s = ctx->priv;
	rb_helper_stop(&s->h);
	mmap_region_close(&s->r);
	free(s);
}

const char *const rbb_cleanup_variants[] = { "manual", "auto", NULL };

const char *rbb_cleanup_supported(const struct rbb_ctx *ctx)
{
	if (ctx->backend->is_memfd && ctx->variant == 1)
		return "memfd has no file to unlink: AUTO is the same as MANUAL";
	return NULL;
}
