/* checks.c - the stress verifier's record and schedule checks on synthetic
 * data: an intact record passes; a changed t_write (covered only by the
 * checksum), payload word, size or seq is torn; a record copied from another
 * slot is misplaced; a well-formed record of another (writer, seq) is a
 * duplicate; a zero commit word is empty. A remap's size names its growth
 * (fstat guests attribute remaps by it), and a configuration that admits no
 * growth is refused. */
#include "../../tests/check.h"
#include "../guest.h"

static struct rbs_config cfg;

static void make(uint64_t *buf, uint32_t w, uint64_t seq, uint64_t slot)
{
	struct rbs_record *r = (struct rbs_record *)buf;
	uint32_t words = (cfg.record_size - RBS_REC_HDR) / 8;
	r->writer = w;
	r->size = cfg.record_size;
	r->seq = seq;
	for (uint32_t i = 0; i < words; i++)
		r->payload[i] = rbs_payload_word(cfg.seed, w, seq, i);
	r->t_write = 12345;
	r->checksum = rbs_checksum(r, words);
	atomic_store(&r->commit, rbs_commit_word(w, seq, slot));
}

static int check(const uint64_t *buf, uint64_t slot, uint32_t w, uint64_t k, uint32_t *kind)
{
	struct rbs_guest_ctx c = { .cfg = &cfg };
	struct rbs_finding f;
	uint64_t tw;
	int ret = rbs_check_record(&c, (const struct rbs_record *)buf, buf[0], slot, w, k, &f, &tw, "test");
	*kind = f.kind;
	if (ret == RBS_OK)
		CHECK_EQ(tw, 12345);
	return ret;
}

static int run(void)
{
	cfg.writers = 2;
	cfg.readers = 1;
	cfg.record_size = 64;
	cfg.seed = 42;
	uint64_t a[8], b[8];
	uint32_t kind;
	make(a, 1, 7, 100);
	CHECK_EQ(check(a, 100, 1, 7, &kind), RBS_OK);
	memcpy(b, a, sizeof(a));
	b[3] ^= 1; /* t_write: only the checksum covers it */
	CHECK_EQ(check(b, 100, 1, 7, &kind), RBS_BAD);
	CHECK_EQ(kind, RB_V_TORN);
	memcpy(b, a, sizeof(a));
	b[6] ^= 1; /* a payload word */
	CHECK_EQ(check(b, 100, 1, 7, &kind), RBS_BAD);
	CHECK_EQ(kind, RB_V_TORN);
	memcpy(b, a, sizeof(a));
	b[1] = 0; /* writer 0, size 0: fields not written yet */
	CHECK_EQ(check(b, 100, 1, 7, &kind), RBS_BAD);
	CHECK_EQ(kind, RB_V_TORN);
	CHECK_EQ(check(a, 101, 0, 3, &kind), RBS_BAD); /* copied onto the next slot */
	CHECK_EQ(kind, RB_V_MISPLACED);
	make(b, 1, 7, 101); /* writer 1's record 7 published again, well formed, at slot 101 */
	CHECK_EQ(check(b, 101, 0, 3, &kind), RBS_BAD);
	CHECK_EQ(kind, RB_V_DUPLICATE);
	memcpy(b, a, sizeof(a));
	b[0] = 0;
	CHECK_EQ(check(b, 100, 1, 7, &kind), RBS_EMPTY);

	/* growth g's size and back (the last growth is capped at --max-size) */
	cfg.initial_size = 1 << 20;
	cfg.grow_step = 4 << 20;
	cfg.max_size = 10 << 20;
	CHECK_EQ(rbs_growth_size(&cfg, 0), 1 << 20);
	CHECK_EQ(rbs_growth_size(&cfg, 2), 9 << 20);
	CHECK_EQ(rbs_growth_size(&cfg, 3), 10 << 20);
	for (uint64_t g = 0; g <= 3; g++)
		CHECK_EQ(rbs_growth_of(&cfg, rbs_growth_size(&cfg, g)), g);

	/* configurations that admit no growth are refused, naming the options */
	char err[512];
	cfg.duration_ns = 50000000;
	cfg.grow_every_ns = 50000000;
	cfg.rate = RBS_RATE_AUTO;
	cfg.scn = rbs_scenarios[0];
	CHECK(rbs_config_check(&cfg, err, sizeof(err)) < 0 && strstr(err, "--grow-every"));
	cfg.duration_ns = 60000000;
	CHECK_EQ(rbs_config_check(&cfg, err, sizeof(err)), 0);
	cfg.max_size = cfg.initial_size;
	CHECK(rbs_config_check(&cfg, err, sizeof(err)) < 0 && strstr(err, "--initial-size"));
	return 0;
}

int main(void)
{
	return test_main(run, 10);
}
