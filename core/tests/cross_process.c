/* cross_process.c - a forked child attaches by path and writes; a child grows the
 * region and the parent remaps and sees both the old and the new data. */
#include "../../tests/check.h"
#include "../mmap_region.h"

static const char *path;

static int child_writes(void *arg)
{
	(void)arg;
	struct mmap_region r;
	if (mmap_region_attach(&r, path))
		return 2;
	((volatile unsigned char *)mmap_region_ptr(&r))[123] = 0x5A;
	mmap_region_close(&r);
	return 0;
}

static int child_grows(void *arg)
{
	(void)arg;
	struct mmap_region r;
	if (mmap_region_attach(&r, path))
		return 2;
	if (((volatile unsigned char *)mmap_region_ptr(&r))[10] != 0x11)
		return 3; /* the parent's data before growth */
	if (mmap_region_resize(&r, 64 * 4096))
		return 4;
	((volatile unsigned char *)mmap_region_ptr(&r))[63 * 4096 + 1] = 0x22;
	mmap_region_close(&r);
	return 0;
}

static void run_child(int (*fn)(void *))
{
	pid_t pid = rb_fork(fn, NULL, getpgrp());
	CHECK(pid > 0);
	int st;
	CHECK_EQ(rb_wait_deadline(pid, 0, 10000, &st), 0);
	CHECK_EQ(rb_exit_code(st), 0);
}

static int run(void)
{
	path = tpath("xproc.shm");
	struct mmap_region r;
	CHECK_EQ(mmap_region_create(&r, path, 4096, MMAP_REGION_MANUAL), 0);
	run_child(child_writes);
	CHECK_EQ(((volatile unsigned char *)mmap_region_ptr(&r))[123], 0x5A);

	((volatile unsigned char *)mmap_region_ptr(&r))[10] = 0x11;
	run_child(child_grows);
	CHECK_EQ(mmap_region_len(&r), 4096);
	CHECK_EQ(mmap_region_check_and_remap(&r), 1);
	CHECK_EQ(mmap_region_len(&r), 64 * 4096);
	volatile unsigned char *d = mmap_region_ptr(&r);
	CHECK_EQ(d[10], 0x11);
	CHECK_EQ(d[123], 0x5A);
	CHECK_EQ(d[63 * 4096 + 1], 0x22);
	mmap_region_close(&r);
	return 0;
}

int main(void)
{
	return test_main(run, 30);
}
