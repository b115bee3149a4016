/* arena.c - the harness's shared bookkeeping memory. */
#include "arena.h"

#include <string.h>
#include <sys/mman.h>

_Static_assert(RB_V__N <= 8, "found[] keeps one bit per violation kind in a byte");

static size_t align64(size_t x)
{
	return (x + 63) & ~(size_t)63;
}

struct rbs_arena *rbs_arena_create(int nwriters, int nreaders, uint64_t nslots)
{
	int ng = nwriters + nreaders;
	size_t off_g = align64(sizeof(struct rbs_arena));
	size_t off_o = align64(off_g + (size_t)(ng + 1) * align64(sizeof(struct rbs_guest)));
	size_t off_f = align64(off_o + (size_t)nslots);
	size_t off_s = align64(off_f + (size_t)nslots);
	size_t off_v = align64(off_s + (size_t)nreaders * (size_t)nwriters * sizeof(uint64_t));
	size_t bytes = off_v + (size_t)nreaders * RBS_VIS__N * RBS_VIS_CAP * sizeof(uint64_t);
	/* NORESERVE: only the pages a run touches are ever backed (owner[] one byte
	 * per record written, found[] almost nothing in a clean run) */
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	struct rbs_arena *a = p;
	a->nguests = ng;
	a->nwriters = nwriters;
	a->nreaders = nreaders;
	a->nslots = nslots;
	a->g = (struct rbs_guest *)((char *)p + off_g);
	a->owner = (_Atomic uint8_t *)((char *)p + off_o);
	a->found = (_Atomic uint8_t *)((char *)p + off_f);
	a->seen = (uint64_t *)((char *)p + off_s);
	a->vis = (uint64_t *)((char *)p + off_v);
	a->bytes = bytes;
	a->header_first.slot = RBS_NONE;
	for (int i = 0; i <= ng; i++) {
		struct rbs_guest *g = &a->g[i];
		g->role = i == ng ? RBS_HOST : i < nwriters ? RBS_WRITER : RBS_READER;
		g->index = i < nwriters ? i : i - nwriters;
		atomic_store(&g->cur_slot, RBS_NONE);
		g->abandoned_slot = RBS_NONE;
		g->stuck_writer = g->stuck_slot = RBS_NONE;
	}
	return a;
}

void rbs_arena_destroy(struct rbs_arena *a)
{
	if (a)
		munmap(a, a->bytes);
}

static uint32_t count_for(struct rbs_guest *g, const struct rbs_finding *f)
{
	uint32_t k = f->kind < RB_V__N ? f->kind : RB_V_TORN;
	if (g->nkind[k]++ == 0)
		memcpy(&g->first[k], f, sizeof(*f));
	return k;
}

void rbs_note_stray(struct rbs_arena *a, struct rbs_guest *g, const struct rbs_finding *f)
{
	a->strays[count_for(g, f)]++;
}

void rbs_note(struct rbs_arena *a, struct rbs_guest *g, const struct rbs_finding *f)
{
	uint32_t k = count_for(g, f);
	if (k == RB_V_HEADER) {
		uint32_t z = 0;
		if (atomic_compare_exchange_strong(&a->header_lock, &z, 1)) {
			memcpy(&a->header_first, f, sizeof(*f));
			atomic_store_explicit(&a->header_bad, 1, memory_order_release);
		}
		return;
	}
	rbs_mark(a, f->slot, (enum rb_violation)k);
}
