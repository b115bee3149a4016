/* sweep.c - the final sweep every process makes once every writer is over:
 * each slot below the final frontier is exactly one of
 *   verified   - it holds the record its owner wrote there, intact;
 *   abandoned  - its owner claimed it and ended or died without committing
 *                (from the writers' own reports and the claim record);
 *   erased     - its owner reported the record written, and the slot reads
 *                empty, as a hole, or lies past the end of the file;
 *   damaged    - something else is there (torn, misplaced, duplicate);
 *   unreached  - past what this process could map.
 * The host also looks past the frontier, up to the region's final size: no
 * slot there was claimed, so none may hold a record.
 * A process accounts for every written record when verified equals the
 * records written and nothing is erased, damaged or unreached.
 *
 * Guests read through their mappings, like any user (a page that is gone
 * raises SIGBUS, caught and reported). The host reads the file with pread(),
 * a path apart from every mapping: holes and pages past the end of the file
 * read as empty, so the host always lives to give the verdict. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guest.h"

#define CHUNK (1u << 20) /* the host reads this much at a time */

static void erased(struct rbs_guest_ctx *c, uint64_t s, uint32_t w, uint64_t k, const char *why)
{
	struct rbs_finding f;
	rbs_finding_at(&f, c->cfg, RB_V_ERASED, s, w, k, "final sweep: %s", why);
	rbs_note(c->a, c->me, &f);
}

/* Read what lies at [off, off + len) of the region file into buf; bytes past
 * the end of the file read as 0. Returns the bytes the file had, or -1. */
ssize_t rbs_pread_all(int fd, void *buf, size_t len, uint64_t off)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = pread(fd, (char *)buf + got, len - got, (off_t)(off + got));
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	memset((char *)buf + got, 0, len - got);
	return (ssize_t)got;
}

/* The host, past the frontier: no writer claimed a slot there, so none may
 * hold a commit word up to the region's final size. Holes are skipped
 * (SEEK_DATA). A record found there is noted as what it is: a well-formed
 * one as duplicate, else misplaced or torn. */
static void strays(struct rbs_guest_ctx *c, char *buf, size_t per)
{
	struct rbs_arena *a = c->a;
	uint32_t rs = c->cfg->record_size;
	uint64_t end = rbs_slots_in(c->cfg, a->final_size);
	int fd = mmap_region_fd(&c->r);
	for (uint64_t s0 = a->frontier; s0 < end;) {
		off_t data = lseek(fd, (off_t)rbs_slot_off(s0, rs), SEEK_DATA);
		if (data < 0 && errno == ENXIO)
			break; /* only holes from here on */
		if (data > (off_t)rbs_slot_off(s0, rs))
			s0 = ((uint64_t)data - RBS_DATA_OFF) / rs;
		uint64_t s1 = s0 + per < end ? s0 + per : end;
		if (s0 >= s1 || rbs_pread_all(fd, buf, (size_t)(s1 - s0) * rs, rbs_slot_off(s0, rs)) < 0)
			break;
		for (uint64_t s = s0; s < s1; s++) {
			const struct rbs_record *r = (const struct rbs_record *)(buf + (s - s0) * rs);
			uint64_t commit = atomic_load_explicit(&r->commit, memory_order_relaxed), tw;
			struct rbs_finding f;
			int ret = rbs_check_record(c, r, commit, s, r->writer, r->seq, &f, &tw, "final sweep");
			if (ret == RBS_EMPTY)
				continue;
			if (ret == RBS_OK) {
				f.kind = RB_V_DUPLICATE;
				f.offset = rbs_slot_off(s, rs);
				f.found = commit;
				snprintf(f.detail, sizeof(f.detail), "final sweep: a record in a slot no writer claimed (past the frontier)");
			}
			rbs_note_stray(a, c->me, &f);
		}
		s0 = s1;
	}
}

void rbs_sweep(struct rbs_guest_ctx *c, const uint64_t *lost_from)
{
	struct rbs_arena *a = c->a;
	struct rbs_sweep *sw = &c->me->sweep;
	uint32_t rs = c->cfg->record_size;
	uint64_t rank[RBS_MAX_GUESTS] = { 0 };
	uint64_t n = a->frontier, reach = mmap_region_len(&c->r);
	int host = lost_from != NULL;
	size_t per = CHUNK / rs;
	char *buf = host ? malloc((size_t)per * rs) : NULL;
	memset(sw, 0, sizeof(*sw));
	sw->slots = n;
	if (host && !buf) {
		sw->unreached = n;
		sw->done = 1;
		return;
	}
	uint64_t file = UINT64_MAX; /* bytes the file had in the chunk read last (host) */
	for (uint64_t s0 = 0; s0 < n; s0 += per) {
		uint64_t s1 = s0 + per < n ? s0 + per : n;
		const char *base = (const char *)mmap_region_ptr(&c->r) + rbs_slot_off(s0, rs);
		if (host) {
			ssize_t got = rbs_pread_all(mmap_region_fd(&c->r), buf, (size_t)(s1 - s0) * rs, rbs_slot_off(s0, rs));
			file = got < 0 ? rbs_slot_off(s0, rs) : rbs_slot_off(s0, rs) + (uint64_t)got;
			base = buf;
			reach = UINT64_MAX;
		}
		for (uint64_t s = s0; s < s1; s++) {
			uint8_t o = atomic_load_explicit(&a->owner[s], memory_order_acquire);
			uint32_t w = o ? (uint32_t)(o - 1) : 0;
			uint64_t k = rank[w]++;
			int written = o && k < a->g[w].written;
			if (host && written && s >= *lost_from) { /* some reader never got this far */
				struct rbs_finding l;
				rbs_finding_at(&l, c->cfg, RB_V_LOST, s, w, k, "a reader's live pass ended at slot %llu, before it",
					       (unsigned long long)*lost_from);
				rbs_note(a, c->me, &l);
			}
			uint64_t end = rbs_slot_off(s, rs) + rs;
			if (!o || end > reach) {
				if (o && !written)
					sw->abandoned++;
				else
					sw->unreached++;
				continue;
			}
			const struct rbs_record *r = (const struct rbs_record *)(base + (s - s0) * rs);
			uint64_t commit = atomic_load_explicit(&r->commit, memory_order_acquire);
			struct rbs_finding f;
			uint64_t tw;
			int ret = rbs_check_record(c, r, commit, s, w, k, &f, &tw, "final sweep");
			if (written && ret == RBS_OK) {
				sw->verified++;
			} else if (written && ret == RBS_EMPTY) {
				erased(c, s, w, k,
				       end > file ? "the slot lies past the end of the file"
						  : "the slot reads empty (or as a hole) but its writer reported the record written");
				sw->erased++;
			} else if (!written && ret == RBS_EMPTY) {
				sw->abandoned++;
			} else {
				if (ret == RBS_OK) { /* intact, yet its writer never reported it */
					f.kind = RB_V_DUPLICATE;
					f.offset = rbs_slot_off(s, rs);
					snprintf(f.detail, sizeof(f.detail), "final sweep: a record its writer did not report written");
				}
				rbs_note(a, c->me, &f);
				sw->damaged++;
			}
		}
	}
	if (host)
		strays(c, buf, per);
	free(buf);
	sw->done = 1;
}
