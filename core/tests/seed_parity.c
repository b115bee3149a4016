/* seed_parity.c - every test of the Rust MmapRegion this library ports (the
 * seed, which lives outside this repository), ported one to one. */
#include "../../tests/check.h"
#include "../mmap_region.h"

static int exists(const char *p)
{
	struct stat st;
	return lstat(p, &st) == 0;
}

static void create_and_attach(void)
{
	const char *path = tpath("test.shm");
	struct mmap_region r1, r2;
	CHECK_EQ(mmap_region_create(&r1, path, 4096, MMAP_REGION_MANUAL), 0);
	CHECK_EQ(mmap_region_len(&r1), 4096);
	CHECK(exists(path));
	unsigned char *d = mmap_region_ptr(&r1);
	d[0] = 0x42;
	d[1] = 0x43;
	CHECK_EQ(mmap_region_attach(&r2, path), 0);
	CHECK_EQ(mmap_region_len(&r2), 4096);
	unsigned char *d2 = mmap_region_ptr(&r2);
	CHECK_EQ(d2[0], 0x42);
	CHECK_EQ(d2[1], 0x43);
	mmap_region_close(&r2);
	mmap_region_close(&r1);
}

static void cleanup_on_drop(void)
{
	const char *path = tpath("cleanup.shm");
	struct mmap_region r;
	CHECK_EQ(mmap_region_create(&r, path, 1024, MMAP_REGION_MANUAL), 0);
	CHECK(exists(path));
	mmap_region_close(&r);
	CHECK(!exists(path));
}

static void attached_does_not_cleanup(void)
{
	const char *path = tpath("attached.shm");
	struct mmap_region owner, att;
	CHECK_EQ(mmap_region_create(&owner, path, 1024, MMAP_REGION_MANUAL), 0);
	CHECK_EQ(mmap_region_attach(&att, path), 0);
	CHECK(exists(path));
	mmap_region_close(&att);
	CHECK(exists(path));
	mmap_region_close(&owner);
	CHECK(!exists(path));
}

static void auto_cleanup(void)
{
	const char *path = tpath("auto.shm");
	struct mmap_region r;
	CHECK_EQ(mmap_region_create(&r, path, 4096, MMAP_REGION_AUTO), 0);
	CHECK(!exists(path)); /* unlinked at once */
	((volatile char *)mmap_region_ptr(&r))[4095] = 7; /* mapping still alive */
	CHECK_EQ(((volatile char *)mmap_region_ptr(&r))[4095], 7);
	mmap_region_close(&r);
}

static void shared_writes(void)
{
	const char *path = tpath("shared.shm");
	struct mmap_region r1, r2;
	CHECK_EQ(mmap_region_create(&r1, path, 4096, MMAP_REGION_MANUAL), 0);
	CHECK_EQ(mmap_region_attach(&r2, path), 0);
	((unsigned char *)mmap_region_ptr(&r2))[100] = 0xAB;
	CHECK_EQ(((unsigned char *)mmap_region_ptr(&r1))[100], 0xAB);
	mmap_region_close(&r2);
	mmap_region_close(&r1);
}

static void permissions(void)
{
	const char *path = tpath("perms.shm");
	mode_t old = umask(077); /* exactly 0666 whatever the umask */
	struct mmap_region r;
	CHECK_EQ(mmap_region_create(&r, path, 1024, MMAP_REGION_MANUAL), 0);
	umask(old);
	struct stat st;
	CHECK_EQ(stat(path, &st), 0);
	CHECK_EQ(st.st_mode & 0777, 0666);
	mmap_region_close(&r);
}

static void zero_size_rejected(void)
{
	const char *path = tpath("zero.shm");
	struct mmap_region r;
	CHECK(mmap_region_create(&r, path, 0, MMAP_REGION_MANUAL) < 0);
	CHECK(!exists(path));
	mmap_region_close(&r); /* a failed region is closed: no-op */
}

static void resize_grows_region(void)
{
	const char *path = tpath("resize.shm");
	struct mmap_region r;
	CHECK_EQ(mmap_region_create(&r, path, 4096, MMAP_REGION_MANUAL), 0);
	CHECK_EQ(mmap_region_len(&r), 4096);
	((unsigned char *)mmap_region_ptr(&r))[0] = 0xAB;
	CHECK_EQ(mmap_region_resize(&r, 8192), 0);
	CHECK_EQ(mmap_region_len(&r), 8192);
	unsigned char *d = mmap_region_ptr(&r);
	CHECK_EQ(d[0], 0xAB);
	d[5000] = 0xCD;
	CHECK_EQ(d[5000], 0xCD);
	struct stat st;
	CHECK_EQ(stat(path, &st), 0);
	CHECK_EQ(st.st_size, 8192);
	CHECK_EQ(mmap_region_resize(&r, 8192), 0); /* same size: no-op */
	CHECK_EQ(mmap_region_len(&r), 8192);
	mmap_region_close(&r);
}

static void resize_shrink_rejected(void)
{
	const char *path = tpath("shrink.shm");
	struct mmap_region r;
	CHECK_EQ(mmap_region_create(&r, path, 8192, MMAP_REGION_MANUAL), 0);
	void *before = mmap_region_ptr(&r);
	CHECK(mmap_region_resize(&r, 4096) < 0);
	CHECK(mmap_region_ptr(&r) == before);
	CHECK_EQ(mmap_region_len(&r), 8192);
	struct stat st;
	CHECK_EQ(stat(path, &st), 0);
	CHECK_EQ(st.st_size, 8192);
	mmap_region_close(&r);
}

static void check_and_remap(void)
{
	const char *path = tpath("remap.shm");
	struct mmap_region owner, guest;
	CHECK_EQ(mmap_region_create(&owner, path, 4096, MMAP_REGION_MANUAL), 0);
	CHECK_EQ(mmap_region_attach(&guest, path), 0);
	CHECK_EQ(mmap_region_len(&guest), 4096);
	CHECK_EQ(mmap_region_resize(&owner, 8192), 0);
	CHECK_EQ(mmap_region_check_and_remap(&guest), 1);
	CHECK_EQ(mmap_region_len(&guest), 8192);
	CHECK_EQ(mmap_region_check_and_remap(&guest), 0);
	mmap_region_close(&guest);
	mmap_region_close(&owner);
}

static void resize_preserves_shared_data(void)
{
	const char *path = tpath("shared_resize.shm");
	struct mmap_region owner, guest;
	CHECK_EQ(mmap_region_create(&owner, path, 4096, MMAP_REGION_MANUAL), 0);
	CHECK_EQ(mmap_region_attach(&guest, path), 0);
	((unsigned char *)mmap_region_ptr(&owner))[100] = 0x42;
	CHECK_EQ(((unsigned char *)mmap_region_ptr(&guest))[100], 0x42);
	CHECK_EQ(mmap_region_resize(&owner, 8192), 0);
	CHECK_EQ(mmap_region_check_and_remap(&guest), 1);
	CHECK_EQ(((unsigned char *)mmap_region_ptr(&guest))[100], 0x42);
	((unsigned char *)mmap_region_ptr(&owner))[5000] = 0x99;
	CHECK_EQ(((unsigned char *)mmap_region_ptr(&guest))[5000], 0x99);
	mmap_region_close(&guest);
	mmap_region_close(&owner);
}

static int run(void)
{
	create_and_attach();
	cleanup_on_drop();
	attached_does_not_cleanup();
	auto_cleanup();
	shared_writes();
	permissions();
	zero_size_rejected();
	resize_grows_region();
	resize_shrink_rejected();
	check_and_remap();
	resize_preserves_shared_data();
	return 0;
}

int main(void)
{
	return test_main(run, 30);
}
