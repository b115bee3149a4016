/* writer.c - a writer guest: claims record slots in order, waits for growth
 * when a slot lies past its mapping, writes a record and publishes it with a
 * release store of the commit word, written last. */
#include <errno.h>
#include <time.h>

#include "proc.h"
#include "stress.h"

static void pace(uint64_t *next, uint64_t period)
{
	if (!period)
		return;
	*next += period;
	uint64_t now = rb_now_ns();
	if (*next > now) {
		struct timespec ts = { (time_t)(*next / 1000000000u), (long)(*next % 1000000000u) };
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
	} else if (now - *next > 100 * period) {
		*next = now; /* far behind: do not burst */
	}
}

static void write_record(struct rbs_guest_ctx *c, struct rbs_record *r, uint64_t slot, uint32_t w, uint64_t seq)
{
	uint32_t rs = c->cfg->record_size, words = (rs - RBS_REC_HDR) / 8;
	int early = rbs_test_hook() == RBS_HOOK_EARLY_COMMIT && seq % 64 == 63;
	if (early) /* test-only bug: the commit word goes out before the payload */
		atomic_store_explicit(&r->commit, rbs_commit_word(w, seq, slot), memory_order_release);
	if (early) {
		uint64_t t = rb_now_ns();
		while (rb_now_ns() - t < 200000)
			rb_cpu_relax();
	}
	r->writer = w;
	r->size = rs;
	r->seq = seq;
	for (uint32_t i = 0; i < words; i++)
		r->payload[i] = rbs_payload_word(c->hdr->seed, w, seq, i);
	uint64_t body = rbs_checksum_body(r, words);
	r->t_write = rb_now_ns();
	r->checksum = rbs_checksum_final(body, r->t_write);
	atomic_store_explicit(&r->commit, rbs_commit_word(w, seq, slot), memory_order_release);
}

int rbs_writer_main(struct rbs_guest_ctx *c)
{
	struct rbs_guest *g = c->me;
	uint32_t w = (uint32_t)g->index, rs = c->cfg->record_size;
	uint64_t seq = 0, period = c->cfg->rate ? 1000000000ull / c->cfg->rate : 0, next = rb_now_ns();
	uint64_t max_slot = 0;
	int ret = 0;
	g->t_start = rb_now_ns();
	for (;;) {
		if (atomic_load_explicit(&c->hdr->stop, memory_order_acquire))
			break;
		if (rbs_test_hook() == RBS_HOOK_DROP && w == 0 && seq == 100)
			seq++; /* test-only bug: a record that is never written */
		uint64_t slot = atomic_fetch_add_explicit(&c->hdr->next_slot, 1, memory_order_relaxed);
		if (slot >= c->capacity)
			break; /* the region reached --max-size: nothing more fits */
		atomic_store_explicit(&g->claimed_slot, slot, memory_order_release);
		uint64_t off = rbs_slot_off(slot, rs);
		int stopped = 0;
		while (off + rs > mmap_region_len(&c->r)) {
			ret = rbs_guest_refresh(c, 1);
			if (ret < 0)
				goto out;
			if (atomic_load_explicit(&c->hdr->stop, memory_order_acquire) &&
			    off + rs > mmap_region_len(&c->r)) {
				stopped = 1;
				break;
			}
		}
		if (stopped)
			break; /* the slot is abandoned below */
		struct rbs_record *r = (struct rbs_record *)((char *)mmap_region_ptr(&c->r) + off);
		write_record(c, r, slot, w, seq);
		atomic_store_explicit(&g->committed, seq + 1, memory_order_release);
		atomic_store_explicit(&g->claimed_slot, UINT64_MAX, memory_order_release);
		if (off >= g->attach_len)
			g->grown_records++;
		if (slot > max_slot)
			max_slot = slot;
		seq++;
		if ((ret = rbs_guest_maybe_refresh(c, r->t_write)) < 0)
			goto out;
		pace(&next, period);
	}
	ret = 0;
out:
	if (atomic_load(&g->claimed_slot) != UINT64_MAX) /* a claimed slot that stays empty */
		atomic_store_explicit(&g->abandoned_slot, atomic_load(&g->claimed_slot), memory_order_release);
	if (ret < 0) {
		rbs_guest_violation(c, "remap-failed", w, seq, 0, 0, (uint64_t)-ret, "growth detection or remap failed");
		rbs_guest_finish(c);
		return 1;
	}
	/* Data intact in this process too: re-check every committed record up to
	 * the last slot this writer used, in its final mapping. */
	while (rbs_guest_refresh(c, 0) == 1)
		;
	uint64_t fit = (mmap_region_len(&c->r) - RBS_DATA_OFF) / rs;
	for (uint64_t s = 0; s <= max_slot && s < fit && seq; s++) {
		uint32_t ww;
		uint64_t sq, tw;
		if (rbs_check_record(c, s, &ww, &sq, &tw, "final") == 0)
			g->reverified++;
	}
	rbs_guest_finish(c);
	return 0;
}
