/* check.c - what a slot and the header must hold, and the findings when they
 * do not. Every process (readers live, every process in its final sweep,
 * guests after each remap) checks through these two functions. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "guest.h"

static int bad(struct rbs_finding *f, enum rb_violation kind, uint64_t offset, uint64_t expected, uint64_t found,
	       const char *when, const char *what)
{
	f->kind = kind;
	f->offset = offset;
	f->expected = expected;
	f->found = found;
	snprintf(f->detail, sizeof(f->detail), "%s: %s", when, what);
	return RBS_BAD;
}

int rbs_check_slot(const struct rbs_guest_ctx *c, uint64_t slot, uint32_t w, uint64_t k, struct rbs_finding *f,
		   uint64_t *t_write, const char *when)
{
	const struct rbs_record *r =
		(const struct rbs_record *)((const char *)mmap_region_ptr(&c->r) + rbs_slot_off(slot, c->cfg->record_size));
	return rbs_check_record(c, r, atomic_load_explicit(&r->commit, memory_order_acquire), slot, w, k, f, t_write, when);
}

int rbs_check_record(const struct rbs_guest_ctx *c, const struct rbs_record *r, uint64_t commit, uint64_t slot,
		     uint32_t w, uint64_t k, struct rbs_finding *f, uint64_t *t_write, const char *when)
{
	const struct rbs_config *cfg = c->cfg;
	uint32_t rs = cfg->record_size, words = (rs - RBS_REC_HDR) / 8;
	uint64_t off = rbs_slot_off(slot, rs);
	if (!commit)
		return RBS_EMPTY;
	uint64_t want = rbs_commit_word(w, k, slot);
	uint32_t rw = r->writer, rsz = r->size;
	uint64_t rq = r->seq;
	memset(f, 0, sizeof(*f));
	f->slot = slot;
	f->writer = w;
	f->seq = k;
	char what[96];
	if (commit != want) {
		int fields_ok = rw < (uint32_t)cfg->writers && rsz == rs;
		if (fields_ok && commit == rbs_commit_word(rw, rq, slot)) {
			snprintf(what, sizeof(what), "holds writer %u's record %llu, published a second time", rw,
				 (unsigned long long)rq);
			return bad(f, RB_V_DUPLICATE, off, want, commit, when, what);
		}
		if (fields_ok) {
			snprintf(what, sizeof(what), "holds writer %u's record %llu, whose commit word names another slot", rw,
				 (unsigned long long)rq);
			return bad(f, RB_V_MISPLACED, off, want, commit, when, what);
		}
		return bad(f, RB_V_TORN, off, want, commit, when, "commit word and record fields are not a record of this slot");
	}
	if (rw != w)
		return bad(f, RB_V_TORN, off + 8, w, rw, when, "writer field differs from the commit word");
	if (rsz != rs)
		return bad(f, RB_V_TORN, off + 12, rs, rsz, when, "size field differs");
	if (rq != k)
		return bad(f, RB_V_TORN, off + 16, k, rq, when, "seq field differs from the commit word");
	for (uint32_t i = 0; i < words; i++) {
		uint64_t exp = rbs_payload_word(cfg->seed, w, k, i);
		if (r->payload[i] != exp) {
			snprintf(what, sizeof(what), "payload word %u differs", i);
			return bad(f, RB_V_TORN, off + RBS_REC_HDR + 8u * i, exp, r->payload[i], when, what);
		}
	}
	uint64_t sum = rbs_checksum(r, words);
	if (sum != r->checksum)
		return bad(f, RB_V_TORN, off + 32, sum, r->checksum, when, "checksum differs (t_write or checksum damaged)");
	*t_write = r->t_write;
	return RBS_OK;
}

void rbs_finding_at(struct rbs_finding *f, const struct rbs_config *cfg, enum rb_violation kind, uint64_t slot,
		    uint32_t w, uint64_t k, const char *fmt, ...)
{
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->writer = w;
	f->seq = k;
	f->slot = slot;
	f->offset = rbs_slot_off(slot, cfg->record_size);
	f->expected = rbs_commit_word(w, k, slot);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
	va_end(ap);
}

uint64_t rbs_growth_size(const struct rbs_config *cfg, uint64_t g)
{
	uint64_t room = cfg->max_size - cfg->initial_size;
	return g >= (room + cfg->grow_step - 1) / cfg->grow_step ? cfg->max_size : cfg->initial_size + g * cfg->grow_step;
}

uint64_t rbs_growth_of(const struct rbs_config *cfg, uint64_t size)
{
	return size <= cfg->initial_size ? 0 : (size - cfg->initial_size + cfg->grow_step - 1) / cfg->grow_step;
}

static int on_schedule(const struct rbs_config *cfg, uint64_t size)
{
	return size >= cfg->initial_size && size <= cfg->max_size &&
	       rbs_growth_size(cfg, rbs_growth_of(cfg, size)) == size;
}

int rbs_check_header(struct rbs_guest_ctx *c, const struct rbs_header *h, uint64_t expect_size, const char *when)
{
	const struct rbs_config *cfg = c->cfg;
	struct rbs_finding f;
	memset(&f, 0, sizeof(f));
	f.kind = RB_V_HEADER;
	f.slot = RBS_NONE;
	const char *field = NULL;
	/* generation before current_size: the host stores them in the other order,
	 * so while it grows the region gen is at most one growth ahead of cur */
	uint64_t gen = atomic_load_explicit(&h->generation, memory_order_acquire);
	uint64_t cur = atomic_load_explicit(&h->current_size, memory_order_acquire);
	uint64_t gen_want = rbs_growth_of(cfg, expect_size ? expect_size : cur);
	const uint64_t *page = (const uint64_t *)(const void *)h;
	uint32_t pad = (uint32_t)(sizeof(*h) / 8);
	while (pad < RBS_DATA_OFF / 8 && !page[pad])
		pad++;
	if (h->magic != RBS_MAGIC)
		field = "magic", f.offset = 0, f.expected = RBS_MAGIC, f.found = h->magic;
	else if (h->version != RBS_VERSION)
		field = "version", f.offset = 8, f.expected = RBS_VERSION, f.found = h->version;
	else if (h->record_size != cfg->record_size)
		field = "record_size", f.offset = 12, f.expected = cfg->record_size, f.found = h->record_size;
	else if (h->seed != cfg->seed)
		field = "seed", f.offset = 16, f.expected = cfg->seed, f.found = h->seed;
	else if (expect_size ? cur != expect_size : !on_schedule(cfg, cur))
		field = "current_size", f.offset = 24, f.expected = expect_size ? expect_size : mmap_region_len(&c->r),
		f.found = cur;
	else if (expect_size ? gen != gen_want : gen > gen_want + 1)
		field = "generation", f.offset = 32, f.expected = gen_want, f.found = gen;
	else if (pad < RBS_DATA_OFF / 8)
		field = "(unused, must be 0)", f.offset = 8u * pad, f.expected = 0, f.found = page[pad];
	if (!field)
		return 0;
	snprintf(f.detail, sizeof(f.detail), "%s: header field %s damaged", when, field);
	rbs_note(c->a, c->me, &f);
	return -1;
}

int rbs_check_file_size(struct rbs_guest_ctx *c, uint64_t size, const char *when)
{
	struct stat st;
	if (fstat(mmap_region_fd(&c->r), &st) || (uint64_t)st.st_size <= size)
		return 0;
	struct rbs_finding f;
	memset(&f, 0, sizeof(f));
	f.kind = RB_V_HEADER;
	f.slot = RBS_NONE;
	f.offset = 24; /* current_size */
	f.expected = size;
	f.found = (uint64_t)st.st_size;
	snprintf(f.detail, sizeof(f.detail), "%s: the file is %llu bytes, grown past the region's recorded size", when,
		 (unsigned long long)st.st_size);
	rbs_note(c->a, c->me, &f);
	return -1;
}
