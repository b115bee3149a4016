/* memfd_fdpass.c - a memfd region and a path region are passed to a child over
 * SCM_RIGHTS with their size; the child maps them, writes, and the parent sees it. */
#include <fcntl.h>
#include <sys/socket.h>

#include "../../tests/check.h"
#include "../mmap_region.h"

static int sock[2];

static int child(void *arg)
{
	(void)arg;
	close(sock[0]);
	for (int i = 0; i < 2; i++) {
		int fd;
		uint64_t size;
		if (mmap_region_recv_fd(sock[1], &fd, &size))
			return 2;
		if (!(fcntl(fd, F_GETFD) & FD_CLOEXEC))
			return 3;
		struct mmap_region r;
		if (mmap_region_attach_fd(&r, fd, size))
			return 4;
		if (mmap_region_path(&r)[0] != '\0')
			return 5;
		((volatile unsigned char *)mmap_region_ptr(&r))[size - 1] = (unsigned char)(0xA0 + i);
		mmap_region_close(&r);
	}
	int fd;
	uint64_t size;
	return mmap_region_recv_fd(sock[1], &fd, &size) == -EPIPE ? 0 : 6;
}

static int run(void)
{
	CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sock), 0);
	struct mmap_region m, f;
	CHECK_EQ(mmap_region_create_memfd(&m, "rbtest", 3 * 4096, NULL), 0);
	CHECK_EQ(mmap_region_create(&f, tpath("pass.shm"), 2 * 4096, MMAP_REGION_AUTO), 0);
	pid_t pid = rb_fork(child, NULL, getpgrp());
	CHECK(pid > 0);
	close(sock[1]);
	CHECK_EQ(mmap_region_send_fd(sock[0], mmap_region_fd(&m), mmap_region_len(&m)), 0);
	CHECK_EQ(mmap_region_send_fd(sock[0], mmap_region_fd(&f), mmap_region_len(&f)), 0);
	close(sock[0]);
	int st;
	CHECK_EQ(rb_wait_deadline(pid, 0, 10000, &st), 0);
	CHECK_EQ(rb_exit_code(st), 0);
	CHECK_EQ(((volatile unsigned char *)mmap_region_ptr(&m))[3 * 4096 - 1], 0xA0);
	CHECK_EQ(((volatile unsigned char *)mmap_region_ptr(&f))[2 * 4096 - 1], 0xA1);
	/* memfd regions grow like file regions. */
	CHECK_EQ(mmap_region_resize(&m, 8 * 4096), 0);
	CHECK_EQ(((volatile unsigned char *)mmap_region_ptr(&m))[3 * 4096 - 1], 0xA0);
	CHECK_EQ(mmap_region_create_memfd(&m, "x", 0, NULL), -EINVAL);
	mmap_region_close(&m);
	mmap_region_close(&f);
	return 0;
}

int main(void)
{
	return test_main(run, 30);
}
