/* arena.c - the harness's shared bookkeeping memory. */
#include "arena.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static size_t align64(size_t x)
{
	return (x + 63) & ~(size_t)63;
}

struct rbs_arena *rbs_arena_create(int nwriters, int nreaders)
{
	int ng = nwriters + nreaders;
	size_t off_g = align64(sizeof(struct rbs_arena));
	size_t off_e = align64(off_g + (size_t)ng * align64(sizeof(struct rbs_guest)));
	size_t off_v = align64(off_e + (size_t)nreaders * (size_t)nwriters * sizeof(uint64_t));
	size_t bytes = off_v + (size_t)nreaders * RBS_VIS_CAP * sizeof(uint64_t);
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	struct rbs_arena *a = p;
	a->nguests = ng;
	a->nwriters = nwriters;
	a->nreaders = nreaders;
	a->g = (struct rbs_guest *)((char *)p + off_g);
	a->expect = (uint64_t *)((char *)p + off_e);
	a->vis = (uint64_t *)((char *)p + off_v);
	a->bytes = bytes;
	for (int i = 0; i < ng; i++) {
		struct rbs_guest *g = &a->g[i];
		g->role = i < nwriters ? RBS_WRITER : RBS_READER;
		g->index = i < nwriters ? i : i - nwriters;
		atomic_store(&g->claimed_slot, UINT64_MAX);
		atomic_store(&g->abandoned_slot, UINT64_MAX);
	}
	return a;
}

void rbs_arena_destroy(struct rbs_arena *a)
{
	if (a)
		munmap(a, a->bytes);
}
