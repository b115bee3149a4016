/* core_edges.c - two edges of the core that nothing else pins down:
 * - a region created over an existing file (MANUAL) starts from an empty file,
 *   like the seed: none of the old bytes show through, whatever the sizes;
 * - a doorbell rung just before its peer hung up still reports the ring once
 *   (the guest learns of the growth), and only then that the peer is gone. */
#include <fcntl.h>

#include "../check.h"
#include "../../core/mmap_region.h"

static void over_existing(size_t old_len, size_t new_len)
{
	const char *path = tpath("old.shm");
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	CHECK(fd >= 0);
	char junk[4096];
	memset(junk, 0xab, sizeof(junk));
	for (size_t n = 0; n < old_len; n += sizeof(junk))
		CHECK_EQ(write(fd, junk, sizeof(junk)), (long long)sizeof(junk));
	close(fd);
	struct mmap_region r;
	CHECK_EQ(mmap_region_create(&r, path, new_len, MMAP_REGION_MANUAL), 0);
	CHECK_EQ(mmap_region_len(&r), new_len);
	struct stat st;
	CHECK_EQ(stat(path, &st), 0);
	CHECK_EQ(st.st_size, (long long)new_len);
	const unsigned char *p = mmap_region_ptr(&r);
	for (size_t i = 0; i < new_len; i++)
		if (p[i]) {
			fprintf(stderr, "byte %zu of a region created over a %zu-byte file is 0x%x\n", i, old_len, p[i]);
			CHECK(!p[i]);
		}
	mmap_region_close(&r);
	CHECK(access(path, F_OK) != 0);
}

static int run(void)
{
	over_existing(8192, 4096);  /* larger old file */
	over_existing(4096, 16384); /* smaller old file */
	over_existing(8192, 8192);  /* the same size */

	struct region_doorbell host, guest;
	CHECK_EQ(region_doorbell_pair(&host, &guest), 0);
	CHECK_EQ(region_doorbell_signal(&host), 0);
	region_doorbell_close(&host); /* rang, then died */
	CHECK_EQ(region_doorbell_wait(&guest, 1000), 1);
	CHECK_EQ(region_doorbell_wait(&guest, 1000), -EPIPE);
	region_doorbell_close(&guest);
	return 0;
}

int main(void)
{
	return test_main(run, 10);
}
