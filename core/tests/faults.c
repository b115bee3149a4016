/* faults.c - every error path of the core, through the fault-injection seam:
 * a failing step leaves no file, no fd and no mapping, and a failing resize
 * leaves the old mapping usable with its data intact. */
#include <fcntl.h>
#include <sys/stat.h>

#include "../../tests/check.h"
#include "../mmap_region.h"
#include "../sys.h"

static int fds0;

static void no_leak(const char *path)
{
	CHECK_EQ(open_fds(), fds0);
	if (path)
		CHECK(access(path, F_OK) < 0);
}

static void create_fails(enum rsys_call call, unsigned nth, int err, enum mmap_region_cleanup c)
{
	const char *p = tpath("create_fail.shm");
	struct mmap_region r;
	rsys_inject(call, nth, err, 0);
	int ret = mmap_region_create(&r, p, 8192, c);
	rsys_inject_reset();
	if (ret != -err) {
		fprintf(stderr, "call %d nth %u: got %d want %d\n", call, nth, ret, -err);
		CHECK(0);
	}
	CHECK(mmap_region_ptr(&r) == NULL);
	CHECK_EQ(mmap_region_fd(&r), -1);
	mmap_region_close(&r);
	no_leak(p);
}

/* A failing resize: the mapping is exactly as it was; the file has `file_size`
 * (what mmap_region.h promises for that step). */
static void resize_fails(struct mmap_region_opts o, enum rsys_call call, int err, off_t file_size)
{
	const char *p = tpath("resize_fail.shm");
	struct mmap_region r;
	CHECK_EQ(mmap_region_create_opts(&r, p, 16384, MMAP_REGION_MANUAL, &o), 0);
	unsigned char *d = mmap_region_ptr(&r);
	memset(d, 0x77, 16384);
	rsys_inject(call, 1, err, 0);
	CHECK_EQ(mmap_region_resize(&r, 1 << 20), -err);
	rsys_inject_reset();
	CHECK(mmap_region_ptr(&r) == d); /* same pointer, same length */
	CHECK_EQ(mmap_region_len(&r), 16384);
	struct stat st;
	CHECK_EQ(fstat(mmap_region_fd(&r), &st), 0);
	CHECK_EQ(st.st_size, file_size);
	for (int i = 0; i < 16384; i++)
		CHECK_EQ(d[i], 0x77);
	d[16383] = 0x78; /* still writable */
	CHECK_EQ(mmap_region_resize(&r, 1 << 20), 0); /* and it recovers */
	d = mmap_region_ptr(&r);
	CHECK_EQ(d[16383], 0x78);
	d[(1 << 20) - 1] = 1;
	mmap_region_close(&r);
	no_leak(p);
}

static int run(void)
{
	CHECK(rsys_injection_available());
	fds0 = open_fds();

	/* create: each step fails in turn. */
	create_fails(RSYS_OPEN, 1, EACCES, MMAP_REGION_MANUAL);
	create_fails(RSYS_FCHMOD, 1, EPERM, MMAP_REGION_MANUAL);
	create_fails(RSYS_FTRUNCATE, 1, ENOSPC, MMAP_REGION_MANUAL);
	create_fails(RSYS_MMAP, 1, ENOMEM, MMAP_REGION_MANUAL);
	create_fails(RSYS_MMAP, 1, ENOMEM, MMAP_REGION_AUTO);
	create_fails(RSYS_UNLINK, 1, EBUSY, MMAP_REGION_AUTO); /* AUTO's own unlink */

	/* resize: the new mapping (or the growth) cannot be made. */
	struct mmap_region_opts remap = { .strategy = MMAP_REGION_REMAP };
	struct mmap_region_opts mrem = { .strategy = MMAP_REGION_MREMAP };
	struct mmap_region_opts resv = { .reserve = 1 };
	resize_fails(remap, RSYS_MMAP, ENOMEM, 1 << 20); /* the file keeps its new size */
	resize_fails(mrem, RSYS_MREMAP, ENOMEM, 1 << 20);
	resize_fails(remap, RSYS_FTRUNCATE, EFBIG, 16384); /* unchanged */
	resize_fails(resv, RSYS_FALLOCATE, ENOSPC, 16384);

	/* check_and_remap: fstat and mmap failures keep the old mapping. */
	const char *p = tpath("guest.shm");
	struct mmap_region host, guest;
	CHECK_EQ(mmap_region_create(&host, p, 4096, MMAP_REGION_MANUAL), 0);
	CHECK_EQ(mmap_region_attach(&guest, p), 0);
	CHECK_EQ(mmap_region_resize(&host, 8192), 0);
	void *gp = mmap_region_ptr(&guest);
	rsys_inject(RSYS_FSTAT, 1, EIO, 0);
	CHECK_EQ(mmap_region_check_and_remap(&guest), -EIO);
	rsys_inject(RSYS_MMAP, 1, ENOMEM, 0);
	CHECK_EQ(mmap_region_check_and_remap(&guest), -ENOMEM);
	rsys_inject_reset();
	CHECK(mmap_region_ptr(&guest) == gp);
	CHECK_EQ(mmap_region_len(&guest), 4096);
	CHECK_EQ(mmap_region_check_and_remap(&guest), 1);
	mmap_region_close(&guest);

	/* attach: fstat and mmap failures leave no fd. */
	rsys_inject(RSYS_MMAP, 1, ENOMEM, 0);
	CHECK_EQ(mmap_region_attach(&guest, p), -ENOMEM);
	rsys_inject(RSYS_FSTAT, 1, EIO, 0);
	CHECK_EQ(mmap_region_attach(&guest, p), -EIO);
	rsys_inject_reset();
	mmap_region_close(&host);
	no_leak(p);

	/* attach_fd closes the fd it was given when mapping fails. */
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	rsys_inject(RSYS_MMAP, 1, ENOMEM, 0);
	CHECK_EQ(mmap_region_attach_fd(&guest, fd, 4096), -ENOMEM);
	rsys_inject_reset();
	CHECK(fcntl(fd, F_GETFD) < 0);

	/* memfd: each step. */
	struct mmap_region m;
	rsys_inject(RSYS_MEMFD_CREATE, 1, EMFILE, 0);
	CHECK_EQ(mmap_region_create_memfd(&m, "x", 4096, NULL), -EMFILE);
	rsys_inject(RSYS_FTRUNCATE, 1, ENOSPC, 0);
	CHECK_EQ(mmap_region_create_memfd(&m, "x", 4096, NULL), -ENOSPC);
	rsys_inject(RSYS_MMAP, 1, ENOMEM, 0);
	CHECK_EQ(mmap_region_create_memfd(&m, "x", 4096, NULL), -ENOMEM);
	rsys_inject_reset();
	no_leak(NULL);

	/* fd passing and doorbell report their syscalls' errors. */
	int sv[2];
	CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	rsys_inject(RSYS_SENDMSG, 1, ENOBUFS, 0);
	CHECK_EQ(mmap_region_send_fd(sv[0], 0, 1), -ENOBUFS);
	rsys_inject(RSYS_RECVMSG, 1, EIO, 0);
	int rfd;
	uint64_t rsz;
	CHECK_EQ(mmap_region_recv_fd(sv[1], &rfd, &rsz), -EIO);
	CHECK_EQ(rfd, -1);
	rsys_inject_reset();
	close(sv[0]);
	close(sv[1]);
	struct region_doorbell a, b;
	rsys_inject(RSYS_SOCKETPAIR, 1, EMFILE, 0);
	CHECK_EQ(region_doorbell_pair(&a, &b), -EMFILE);
	rsys_inject_reset();
	CHECK_EQ(region_doorbell_pair(&a, &b), 0);
	rsys_inject(RSYS_POLL, 1, ENOMEM, 0);
	CHECK_EQ(region_doorbell_wait(&b, 0), -ENOMEM);
	rsys_inject_reset();
	region_doorbell_close(&a);
	region_doorbell_close(&b);

	/* create over an existing file: fstat and the truncation to 0 can fail; the
	 * file is not removed (create did not make it). */
	const char *ex = tpath("existing.shm");
	int exfd = open(ex, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	CHECK_EQ(write(exfd, "old", 3), 3);
	close(exfd);
	rsys_inject(RSYS_FSTAT, 1, EIO, 0);
	CHECK_EQ(mmap_region_create(&m, ex, 4096, MMAP_REGION_MANUAL), -EIO);
	rsys_inject(RSYS_FTRUNCATE, 1, EFBIG, 0); /* the truncation to 0 */
	CHECK_EQ(mmap_region_create(&m, ex, 4096, MMAP_REGION_MANUAL), -EFBIG);
	rsys_inject_reset();
	CHECK_EQ(access(ex, F_OK), 0);
	unlink(ex);

	/* Persistent faults: every call fails until reset. */
	rsys_inject(RSYS_OPEN, 1, EMFILE, 1);
	CHECK_EQ(mmap_region_attach(&guest, "/nonexistent"), -EMFILE);
	CHECK_EQ(mmap_region_attach(&guest, "/nonexistent"), -EMFILE);
	rsys_inject_reset();
	CHECK_EQ(mmap_region_attach(&guest, "/nonexistent"), -ENOENT);
	no_leak(NULL);
	return 0;
}

int main(void)
{
	return test_main(run, 60);
}
