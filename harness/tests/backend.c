/* backend.c - backend specs are validated; region files carry the creator's pid. */
#include "../../tests/check.h"
#include "../backend.h"

static int run(void)
{
	struct rb_backend b;
	char err[512];
	CHECK_EQ(rb_backend_parse("memfd", &b, err, sizeof(err)), 0);
	CHECK(b.is_memfd);
	CHECK(rb_backend_parse("nfs:/x", &b, err, sizeof(err)) < 0);
	CHECK(strstr(err, "nfs:/x"));
	CHECK(rb_backend_parse("dir:/nonexistent/dir", &b, err, sizeof(err)) < 0);
	CHECK(strstr(err, "/nonexistent/dir"));
	CHECK_EQ(rb_backend_parse("dir:/proc/self/exe", &b, err, sizeof(err)), -ENOTDIR);
	char spec[PATH_MAX + 16];
	snprintf(spec, sizeof(spec), "dir:%s", test_dir);
	CHECK_EQ(rb_backend_parse(spec, &b, err, sizeof(err)), 0);
	CHECK(b.fs_type[0] && strcmp(b.fs_type, "unknown"));
	struct mmap_region r;
	CHECK_EQ(rb_backend_create(&b, &r, "unit", 4096, MMAP_REGION_MANUAL, NULL), 0);
	char want[64];
	snprintf(want, sizeof(want), "/regionbench.%d.unit.", (int)getpid());
	CHECK(strstr(mmap_region_path(&r), want));
	mmap_region_close(&r);
	if (rb_backend_parse("dir:/dev/shm", &b, err, sizeof(err)) == 0)
		CHECK_EQ(strcmp(b.fs_type, "tmpfs"), 0);
	return 0;
}

int main(void)
{
	return test_main(run, 10);
}
