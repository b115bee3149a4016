/* safety.c - symlinks, directories, FIFOs, empty and missing files are refused; fds are close-on-exec. */
#include <fcntl.h>

#include "../../tests/check.h"
#include "../mmap_region.h"

static int run(void)
{
	struct mmap_region r;
	int fds = open_fds();

	/* A symlink planted at the region path: refused, target untouched. */
	const char *target = tpath("target");
	const char *link = tpath("link.shm");
	FILE *f = fopen(target, "w");
	CHECK(f);
	fputs("precious", f);
	fclose(f);
	CHECK_EQ(symlink(target, link), 0);
	CHECK_EQ(mmap_region_create(&r, link, 4096, MMAP_REGION_MANUAL), -ELOOP);
	CHECK_EQ(mmap_region_attach(&r, link), -ELOOP);
	struct stat st;
	CHECK_EQ(stat(target, &st), 0);
	CHECK_EQ(st.st_size, 8); /* not truncated */
	CHECK_EQ(lstat(link, &st), 0);
	CHECK(S_ISLNK(st.st_mode)); /* the link itself is left alone */
	unlink(link);
	unlink(target);

	/* A directory and a FIFO at the path. */
	const char *dir = tpath("dir.shm");
	CHECK_EQ(mkdir(dir, 0700), 0);
	CHECK(mmap_region_create(&r, dir, 4096, MMAP_REGION_MANUAL) < 0);
	CHECK(mmap_region_attach(&r, dir) < 0);
	CHECK_EQ(rmdir(dir), 0); /* still an (empty) directory */
	const char *fifo = tpath("fifo.shm");
	CHECK_EQ(mkfifo(fifo, 0600), 0);
	CHECK_EQ(mmap_region_create(&r, fifo, 4096, MMAP_REGION_MANUAL), -EINVAL);
	CHECK_EQ(mmap_region_attach(&r, fifo), -EINVAL);
	CHECK_EQ(lstat(fifo, &st), 0);
	CHECK(S_ISFIFO(st.st_mode)); /* not removed: create did not make it */
	unlink(fifo);

	/* Missing and empty files. */
	CHECK_EQ(mmap_region_attach(&r, tpath("missing.shm")), -ENOENT);
	const char *empty = tpath("empty.shm");
	close(open(empty, O_CREAT | O_WRONLY, 0600));
	CHECK_EQ(mmap_region_attach(&r, empty), -ENODATA);
	unlink(empty);

	/* A path longer than PATH_MAX. */
	static char longp[PATH_MAX + 16];
	memset(longp, 'a', sizeof(longp) - 1);
	CHECK(mmap_region_create(&r, longp, 4096, MMAP_REGION_MANUAL) < 0);

	/* attach_fd: size 0 and bad fd refused; the fd is closed either way. */
	int fd = open(tpath("x"), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
	CHECK(fd >= 0);
	unlink(tpath("x"));
	CHECK_EQ(mmap_region_attach_fd(&r, fd, 0), -EINVAL);
	CHECK(fcntl(fd, F_GETFD) < 0 && errno == EBADF);
	CHECK_EQ(mmap_region_attach_fd(&r, -1, 4096), -EINVAL);

	/* Every fd the core opens is close-on-exec. */
	const char *p = tpath("cloexec.shm");
	struct mmap_region a;
	CHECK_EQ(mmap_region_create(&r, p, 4096, MMAP_REGION_MANUAL), 0);
	CHECK_EQ(mmap_region_attach(&a, p), 0);
	CHECK(fcntl(mmap_region_fd(&r), F_GETFD) & FD_CLOEXEC);
	CHECK(fcntl(mmap_region_fd(&a), F_GETFD) & FD_CLOEXEC);
	CHECK_EQ(strcmp(mmap_region_path(&a), p), 0);
	mmap_region_close(&a);
	mmap_region_close(&a); /* double close is harmless */
	mmap_region_close(&r);

	/* Ownership switches. */
	CHECK_EQ(mmap_region_create(&r, p, 4096, MMAP_REGION_MANUAL), 0);
	mmap_region_release_ownership(&r);
	mmap_region_close(&r);
	CHECK_EQ(access(p, F_OK), 0);
	CHECK_EQ(mmap_region_attach(&a, p), 0);
	mmap_region_take_ownership(&a);
	mmap_region_close(&a);
	CHECK(access(p, F_OK) < 0);

	CHECK_EQ(open_fds(), fds);
	return 0;
}

int main(void)
{
	return test_main(run, 30);
}
