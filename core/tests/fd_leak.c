/* fd_leak.c - thousands of create/attach/resize/close cycles leak no fd and no mapping. */
#include "../../tests/check.h"
#include "../mmap_region.h"

static int maps(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	int n = 0, c;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static int run(void)
{
	int fds = open_fds(), m = maps();
	char p[PATH_MAX];
	strcpy(p, tpath("leak.shm"));
	for (int i = 0; i < 3000; i++) {
		struct mmap_region r, a, b;
		struct mmap_region_opts o = { .strategy = (enum mmap_region_strategy)(i & 1) };
		CHECK_EQ(mmap_region_create_opts(&r, p, 4096, (enum mmap_region_cleanup)(i % 3 == 0), &o), 0);
		if (i % 3) {
			CHECK_EQ(mmap_region_attach(&a, p), 0);
			CHECK_EQ(mmap_region_resize(&r, 8192), 0);
			CHECK_EQ(mmap_region_check_and_remap(&a), 1);
			mmap_region_close(&a);
			CHECK(mmap_region_attach(&b, tpath("nope")) < 0);
		}
		int fd = dup(mmap_region_fd(&r));
		CHECK_EQ(mmap_region_attach_fd(&b, fd, 4096), 0);
		mmap_region_close(&b);
		mmap_region_close(&r);
	}
	CHECK_EQ(open_fds(), fds);
	CHECK_EQ(maps(), m);
	return 0;
}

int main(void)
{
	return test_main(run, 120);
}
