/* layout.h - the segment the stress harness grows: a header page, then
 * fixed-size record slots. Also how records are made.
 *
 * Header (first page): magic, version, record size and payload seed (fixed at
 * create; re-validated after every remap and in the final sweep), then the
 * growth protocol's fields: current_size (release-stored by the host after
 * each growth) and generation (growths so far, stored just before
 * current_size; re-validated too); the rest of the page is 0. The slot allocator and the
 * stop flag are harness bookkeeping and live in the arena (arena.h), so a
 * damaged header is reported as such instead of derailing the run.
 *
 * Record (record_size bytes, a multiple of 8, >= 48):
 *   0  commit   (atomic u64; written LAST with a release store; 0 = empty)
 *   8  writer   (u32), record_size (u32)
 *   16 seq      (u64: the writer's sequence number = its records before this one)
 *   24 t_write  (CLOCK_MONOTONIC ns, taken just before the commit store)
 *   32 checksum (u64 over writer, size, seq, payload and t_write)
 *   40 payload  (derived from (seed, writer, seq))
 * The commit word also encodes (writer, seq, slot), so a record copied to
 * the wrong slot is detected. t_write is covered by the checksum only. */
#ifndef REGIONBENCH_STRESS_LAYOUT_H
#define REGIONBENCH_STRESS_LAYOUT_H

#include <stdatomic.h>
#include <stdint.h>

#define RBS_MAGIC 0x6e6f69676572736bull /* "ksregion" */
#define RBS_VERSION 2
#define RBS_DATA_OFF 4096u
#define RBS_REC_HDR 40u

struct rbs_header {
	uint64_t magic;
	uint32_t version;
	uint32_t record_size;
	uint64_t seed;
	_Atomic uint64_t current_size; /* release-stored by the host after each growth */
	_Atomic uint64_t generation;   /* number of growths so far */
};

struct rbs_record {
	_Atomic uint64_t commit;
	uint32_t writer;
	uint32_t size;
	uint64_t seq;
	uint64_t t_write;
	uint64_t checksum;
	uint64_t payload[]; /* (record_size - 40) / 8 words */
};

static inline uint64_t rbs_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static inline uint64_t rbs_payload_word(uint64_t seed, uint32_t writer, uint64_t seq, uint32_t i)
{
	return rbs_mix(seed ^ ((uint64_t)writer << 48) ^ (seq * 0x9e3779b97f4a7c15ull) ^ ((uint64_t)i << 32));
}

static inline uint64_t rbs_commit_word(uint32_t writer, uint64_t seq, uint64_t slot)
{
	return rbs_mix(((uint64_t)writer << 56) ^ seq ^ (slot * 0xff51afd7ed558ccdull)) | 1;
}

/* The checksum over writer, size, seq and payload (t_write is folded in last,
 * so a writer can take its timestamp after the long part, right before the
 * commit store). */
static inline uint64_t rbs_checksum_body(const struct rbs_record *r, uint32_t words)
{
	uint64_t h = rbs_mix(r->writer ^ ((uint64_t)r->size << 32)) ^ rbs_mix(r->seq);
	for (uint32_t i = 0; i < words; i++)
		h = rbs_mix(h ^ r->payload[i]);
	return h;
}

static inline uint64_t rbs_checksum_final(uint64_t body, uint64_t t_write)
{
	return body ^ rbs_mix(t_write + 1);
}

static inline uint64_t rbs_checksum(const struct rbs_record *r, uint32_t words)
{
	return rbs_checksum_final(rbs_checksum_body(r, words), r->t_write);
}

static inline uint64_t rbs_slot_off(uint64_t slot, uint32_t record_size)
{
	return RBS_DATA_OFF + slot * record_size;
}

/* Which sampled records a reader times for visible_ns: one in four, chosen by
 * the record (writer, seq), not by where it lies. */
static inline int rbs_vis_sampled(uint32_t writer, uint64_t seq)
{
	return (rbs_mix(((uint64_t)writer << 40) ^ seq ^ 0x5bd1e995u) & 3) == 0;
}

#endif
