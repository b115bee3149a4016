/* strategy.c - both resize strategies preserve data, populate and remap_to work. */
#include "../../tests/check.h"
#include "../mmap_region.h"

static void grow_many(enum mmap_region_strategy s, int populate)
{
	struct mmap_region_opts o = { .strategy = s, .populate = populate };
	struct mmap_region r, g;
	const char *p = tpath("strategy.shm");
	CHECK_EQ(mmap_region_create_opts(&r, p, 4096, MMAP_REGION_MANUAL, &o), 0);
	CHECK_EQ(mmap_region_attach_opts(&g, p, &o), 0);
	size_t len = 4096;
	for (int step = 0; step < 40; step++) {
		unsigned char *d = mmap_region_ptr(&r);
		for (size_t i = 0; i < len; i += 512)
			d[i] = (unsigned char)(i / 512 + step);
		size_t nl = len + 4096 * (size_t)(1 + step % 5);
		CHECK_EQ(mmap_region_resize(&r, nl), 0);
		CHECK_EQ(mmap_region_len(&r), nl);
		d = mmap_region_ptr(&r);
		for (size_t i = 0; i < len; i += 512)
			CHECK_EQ(d[i], (unsigned char)(i / 512 + step));
		/* guest follows with a size from "shared memory" */
		CHECK_EQ(mmap_region_remap_to(&g, nl), 1);
		CHECK_EQ(mmap_region_remap_to(&g, nl), 0);
		unsigned char *gd = mmap_region_ptr(&g);
		for (size_t i = 0; i < len; i += 512)
			CHECK_EQ(gd[i], (unsigned char)(i / 512 + step));
		len = nl;
	}
	mmap_region_close(&g);
	mmap_region_close(&r);
}

static int run(void)
{
	grow_many(MMAP_REGION_REMAP, 0);
	grow_many(MMAP_REGION_MREMAP, 0);
	grow_many(MMAP_REGION_REMAP, 1);
	grow_many(MMAP_REGION_MREMAP, 1);
	return 0;
}

int main(void)
{
	return test_main(run, 60);
}
