/* reader.c - a reader guest's live pass: it resolves every claimed slot in
 * order. The slot's owner (from the claim) and the owner's records before it
 * give the record that must be there. A committed record is verified (and one
 * in four, chosen by (writer, seq), timed for visible_ns, with whether the
 * reader was caught up); an empty slot is waited for while its writer may
 * still write it, is `erased` when its writer had committed it, and
 * abandoned when its writer ended or died without committing it. A record
 * seen torn, or anything else that is not the owner's record (a stranger's
 * record in a slot its owner has not written yet), is noted and then waited
 * for until its writer is done with it: a record still being written is
 * verified once complete; one its writer never committed (it ended or died
 * first) leaves the slot abandoned, with the finding counted as what it is,
 * never as a lost record. The pass ends when every
 * writer is over and every claim is resolved; waiting gives up only for a
 * writer that is stuck after the stop, and names it and the slot. */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#include "guest.h"
#include "proc.h"

#define RBS_GIVE_UP_NS 2000000000ull /* after the stop */

struct rd {
	struct rbs_guest_ctx *c;
	struct rbs_guest *me;
	struct rbs_arena *a;
	uint64_t *rank;	 /* per writer: its slots resolved so far */
	uint64_t *seen;	 /* per writer: its records verified live (copied to the arena at the end) */
	uint64_t rng;
	unsigned idle, since_probe, probe_every;
	uint64_t stop_seen;
};

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void sample(struct rd *d, enum rbs_vis v, uint64_t x)
{
	struct rbs_guest *g = d->me;
	uint64_t *buf = rbs_vis_buf(d->a, g->index, v);
	g->vis_seen[v]++;
	if (g->vis_n[v] < RBS_VIS_CAP) {
		buf[g->vis_n[v]++] = x;
	} else {
		uint64_t j = xorshift(&d->rng) % g->vis_seen[v];
		if (j < RBS_VIS_CAP)
			buf[j] = x;
	}
}

static const struct rbs_record *rec(const struct rbs_guest_ctx *c, uint64_t s)
{
	return (const struct rbs_record *)((const char *)mmap_region_ptr(&c->r) + rbs_slot_off(s, c->cfg->record_size));
}

/* Nothing committed ahead of slot s: each writer holds at most one claim it
 * has not committed, so among the next writers+1 claimed slots one at least
 * is committed unless the reader is at the front. */
static int caught_up(const struct rd *d, uint64_t s)
{
	const struct rbs_guest_ctx *c = d->c;
	uint64_t last = s + (uint64_t)c->cfg->writers + 1;
	for (uint64_t t = s + 1; t <= last && t < c->capacity; t++) {
		if (!atomic_load_explicit(&d->a->owner[t], memory_order_relaxed))
			return 1;
		if (t == last)
			return 0;
		if (rbs_slot_off(t, c->cfg->record_size) + c->cfg->record_size <= mmap_region_len(&c->r) &&
		    atomic_load_explicit(&rec(c, t)->commit, memory_order_relaxed))
			return 0;
	}
	return 1;
}

static int all_writers_over(const struct rd *d)
{
	for (int w = 0; w < d->c->cfg->writers; w++)
		if (!rbs_writer_over(d->a, w))
			return 0;
	return 1;
}

/* One step of waiting for the next record, by how long this reader has
 * waited: spin first (with --pin every guest has a CPU of its own, so spin
 * long and never lose the CPU), then yield, then sleep. */
static void backoff(struct rd *d)
{
	unsigned spin = d->c->cfg->pin ? 1u << 20 : 256;
	if (++d->idle < spin) {
		rb_cpu_relax();
	} else if (d->idle < spin + 2048) {
		sched_yield();
	} else {
		struct timespec ts = { 0, 20000 };
		nanosleep(&ts, NULL);
	}
}

/* After the stop, a writer that neither finishes slot s nor ends within
 * RBS_GIVE_UP_NS is stuck: give up, naming it and the slot. */
static int give_up(struct rd *d, uint64_t s, int w, const char *why)
{
	if (d->me->stuck_slot != RBS_NONE)
		return 1; /* gave up already (the first slot is the one named) */
	if (!atomic_load_explicit(&d->a->stop, memory_order_acquire))
		return 0;
	uint64_t now = rb_now_ns();
	if (!d->stop_seen)
		d->stop_seen = now;
	if (now - d->stop_seen < RBS_GIVE_UP_NS)
		return 0;
	if (w < 0)
		for (int i = 0; i < d->c->cfg->writers && w < 0; i++)
			if (!rbs_writer_over(d->a, i))
				w = i;
	struct rbs_guest *wg = w >= 0 ? &d->a->g[w] : NULL;
	d->me->stuck_writer = w >= 0 ? (uint64_t)w : RBS_NONE;
	d->me->stuck_slot = s;
	rbs_guest_error(d->c, "gave up at slot %llu (offset %llu) %.1f s after the stop: %s (writer %d, pid %d)",
			(unsigned long long)s, (unsigned long long)rbs_slot_off(s, d->c->cfg->record_size),
			(double)RBS_GIVE_UP_NS / 1e9, why, w, wg ? (int)wg->pid : 0);
	return 1;
}

static void pass(struct rd *d, uint64_t *s, uint32_t w)
{
	d->rank[w]++;
	(*s)++;
	d->idle = 0;
}

/* A written record this reader did not verify (f: what it found): mark lost. */
static void lost(struct rd *d, const struct rbs_finding *f)
{
	struct rbs_finding l = *f;
	l.kind = RB_V_LOST;
	snprintf(l.detail, sizeof(l.detail), "reader %d did not see this record: %s", d->me->index, f->detail);
	rbs_note(d->a, d->me, &l);
}

/* The same, noting what it found first. */
static void missed(struct rd *d, const struct rbs_finding *f)
{
	rbs_note(d->a, d->me, f);
	lost(d, f);
}

static void erased_live(struct rd *d, uint64_t s, uint32_t w, uint64_t k)
{
	struct rbs_finding f;
	rbs_finding_at(&f, d->c->cfg, RB_V_ERASED, s, w, k, "live: the slot reads empty but its writer had committed the record");
	missed(d, &f);
}

/* A record seen torn may still be being written, and one that is not the
 * owner's may still be overwritten by the owner's: look again until it is
 * intact, or its writer is done with it (it counts a record committed right
 * after the commit store) or over, or gives up like any wait for a writer. */
static int settle(struct rd *d, uint64_t s, uint32_t w, uint64_t k, struct rbs_finding *f, uint64_t *tw)
{
	struct rbs_guest *wg = &d->a->g[w];
	unsigned idle = 0;
	for (;;) {
		int done = atomic_load_explicit(&wg->committed, memory_order_acquire) > k || rbs_writer_over(d->a, (int)w);
		int st = rbs_check_slot(d->c, s, w, k, f, tw, "live, looked at again");
		if (st != RBS_BAD || done ||
		    give_up(d, s, (int)w, "its writer neither finished the record seen there nor ended"))
			return st;
		if (++idle < 64) {
			rb_cpu_relax();
		} else if (idle < 64 + 2048) {
			sched_yield();
		} else { /* a writer that takes long (stalled, off the CPU): do not burn a CPU */
			struct timespec ts = { 0, 20000 };
			nanosleep(&ts, NULL);
		}
	}
}

/* Writer w is over and never committed its record k: the slot it claimed is
 * abandoned, whatever someone else put there. */
static int unwritten(const struct rd *d, uint32_t w, uint64_t k)
{
	return rbs_writer_over(d->a, (int)w) && atomic_load_explicit(&d->a->g[w].committed, memory_order_acquire) <= k;
}

/* Newest first: a reader that is behind still looks at records the moment
 * they are committed. Every so many records it verifies while more than a
 * writer's worth of slots behind, it watches the next slot to be claimed (up
 * to RBS_PROBE_NS) and checks what is there the moment a commit word appears.
 * A record caught torn is noted (the in-order pass verifies it later,
 * complete, and counts it); nothing else is counted here. It probes every
 * RBS_PROBE_MIN records while probes find writers writing, backing off to
 * every RBS_PROBE_MAX while they time out (writers paced, waiting, or off
 * the CPU). */
#define RBS_PROBE_MIN 16u
#define RBS_PROBE_MAX 1024u
#define RBS_PROBE_NS 2000u

static void probe(struct rd *d, uint64_t s)
{
	struct rbs_guest_ctx *c = d->c;
	struct rbs_arena *a = d->a;
	uint32_t rs = c->cfg->record_size;
	uint64_t slot = atomic_load_explicit(&a->hint, memory_order_relaxed);
	if (slot <= s + (uint64_t)c->cfg->writers + 1 || slot >= c->capacity)
		return; /* at the front already: the in-order pass sees records as they come */
	if (rbs_guest_cover(c, rbs_slot_off(slot, rs) + rs, 0) != 1)
		return; /* not mapped here (yet) */
	const struct rbs_record *r = rec(c, slot);
	uint64_t t0 = rb_now_ns();
	uint64_t commit;
	for (unsigned i = 1; !(commit = atomic_load_explicit(&r->commit, memory_order_acquire)); i++) {
		if (!(i & 63) && rb_now_ns() - t0 > RBS_PROBE_NS) {
			if (d->probe_every < RBS_PROBE_MAX)
				d->probe_every *= 2;
			return;
		}
		rb_cpu_relax();
	}
	d->probe_every = RBS_PROBE_MIN;
	/* what is there right now: the bookkeeping below takes longer than a torn window */
	uint64_t snap[4096 / 8];
	memcpy(snap, (const void *)r, rs);
	uint8_t o = atomic_load_explicit(&a->owner[slot], memory_order_acquire);
	if (!o)
		return;
	uint32_t w = (uint32_t)(o - 1);
	/* its record number: the one near the writer's count whose commit word this is */
	uint64_t cm = atomic_load_explicit(&a->g[w].committed, memory_order_acquire), k = cm + 2;
	while (k-- > (cm > 4 ? cm - 4 : 0))
		if (commit == rbs_commit_word(w, k, slot))
			break;
	if (commit != rbs_commit_word(w, k, slot))
		return; /* not a commit word of this writer here: the in-order pass will say what it is */
	struct rbs_finding f;
	uint64_t tw;
	if (rbs_check_record(c, (const struct rbs_record *)snap, commit, slot, w, k, &f, &tw, "live, newest first") ==
		    RBS_BAD &&
	    f.kind == RB_V_TORN)
		rbs_note(a, d->me, &f);
	d->me->probes++;
}

/* Slot s holds a commit word: verify it as writer w's record k (timing one
 * record in four). Returns RBS_EMPTY when the slot reads empty after all,
 * else the slot is resolved and s moved on. */
static int verify(struct rd *d, uint64_t *s, uint32_t w, uint64_t k)
{
	struct rbs_guest_ctx *c = d->c;
	int timed = rbs_vis_sampled(w, k), front = 0;
	uint64_t seen = 0, behind = 0;
	if (timed) {
		seen = rb_now_ns();
		front = caught_up(d, *s);
		uint64_t hint = atomic_load_explicit(&d->a->hint, memory_order_relaxed);
		behind = hint > *s + 1 ? hint - *s - 1 : 0;
	}
	struct rbs_finding f;
	uint64_t tw = 0;
	int st = rbs_check_slot(c, *s, w, k, &f, &tw, "live");
	if (st == RBS_EMPTY)
		return st;
	if (st == RBS_BAD) {
		timed = 0;
		/* seen torn, or not the owner's record: noted; verified below if its
		 * writer completes or overwrites it */
		rbs_note(d->a, d->me, &f);
		enum rb_violation seen_first = f.kind;
		st = settle(d, *s, w, k, &f, &tw);
		if (d->me->stuck_slot != RBS_NONE)
			return RBS_BAD; /* gave up here: the live pass ends at this slot */
		if (st == RBS_BAD && f.kind != seen_first)
			rbs_note(d->a, d->me, &f); /* something else by now */
		if (st != RBS_OK) {
			if (unwritten(d, w, k)) /* a slot never written: no record lost, whatever is there */
				d->me->abandoned++;
			else if (st == RBS_EMPTY)
				erased_live(d, *s, w, k);
			else
				lost(d, &f);
			pass(d, s, w);
			return st;
		}
	}
	d->me->verified++;
	d->seen[w]++;
	if (++d->since_probe >= d->probe_every) {
		d->since_probe = 0;
		probe(d, *s);
	}
	if (timed) {
		sample(d, front ? RBS_VIS_CAUGHT_UP : RBS_VIS_BEHIND, seen > tw ? seen - tw : 0);
		sample(d, RBS_VIS_BACKLOG, behind);
	}
	pass(d, s, w);
	return RBS_OK;
}

int rbs_reader_main(struct rbs_guest_ctx *c)
{
	struct rbs_guest *g = c->me;
	struct rbs_arena *a = c->a;
	int nw = c->cfg->writers;
	uint32_t rs = c->cfg->record_size;
	struct rd d = { .c = c, .me = g, .a = a, .probe_every = RBS_PROBE_MIN, .rank = calloc((size_t)nw, sizeof(uint64_t)),
			.seen = calloc((size_t)nw, sizeof(uint64_t)), .rng = 0x9e3779b97f4a7c15ull ^ (uint64_t)(g->index + 1) };
	uint64_t s = 0;
	int ret;
	prctl(PR_SET_TIMERSLACK, 1000ul); /* its short sleeps stay short */
	g->t_start = rb_now_ns();
	if (!d.rank || !d.seen) {
		rbs_guest_error(c, "out of memory");
		goto out;
	}
	while (s < c->capacity && g->stuck_slot == RBS_NONE) {
		atomic_store_explicit(&g->cursor, s, memory_order_relaxed);
		uint64_t end = rbs_slot_off(s, rs) + rs;
		if (rbs_test_hook() == RBS_HOOK_SKIP && g->index == 0 && s == 1000 &&
		    atomic_load_explicit(&a->owner[s], memory_order_acquire)) {
			pass(&d, &s, (uint32_t)(atomic_load(&a->owner[s]) - 1)); /* test-only reader bug */
			continue;
		}
		if (end <= mmap_region_len(&c->r)) {
			/* the fast path: the record names its writer, that writer claimed
			 * the slot, and its commit word says it is that writer's next
			 * record, here (a record the claim does not back - one forged
			 * ahead of the claims - takes the slow path, which judges it
			 * against the claim, so one bad slot never shifts the ranks) */
			const struct rbs_record *r = rec(c, s);
			uint64_t commit = atomic_load_explicit(&r->commit, memory_order_acquire);
			uint32_t rw = r->writer;
			if (commit && rw < (uint32_t)nw && commit == rbs_commit_word(rw, d.rank[rw], s) &&
			    atomic_load_explicit(&a->owner[s], memory_order_acquire) == rw + 1 &&
			    verify(&d, &s, rw, d.rank[rw]) != RBS_EMPTY)
				continue;
			/* at the front: watch the commit word; look at the rest one time in 16 */
			if (!commit && (d.idle & 15) != 15) {
				backoff(&d);
				continue;
			}
		}
		/* the slow path: the slot's owner (from its claim) says what must be there */
		uint8_t o = atomic_load_explicit(&a->owner[s], memory_order_acquire);
		if (!o) {
			/* the front: done once no writer can claim again */
			if (all_writers_over(&d)) {
				if (!atomic_load_explicit(&a->owner[s], memory_order_acquire))
					break;
				continue;
			}
			if (give_up(&d, s, -1, "no writer claimed it and one never ended"))
				break;
			backoff(&d);
			continue;
		}
		uint32_t w = (uint32_t)(o - 1);
		uint64_t k = d.rank[w];
		if (end > mmap_region_len(&c->r)) {
			ret = rbs_guest_cover(c, end, 0);
			if (ret == 0 && rbs_writer_over(a, (int)w) &&
			    k >= atomic_load_explicit(&a->g[w].committed, memory_order_acquire)) {
				g->abandoned++; /* claimed past the region, never written: nothing to map */
				pass(&d, &s, w);
				continue;
			}
			if (ret == 0)
				ret = rbs_guest_cover(c, end, 1);
			if (ret < 0) {
				rbs_guest_error(c, "growth detection or remap failed at slot %llu: %s", (unsigned long long)s,
						strerror(-ret));
				break;
			}
			if (ret == 0 && give_up(&d, s, (int)w, "the slot lies past this reader's mapping and no growth reached it"))
				break;
			continue;
		}
		if (atomic_load_explicit(&rec(c, s)->commit, memory_order_acquire) && verify(&d, &s, w, k) != RBS_EMPTY)
			continue;
		/* empty: settled once its writer committed it (erased) or is over (abandoned) */
		uint64_t cm = atomic_load_explicit(&a->g[w].committed, memory_order_acquire);
		int over = cm <= k && rbs_writer_over(a, (int)w);
		if ((cm > k || over) && atomic_load_explicit(&rec(c, s)->commit, memory_order_acquire)) {
			verify(&d, &s, w, k); /* it arrived meanwhile */
		} else if (cm > k) {
			erased_live(&d, s, w, k);
			pass(&d, &s, w);
		} else if (over) {
			g->abandoned++;
			pass(&d, &s, w);
		} else {
			if (give_up(&d, s, (int)w, "its writer neither committed it nor ended"))
				break;
			backoff(&d);
		}
	}
out:
	atomic_store_explicit(&g->cursor, s, memory_order_release);
	for (int w = 0; d.seen && w < nw; w++)
		rbs_seen(a, g->index)[w] = d.seen[w];
	free(d.rank);
	free(d.seen);
	rbs_guest_live_over(c);
	rbs_guest_final(c);
	rbs_guest_finish(c);
	return 0;
}
