/* strict_c11.c - the README's example, compiled as strict ISO C11 (-pedantic, no
 * _GNU_SOURCE): the public header must work for any C11 caller. */
#include <stdio.h>
#include <string.h>

#include "../mmap_region.h"

int main(void)
{
	const char *path = "/dev/shm/regionbench-strict-c11.seg";
	struct mmap_region host, guest;
	int err = mmap_region_create(&host, path, 1 << 20, MMAP_REGION_MANUAL);
	if (err) {
		fprintf(stderr, "create: %s\n", strerror(-err));
		return 1;
	}
	int ok = mmap_region_attach(&guest, path) == 0;
	ok = ok && mmap_region_resize(&host, 4 << 20) == 0;
	ok = ok && mmap_region_check_and_remap(&guest) == 1 && mmap_region_len(&guest) == (4u << 20);
	if (ok)
		memset(mmap_region_ptr(&guest), 0, mmap_region_len(&guest));
	mmap_region_close(&guest);
	mmap_region_close(&host);
	FILE *f = fopen(path, "r"); /* MANUAL: the owner unlinked it */
	if (f) {
		fclose(f);
		ok = 0;
	}
	return ok ? 0 : 1;
}
