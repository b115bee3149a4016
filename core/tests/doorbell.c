/* doorbell.c - signal/wait/drain, a full buffer is not an error, a dead peer is reported. */
#include <signal.h>

#include "../../tests/check.h"
#include "../mmap_region.h"

static struct region_doorbell host, guest;

static int ringer(void *arg)
{
	(void)arg;
	region_doorbell_close(&guest);
	usleep(20000);
	if (region_doorbell_signal(&host))
		return 2;
	pause(); /* killed by the parent */
	return 0;
}

static int run(void)
{
	CHECK_EQ(region_doorbell_pair(&host, &guest), 0);
	CHECK_EQ(region_doorbell_wait(&guest, 0), 0); /* nothing rung: timeout */
	CHECK_EQ(region_doorbell_signal(&host), 0);
	CHECK_EQ(region_doorbell_wait(&guest, 1000), 1);
	CHECK_EQ(region_doorbell_wait(&guest, 0), 0); /* drained */

	/* Fill the socket buffer: signalling a full doorbell is not an error. */
	for (int i = 0; i < 1000000; i++)
		CHECK_EQ(region_doorbell_signal(&host), 0);
	CHECK_EQ(region_doorbell_wait(&guest, 1000), 1);
	CHECK_EQ(region_doorbell_wait(&guest, 0), 0);

	/* Across processes, then the ringer dies. */
	pid_t pid = rb_fork(ringer, NULL, getpgrp());
	CHECK(pid > 0);
	region_doorbell_close(&host);
	CHECK_EQ(region_doorbell_wait(&guest, 5000), 1);
	kill(pid, SIGKILL);
	int st;
	CHECK_EQ(rb_wait_deadline(pid, 0, 5000, &st), 0);
	CHECK_EQ(region_doorbell_wait(&guest, 5000), -EPIPE);
	CHECK_EQ(region_doorbell_signal(&guest), -EPIPE);
	region_doorbell_close(&guest);
	return 0;
}

int main(void)
{
	return test_main(run, 30);
}
