/* writer.c - a writer guest: claims record slots in order (the claim itself
 * records the owner, so a writer killed at any point leaves no unowned slot),
 * waits for growth when a slot lies past its mapping, writes a record and
 * publishes it with a release store of the commit word, written last. It is
 * paced (--rate) so that readers keep up. At the end it reports what it
 * committed and the slot it left claimed, then takes part in the final sweep. */
#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#include "guest.h"
#include "proc.h"

/* Sleep when this far ahead of the schedule; closer, go on (or, pinned to a
 * CPU of its own, spin), so records come evenly rather than in bursts. After
 * waiting for growth the schedule starts again from now (no burst); behind
 * for any other reason (the CPU was taken), it catches up. */
#define PACE_SLEEP_NS 20000u

static void pace(const struct rbs_guest_ctx *c, uint64_t *next, uint64_t period, int waited)
{
	if (!period)
		return;
	uint64_t now = rb_now_ns();
	*next = waited ? now + period : *next + period;
	if (*next > now + PACE_SLEEP_NS) {
		struct timespec ts = { (time_t)(*next / 1000000000u), (long)(*next % 1000000000u) };
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
	} else if (c->cfg->pin) {
		while (rb_now_ns() < *next)
			rb_cpu_relax();
	}
}

/* Claim the first free slot at or after the hint: the compare-and-swap that
 * wins the slot writes its owner. Slots are claimed without gaps. Returns
 * `lim` when none is left. */
static uint64_t claim(struct rbs_arena *a, uint32_t w, uint64_t lim)
{
	uint8_t me = (uint8_t)(w + 1);
	for (uint64_t s = atomic_load_explicit(&a->hint, memory_order_relaxed); s < lim; s++) {
		uint8_t z = 0;
		if (atomic_load_explicit(&a->owner[s], memory_order_relaxed))
			continue;
		if (atomic_compare_exchange_strong_explicit(&a->owner[s], &z, me, memory_order_acq_rel,
							    memory_order_relaxed)) {
			atomic_store_explicit(&a->hint, s + 1, memory_order_relaxed);
			return s;
		}
	}
	return lim;
}

static void write_record(struct rbs_guest_ctx *c, struct rbs_record *r, uint64_t slot, uint32_t w, uint64_t seq)
{
	uint32_t rs = c->cfg->record_size, words = (rs - RBS_REC_HDR) / 8;
	uint64_t commit = rbs_commit_word(w, seq, slot);
	if (rbs_test_hook() == RBS_HOOK_EARLY_COMMIT && seq % 64 == 63) {
		/* test-only bug: the commit word goes out before the payload */
		static uint64_t window = UINT64_MAX;
		if (window == UINT64_MAX)
			window = rbs_test_u64("RB_TEST_EARLY_COMMIT_NS", 0);
		atomic_store_explicit(&r->commit, commit, memory_order_release);
		c->me->early_commits++;
		/* sleep, not spin: the readers get the CPU inside the window even on a busy machine */
		if (window) {
			struct timespec ts = {(time_t)(window / 1000000000u), (long)(window % 1000000000u)};
			while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
				;
		}
	}
	r->writer = w;
	r->size = rs;
	r->seq = seq;
	for (uint32_t i = 0; i < words; i++)
		r->payload[i] = rbs_payload_word(c->cfg->seed, w, seq, i);
	uint64_t body = rbs_checksum_body(r, words);
	r->t_write = rb_now_ns();
	r->checksum = rbs_checksum_final(body, r->t_write);
	atomic_store_explicit(&r->commit, commit, memory_order_release);
}

int rbs_writer_main(struct rbs_guest_ctx *c)
{
	struct rbs_guest *g = c->me;
	struct rbs_arena *a = c->a;
	uint32_t w = (uint32_t)g->index, rs = c->cfg->record_size;
	uint64_t rate = rbs_rate(c->cfg);
	uint64_t seq = 0, period = rate ? 1000000000ull / rate : 0, next = rb_now_ns();
	uint64_t stall_seq = rbs_test_hook() == RBS_HOOK_STALL ? rbs_test_u64("RB_TEST_STALL_SEQ", 1000) : UINT64_MAX;
	int ret = 0;
	prctl(PR_SET_TIMERSLACK, 1000ul); /* pacing sleeps are short */
	g->t_start = rb_now_ns();
	for (;;) {
		if (atomic_load_explicit(&a->stop, memory_order_acquire))
			break;
		uint64_t slot = claim(a, w, c->capacity);
		if (slot >= c->capacity) {
			g->full = 1; /* the region reached --max-size: nothing more fits */
			break;
		}
		atomic_store_explicit(&g->cur_slot, slot, memory_order_release);
		if (w == 0 && seq == stall_seq)
			rbs_test_stall(slot);
		uint64_t off = rbs_slot_off(slot, rs);
		int waited = 0;
		while ((ret = rbs_guest_cover(c, off + rs, 1)) == 0) {
			waited = 1;
			if (atomic_load_explicit(&a->stop, memory_order_acquire))
				break;
		}
		if (ret <= 0)
			break; /* stopped while waiting for growth, or detection failed: the slot is abandoned */
		struct rbs_record *r = (struct rbs_record *)((char *)mmap_region_ptr(&c->r) + off);
		if (!(rbs_test_hook() == RBS_HOOK_DROP && w == 0 && seq == 100)) /* test-only: reported, never written */
			write_record(c, r, slot, w, seq);
		atomic_store_explicit(&g->committed, seq + 1, memory_order_release);
		atomic_store_explicit(&g->cur_slot, RBS_NONE, memory_order_release);
		if (off >= g->attach_len)
			g->grown_records++;
		seq++;
		pace(c, &next, period, waited);
	}
	g->abandoned_slot = atomic_load_explicit(&g->cur_slot, memory_order_relaxed);
	if (ret < 0)
		rbs_guest_error(c, "growth detection or remap failed waiting for slot %llu: %s",
				(unsigned long long)g->abandoned_slot, strerror(-ret));
	rbs_guest_live_over(c);
	rbs_guest_final(c);
	rbs_guest_finish(c);
	return ret < 0 ? 1 : 0;
}
