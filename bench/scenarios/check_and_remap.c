/* check_and_remap: a guest asks whether the region grew. fstat path
 * (mmap_region_check_and_remap) unchanged and grown, against the growth
 * protocol's header check (acquire-load of current_size) unchanged and grown.
 * The host's growth before a "grown" iteration is not timed. */
#include <stdatomic.h>

#include "../scenario.h"

static const struct rb_metric m_check = { "check_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_NONE, 0,
					"one growth check (fstat or header acquire-load), remap included when it grew" };
static const struct rb_metric *const metrics[] = { &m_check, NULL };
static const char *const variants[] = { "fstat/unchanged", "fstat/grown", "header/unchanged", "header/grown",
					NULL };

#define BATCH 256 /* header loads are too quick to time one by one */
#define LIMIT (64u << 20)

struct state {
	struct mmap_region host, guest;
};

static _Atomic uint64_t *header(struct mmap_region *r)
{
	return (_Atomic uint64_t *)mmap_region_ptr(r);
}

static int open_pair(struct rbb_ctx *ctx, struct state *s)
{
	int ret = rbb_make_region(ctx, &s->host, "check", MMAP_REGION_AUTO, NULL);
	if (ret)
		return ret;
	int fd = dup(mmap_region_fd(&s->host));
	ret = fd < 0 ? -errno : mmap_region_attach_fd(&s->guest, fd, mmap_region_len(&s->host));
	if (ret) {
		mmap_region_close(&s->host);
		return ret;
	}
	atomic_store_explicit(header(&s->host), mmap_region_len(&s->host), memory_order_release);
	return 0;
}

static void close_pair(struct state *s)
{
	mmap_region_close(&s->guest);
	mmap_region_close(&s->host);
}

static int setup(struct rbb_ctx *ctx)
{
	struct state *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	int ret = open_pair(ctx, s);
	if (ret) {
		free(s);
		return ret;
	}
	ctx->priv = s;
	return 0;
}

/* Host side of a growth (untimed): grow, then publish the size. */
static int grow(struct rbb_ctx *ctx, struct state *s)
{
	if (mmap_region_len(&s->host) >= LIMIT) {
		close_pair(s);
		int ret = open_pair(ctx, s);
		if (ret)
			return ret;
	}
	size_t n = mmap_region_len(&s->host) + RBB_PAGE;
	int ret = mmap_region_resize(&s->host, n);
	if (!ret)
		atomic_store_explicit(header(&s->host), n, memory_order_release);
	return ret;
}

static int header_check(struct state *s)
{
	uint64_t cur = atomic_load_explicit(header(&s->guest), memory_order_acquire);
	return cur > mmap_region_len(&s->guest) ? mmap_region_remap_to(&s->guest, (size_t)cur) : 0;
}

static void run(struct rbb_ctx *ctx, rbb_state *st)
{
	struct state *s = ctx->priv;
	int grown = ctx->variant & 1, hdr = ctx->variant & 2;
	while (rbb_keep_running(st)) {
		int ret = grown ? grow(ctx, s) : 0;
		if (ret) {
			rbb_skip_errno(st, ret, "host resize");
			break;
		}
		uint64_t t0 = rb_now_ns(), t1;
		if (hdr && !grown) {
			for (int i = 0; i < BATCH && !ret; i++)
				ret = header_check(s);
			t1 = rb_now_ns();
			rbb_iteration_ns(st, (double)(t1 - t0) / BATCH);
			continue;
		}
		ret = hdr ? header_check(s) : mmap_region_check_and_remap(&s->guest);
		t1 = rb_now_ns();
		if (ret != grown) {
			rbb_skip_errno(st, ret < 0 ? ret : -EPROTO, "check_and_remap");
			break;
		}
		rbb_iteration_ns(st, (double)(t1 - t0));
	}
}

static void teardown(struct rbb_ctx *ctx)
{
	close_pair(ctx->priv);
	free(ctx->priv);
}

const struct rbb_scenario rbb_check_and_remap = {
	.name = "check_and_remap",
	.desc = "guest growth check: fstat (seed) vs header acquire-load, unchanged and grown",
	.metrics = metrics,
	.variants = variants,
	.setup = setup,
	.run = run,
	.teardown = teardown,
};
