/* reader.c - a reader guest: scans record slots in order with acquire loads,
 * verifies every committed record, checks each writer's sequence (nothing
 * lost, nothing twice), samples visible_ns, and finally re-verifies every
 * record it saw in its final mapping. */
#include <sched.h>
#include <stdio.h>
#include <time.h>

#include "proc.h"
#include "stress.h"

struct rd {
	struct rbs_guest_ctx *c;
	uint64_t *expect; /* per writer */
	uint64_t *vis;	  /* this reader's sample reservoir */
	uint64_t rng;
};

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void sample(struct rd *d, uint64_t v)
{
	struct rbs_guest *g = d->c->me;
	g->vis_seen++;
	if (v > g->vis_max)
		g->vis_max = v;
	if (g->vis_n < RBS_VIS_CAP)
		d->vis[g->vis_n++] = v;
	else {
		uint64_t j = xorshift(&d->rng) % g->vis_seen;
		if (j < RBS_VIS_CAP)
			d->vis[j] = v;
	}
}

static int writers_finished(struct rbs_guest_ctx *c)
{
	if (!atomic_load_explicit(&c->hdr->stop, memory_order_acquire))
		return 0;
	int done = 0;
	for (int w = 0; w < c->cfg->writers; w++)
		done += atomic_load(&c->a->g[w].done) || atomic_load(&c->a->dead[w]);
	return done == c->cfg->writers;
}

/* Every writer has finished (or died) and slot s is past the last claimed one. */
static int finished(struct rbs_guest_ctx *c, uint64_t s)
{
	if (!writers_finished(c))
		return 0;
	uint64_t claimed = atomic_load_explicit(&c->hdr->next_slot, memory_order_acquire);
	return s >= claimed || s >= c->capacity;
}

/* A slot that will never be committed: abandoned at stop, or claimed by a writer that died. */
static int hole(struct rbs_guest_ctx *c, uint64_t s)
{
	for (int w = 0; w < c->cfg->writers; w++) {
		struct rbs_guest *g = &c->a->g[w];
		if (atomic_load(&g->done) && atomic_load(&g->abandoned_slot) == s)
			return 1;
		if (atomic_load(&c->a->dead[w]) && atomic_load(&g->claimed_slot) == s)
			return 1;
	}
	return 0;
}

/* Everyone is done, yet what this reader waits for does not come (the data lies
 * past its mapping and no growth reaches it, or the slot stays empty because its
 * data vanished): give up after a grace period; the verdict then reports the
 * records this reader never saw. */
static int give_up(struct rbs_guest_ctx *c, uint64_t *stuck_since)
{
	if (!writers_finished(c))
		return 0;
	if (!*stuck_since)
		*stuck_since = rb_now_ns();
	return rb_now_ns() - *stuck_since > 2000000000ull;
}

/* Waiting for the next record: spin first (with --pin every guest has a CPU of
 * its own, so spin long and never lose the CPU), then yield, then sleep. */
static void backoff(struct rbs_guest_ctx *c, unsigned *idle)
{
	unsigned spin = c->cfg->pin ? 1u << 20 : 64;
	if (++*idle < spin) {
		rb_cpu_relax();
	} else if (*idle < spin + 2048) {
		sched_yield();
	} else {
		struct timespec ts = { 0, 20000 };
		nanosleep(&ts, NULL);
	}
	if (*idle >= 64 && (*idle & 63) == 0)
		rbs_guest_maybe_refresh(c, rb_now_ns());
}

int rbs_reader_main(struct rbs_guest_ctx *c)
{
	struct rbs_guest *g = c->me;
	int ri = g->index, nw = c->cfg->writers;
	uint32_t rs = c->cfg->record_size;
	struct rd d = { c, c->a->expect + (size_t)ri * (size_t)nw, c->a->vis + (size_t)ri * RBS_VIS_CAP,
			0x9e3779b97f4a7c15ull ^ (uint64_t)(ri + 1) };
	uint64_t s = 0, stuck_since = 0;
	unsigned idle = 0;
	char detail[128];
	g->t_start = rb_now_ns();
	while (s < c->capacity) {
		uint64_t off = rbs_slot_off(s, rs);
		if (off + rs > mmap_region_len(&c->r)) {
			if (finished(c, s))
				break;
			if (rbs_guest_refresh(c, 1) < 0) {
				rbs_guest_violation(c, "remap-failed", 0, 0, off, 0, 0, "growth detection or remap failed");
				break;
			}
			if (off + rs <= mmap_region_len(&c->r))
				continue;
			if (give_up(c, &stuck_since))
				break;
			backoff(c, &idle);
			continue;
		}
		struct rbs_record *r = (struct rbs_record *)((char *)mmap_region_ptr(&c->r) + off);
		if (!atomic_load_explicit(&r->commit, memory_order_acquire)) {
			if (hole(c, s)) {
				g->holes++;
				s++;
				continue;
			}
			if (finished(c, s) || give_up(c, &stuck_since))
				break;
			backoff(c, &idle);
			continue;
		}
		idle = 0;
		stuck_since = 0;
		/* time one record in RBS_VIS_EVERY: the clock would otherwise be a good
		 * part of the reader's work */
		int timed = s % RBS_VIS_EVERY == 0;
		uint64_t seen = timed ? rb_now_ns() : 0;
		uint32_t w;
		uint64_t seq, tw;
		if (rbs_check_record(c, s, &w, &seq, &tw, "live") == 0) {
			if (seq != d.expect[w]) {
				snprintf(detail, sizeof(detail), "reader %d: writer %u's records out of sequence at slot %llu", ri,
					 w, (unsigned long long)s);
				rbs_guest_violation(c, seq > d.expect[w] ? "lost" : "duplicate", w, d.expect[w], off,
						    d.expect[w], seq, detail);
			}
			if (seq >= d.expect[w])
				d.expect[w] = seq + 1;
			g->verified++;
			if (timed)
				sample(&d, seen > tw ? seen - tw : 0);
		}
		s++;
		if (timed && rbs_guest_maybe_refresh(c, seen) < 0) {
			rbs_guest_violation(c, "remap-failed", 0, 0, off, 0, 0, "growth detection or remap failed");
			break;
		}
	}
	/* Data intact after every remap: verify everything seen, once more, in the final mapping. */
	while (rbs_guest_refresh(c, 0) == 1)
		;
	uint64_t fit = (mmap_region_len(&c->r) - RBS_DATA_OFF) / rs;
	for (uint64_t k = 0; k < s && k < fit; k++) {
		uint32_t w;
		uint64_t seq, tw;
		if (rbs_check_record(c, k, &w, &seq, &tw, "final") == 0)
			g->reverified++;
	}
	rbs_guest_finish(c);
	return 0;
}
