/* guest.c - what writers and readers share: attaching, SIGBUS reporting,
 * growth detection (doorbell, poll, fstat), record checks, violations. */
#include <errno.h>
#include <signal.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc.h"
#include "stress.h"

static struct rbs_guest_ctx *bus_ctx;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	struct rbs_guest_ctx *c = bus_ctx;
	struct rbs_guest *g = c->me;
	uintptr_t base = (uintptr_t)mmap_region_ptr(&c->r);
	g->sigbus = 1;
	g->bus_addr = (uint64_t)(uintptr_t)si->si_addr;
	g->bus_off = (uint64_t)((uintptr_t)si->si_addr - base);
	g->bus_map_len = mmap_region_len(&c->r);
	struct stat st;
	g->bus_file_size = fstat(mmap_region_fd(&c->r), &st) == 0 ? (uint64_t)st.st_size : UINT64_MAX;
	g->nviol++;
	if (!g->viol.kind[0]) {
		memcpy(g->viol.kind, "sigbus", 7);
		g->viol.offset = g->bus_off;
	}
	_exit(70);
}

int rbs_guest_attach(struct rbs_guest_ctx *c)
{
	struct mmap_region_opts o = { .strategy = c->cfg->strategy };
	int ret;
	if (c->path) {
		ret = mmap_region_attach_opts(&c->r, c->path, &o);
	} else {
		int fd;
		uint64_t size;
		ret = mmap_region_recv_fd(c->fdsock, &fd, &size);
		if (!ret)
			ret = mmap_region_attach_fd_opts(&c->r, fd, (size_t)size, &o);
	}
	if (ret)
		return ret;
	bus_ctx = c;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGBUS, &sa, NULL);
	c->hdr = mmap_region_ptr(&c->r);
	if (c->hdr->magic != RBS_MAGIC || c->hdr->version != RBS_VERSION ||
	    c->hdr->record_size != c->cfg->record_size)
		return -EPROTO;
	c->me->attach_len = mmap_region_len(&c->r);
	c->capacity = (c->cfg->max_size - RBS_DATA_OFF) / c->cfg->record_size;
	return 0;
}

void rbs_guest_violation(struct rbs_guest_ctx *c, const char *kind, uint32_t writer, uint64_t seq, uint64_t offset,
			 uint64_t expected, uint64_t found, const char *detail)
{
	struct rbs_guest *g = c->me;
	if (g->nviol++ == 0) {
		snprintf(g->viol.kind, sizeof(g->viol.kind), "%s", kind);
		g->viol.writer = writer;
		g->viol.seq = seq;
		g->viol.offset = offset;
		g->viol.expected = expected;
		g->viol.found = found;
		snprintf(g->viol.detail, sizeof(g->viol.detail), "%s", detail ? detail : "");
	}
}

static void remapped(struct rbs_guest_ctx *c, uint64_t t0, uint64_t t1);

int rbs_guest_refresh(struct rbs_guest_ctx *c, int block)
{
	if (rbs_test_hook() == RBS_HOOK_NOREMAP)
		return 0; /* test-only: a guest that never notices growth */
	int ret;
	uint64_t t0 = 0;
	switch (c->cfg->detect) {
	case RBS_DOORBELL:
		ret = region_doorbell_wait(&c->bell, 0);
		if (ret < 0 && ret != -EPIPE)
			return ret;
		/* on a ring, or before touching past the mapping: read the header */
		__attribute__((fallthrough));
	case RBS_POLL: {
		uint64_t cur = atomic_load_explicit(&c->hdr->current_size, memory_order_acquire);
		if (cur > mmap_region_len(&c->r)) {
			t0 = rb_now_ns();
			ret = mmap_region_remap_to(&c->r, (size_t)cur);
			break;
		}
		if (block) {
			if (c->cfg->detect == RBS_DOORBELL)
				region_doorbell_wait(&c->bell, 2);
			else
				sched_yield();
		}
		return 0;
	}
	case RBS_FSTAT:
	default:
		t0 = rb_now_ns();
		ret = mmap_region_check_and_remap(&c->r);
		if (ret == 0 && block)
			sched_yield();
		break;
	}
	if (ret < 0) {
		c->me->remap_failures++;
		return ret;
	}
	if (ret == 1)
		remapped(c, t0, rb_now_ns());
	return ret;
}

/* After a remap: record its cost and the growth-to-remapped latency, then
 * spot-check that data written before the growth is intact in the new mapping. */
static void remapped(struct rbs_guest_ctx *c, uint64_t t0, uint64_t t1)
{
	struct rbs_guest *g = c->me;
	c->hdr = mmap_region_ptr(&c->r);
	g->remaps++;
	if (g->n_remap < RBS_GROWTHS)
		g->remap_ns[g->n_remap++] = t1 - t0;
	uint64_t gen = atomic_load_explicit(&c->hdr->generation, memory_order_acquire);
	uint64_t ts = gen ? atomic_load_explicit(&c->a->t_store[gen % RBS_GROWTHS], memory_order_acquire) : 0;
	if (ts && t1 >= ts) {
		if (g->n_g2r < RBS_GROWTHS)
			g->g2r_ns[g->n_g2r++] = t1 - ts;
	} else {
		g->early_detections++; /* saw the file grow before the host's store (fstat mode) */
	}
	/* spot check: up to 8 committed records spread over what existed before */
	uint64_t claimed = atomic_load_explicit(&c->hdr->next_slot, memory_order_acquire);
	uint64_t fit = (mmap_region_len(&c->r) - RBS_DATA_OFF) / c->cfg->record_size;
	uint64_t n = claimed < fit ? claimed : fit;
	for (uint64_t k = 0; n && k < 8; k++) {
		uint32_t w;
		uint64_t seq, tw;
		if (rbs_check_record(c, k * (n - 1) / 7, &w, &seq, &tw, "after-remap") == 0)
			g->spot_checked++;
	}
}

int rbs_check_record(struct rbs_guest_ctx *c, uint64_t slot, uint32_t *writer, uint64_t *seq, uint64_t *t_write,
		     const char *when)
{
	uint32_t rs = c->cfg->record_size;
	uint64_t off = rbs_slot_off(slot, rs);
	struct rbs_record *r = (struct rbs_record *)((char *)mmap_region_ptr(&c->r) + off);
	uint64_t commit = atomic_load_explicit(&r->commit, memory_order_acquire);
	if (!commit)
		return 1;
	int live = !strcmp(when, "live");
	const char *bad = live ? "torn" : "not-intact";
	char detail[128];
	uint32_t w = r->writer;
	uint64_t s = r->seq, tw = r->t_write;
	if (w >= (uint32_t)c->cfg->writers || r->size != rs) {
		snprintf(detail, sizeof(detail), "%s: header fields invalid (writer %u, size %u)", when, w, r->size);
		rbs_guest_violation(c, bad, w, s, off + 8, rs, r->size, detail);
		return -1;
	}
	if (commit != rbs_commit_word(w, s, slot)) {
		snprintf(detail, sizeof(detail), "%s: commit word is not this slot's for (writer, seq)", when);
		rbs_guest_violation(c, "misplaced", w, s, off, rbs_commit_word(w, s, slot), commit, detail);
		return -1;
	}
	uint32_t words = (rs - RBS_REC_HDR) / 8;
	for (uint32_t i = 0; i < words; i++) {
		uint64_t want = rbs_payload_word(c->hdr->seed, w, s, i);
		if (r->payload[i] != want) {
			snprintf(detail, sizeof(detail), "%s: payload word %u differs", when, i);
			rbs_guest_violation(c, bad, w, s, off + RBS_REC_HDR + 8u * i, want, r->payload[i], detail);
			return -1;
		}
	}
	uint64_t sum = rbs_checksum(r, words);
	if (sum != r->checksum) {
		snprintf(detail, sizeof(detail), "%s: checksum differs", when);
		rbs_guest_violation(c, bad, w, s, off + 32, sum, r->checksum, detail);
		return -1;
	}
	*writer = w;
	*seq = s;
	*t_write = tw;
	return 0;
}

void rbs_guest_finish(struct rbs_guest_ctx *c)
{
	struct rbs_guest *g = c->me;
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) == 0) {
		g->minflt = (uint64_t)ru.ru_minflt;
		g->majflt = (uint64_t)ru.ru_majflt;
		g->utime_s = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6;
		g->stime_s = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
	}
	g->final_len = mmap_region_len(&c->r);
	g->t_end = rb_now_ns();
	atomic_store(&g->done, 1);
}
