/* reserve_enospc.c - on a full tmpfs (size=1m, mounted for the test) a reserving
 * resize fails with -ENOSPC and the old mapping stays usable. Root only (else skip). */
#include <sys/mount.h>

#include "../../tests/check.h"
#include "../mmap_region.h"

static int run(void)
{
	if (geteuid() != 0)
		SKIP("needs root to mount a small tmpfs");
	const char *mnt = tpath("mnt");
	CHECK_EQ(mkdir(mnt, 0700), 0);
	if (mount("regionbench-test", mnt, "tmpfs", 0, "size=1m") != 0) {
		rmdir(mnt);
		SKIP("cannot mount tmpfs here");
	}
	char p[PATH_MAX];
	snprintf(p, sizeof(p), "%s/full.shm", mnt);
	struct mmap_region_opts o = { .reserve = 1 };
	struct mmap_region r;
	int ret = mmap_region_create_opts(&r, p, 4 << 20, MMAP_REGION_MANUAL, &o);
	int create_failed = ret == -ENOSPC && access(p, F_OK) < 0;
	ret = mmap_region_create_opts(&r, p, 256 << 10, MMAP_REGION_MANUAL, &o);
	int ok = create_failed && ret == 0;
	if (ok) {
		unsigned char *d = mmap_region_ptr(&r);
		memset(d, 0x3C, 256 << 10);
		ok = mmap_region_resize(&r, 4 << 20) == -ENOSPC && mmap_region_ptr(&r) == d &&
		     mmap_region_len(&r) == (256 << 10) && d[1000] == 0x3C;
		d[(256 << 10) - 1] = 1;
		struct stat st;
		ok = ok && stat(p, &st) == 0 && st.st_size == (256 << 10);
		mmap_region_close(&r);
	}
	umount2(mnt, MNT_DETACH);
	rmdir(mnt);
	CHECK(create_failed);
	CHECK(ok);
	return 0;
}

int main(void)
{
	return test_main(run, 30);
}
