/* host.c - the host: creates the region, forks the guests, grows the region on
 * a schedule (grow the file, remap its own mapping, release-store the new size,
 * ring every doorbell), watches the guests, and hands the verdict over. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"
#include "stress.h"
#include "verdict.h"

struct guest_start {
	struct rbs_guest_ctx ctx;
	struct mmap_region *host_region; /* the host's, inherited through fork */
	struct rbs_host *h;
};

static int guest_main(void *p)
{
	struct guest_start *gs = p;
	struct rbs_guest_ctx *c = &gs->ctx;
	struct rbs_host *h = gs->h;
	/* Drop what we inherited from the host: its mapping and every other guest's sockets. */
	char path[PATH_MAX];
	if (c->path) {
		snprintf(path, sizeof(path), "%s", c->path);
		c->path = path;
	}
	mmap_region_release_ownership(gs->host_region);
	mmap_region_close(gs->host_region);
	for (int i = 0; i < h->cfg->writers + h->cfg->readers; i++) {
		if (i != c->gi) {
			region_doorbell_close(&h->guest_bell[i]);
			if (h->fdsock[i][1] >= 0)
				close(h->fdsock[i][1]);
		}
		region_doorbell_close(&h->host_bell[i]);
		if (h->fdsock[i][0] >= 0)
			close(h->fdsock[i][0]);
	}
	if (h->cfg->pin)
		rb_pin_cpu(c->gi % (int)sysconf(_SC_NPROCESSORS_ONLN));
	c->me->pid = getpid();
	int ret = rbs_guest_attach(c);
	if (ret) {
		rbs_guest_violation(c, "attach-failed", 0, 0, 0, 0, (uint64_t)-ret, strerror(-ret));
		atomic_store(&c->me->ready, 1);
		return 3;
	}
	atomic_store(&c->me->ready, 1);
	while (!atomic_load(&c->a->go))
		rb_futex_wait((uint32_t *)&c->a->go, 0, 1000);
	return c->me->role == RBS_WRITER ? rbs_writer_main(c) : rbs_reader_main(c);
}

static int spawn(struct rbs_host *h)
{
	int ng = h->cfg->writers + h->cfg->readers;
	for (int i = 0; i < ng; i++) {
		h->fdsock[i][0] = h->fdsock[i][1] = -1;
		int ret = region_doorbell_pair(&h->host_bell[i], &h->guest_bell[i]);
		if (ret)
			return ret;
		if ((h->cfg->backend.is_memfd || h->cfg->auto_cleanup) &&
		    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, h->fdsock[i]) < 0)
			return -errno;
	}
	for (int i = 0; i < ng; i++) {
		struct guest_start gs = { .host_region = &h->region, .h = h };
		gs.ctx.cfg = h->cfg;
		gs.ctx.a = h->a;
		gs.ctx.gi = i;
		gs.ctx.me = &h->a->g[i];
		gs.ctx.bell = h->guest_bell[i];
		gs.ctx.fdsock = h->fdsock[i][1];
		gs.ctx.path = h->cfg->backend.is_memfd || h->cfg->auto_cleanup ? NULL : mmap_region_path(&h->region);
		pid_t pid = rb_fork(guest_main, &gs, getpgrp());
		if (pid < 0)
			return (int)pid;
		h->pid[i] = pid;
		h->a->g[i].pid = pid;
	}
	for (int i = 0; i < ng; i++) {
		region_doorbell_close(&h->guest_bell[i]);
		if (h->fdsock[i][1] >= 0)
			close(h->fdsock[i][1]);
		if (h->fdsock[i][0] >= 0) {
			int ret = mmap_region_send_fd(h->fdsock[i][0], mmap_region_fd(&h->region),
						      mmap_region_len(&h->region));
			if (ret)
				return ret;
		}
	}
	return 0;
}

/* Reap guests that ended; a guest that ends before the stop is recorded. */
static void reap(struct rbs_host *h, int final)
{
	int ng = h->cfg->writers + h->cfg->readers;
	for (int i = 0; i < ng; i++) {
		if (h->exited[i])
			continue;
		int st;
		if (waitpid(h->pid[i], &st, WNOHANG) == h->pid[i]) {
			h->exited[i] = 1;
			h->status[i] = st;
			h->exit_ns[i] = rb_now_ns();
			if (!atomic_load(&h->a->g[i].done)) {
				atomic_store(&h->a->dead[i], 1); /* readers skip its half-written slot */
				if (!final)
					h->early_deaths++;
			}
		}
	}
}

static int all_exited(struct rbs_host *h)
{
	for (int i = 0; i < h->cfg->writers + h->cfg->readers; i++)
		if (!h->exited[i])
			return 0;
	return 1;
}

static void ring_all(struct rbs_host *h)
{
	if (h->cfg->detect != RBS_DOORBELL)
		return;
	for (int i = 0; i < h->cfg->writers + h->cfg->readers; i++)
		if (!h->exited[i] && region_doorbell_signal(&h->host_bell[i]) == -EPIPE)
			h->bell_peer_gone++;
}

static void grow(struct rbs_host *h)
{
	size_t len = mmap_region_len(&h->region);
	if (len >= h->cfg->max_size)
		return;
	size_t n = len + h->cfg->grow_step;
	if (n > h->cfg->max_size)
		n = (size_t)h->cfg->max_size;
	uint64_t t0 = rb_now_ns();
	int ret = mmap_region_resize(&h->region, n);
	uint64_t t1 = rb_now_ns();
	if (ret) {
		h->resize_failures++;
		if (!h->resize_error)
			h->resize_error = ret;
		return;
	}
	if (h->ngrowths < RBS_GROWTHS)
		h->resize_ns[h->ngrowths] = t1 - t0;
	struct rbs_header *hdr = mmap_region_ptr(&h->region);
	uint64_t gen = ++h->ngrowths;
	atomic_store_explicit(&h->a->t_store[gen % RBS_GROWTHS], rb_now_ns(), memory_order_release);
	atomic_store_explicit(&hdr->generation, gen, memory_order_release);
	atomic_store_explicit(&hdr->current_size, n, memory_order_release);
	ring_all(h);
}

static void sleep_until(uint64_t t)
{
	struct timespec ts = { (time_t)(t / 1000000000u), (long)(t % 1000000000u) };
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

int rbs_host_main(void *arg)
{
	const struct rbs_config *cfg = arg;
	int ng = cfg->writers + cfg->readers;
	struct rbs_host *h = calloc(1, sizeof(*h));
	if (!h)
		return 1;
	h->cfg = cfg;
	if (cfg->pin)
		rb_pin_cpu((int)(ng % sysconf(_SC_NPROCESSORS_ONLN)));
	struct mmap_region_opts o = { .strategy = cfg->strategy, .reserve = cfg->reserve };
	char path[PATH_MAX] = "memfd";
	int ret;
	if (cfg->backend.is_memfd) {
		ret = mmap_region_create_memfd(&h->region, "stress", (size_t)cfg->initial_size, &o);
	} else {
		rb_backend_path(&cfg->backend, "stress", path, sizeof(path));
		ret = mmap_region_create_opts(&h->region, path, (size_t)cfg->initial_size,
					      cfg->auto_cleanup ? MMAP_REGION_AUTO : MMAP_REGION_MANUAL, &o);
	}
	if (ret) {
		fprintf(stderr, "regionbench stress: cannot create the region '%s': %s (expected a new regular file in a writable directory)\n",
			path, strerror(-ret));
		free(h);
		return 2;
	}
	struct rbs_header *hdr = mmap_region_ptr(&h->region);
	hdr->magic = RBS_MAGIC;
	hdr->version = RBS_VERSION;
	hdr->record_size = cfg->record_size;
	hdr->seed = cfg->seed;
	atomic_store_explicit(&hdr->current_size, cfg->initial_size, memory_order_release);
	h->a = rbs_arena_create(cfg->writers, cfg->readers);
	if (!h->a || (ret = spawn(h))) {
		fprintf(stderr, "regionbench stress: starting guests failed: %s\n", strerror(ret ? -ret : ENOMEM));
		mmap_region_close(&h->region);
		return 1; /* the supervisor kills whatever was started */
	}
	/* start gate: wait until every guest attached (or failed) */
	uint64_t t_ready = rb_now_ns();
	for (int i = 0; i < ng; i++)
		while (!atomic_load(&h->a->g[i].ready) && rb_now_ns() - t_ready < 30000000000ull) {
			reap(h, 0);
			if (h->exited[i])
				break;
			usleep(1000);
		}
	h->t_start = rb_now_ns();
	atomic_store(&h->a->go, 1);
	rb_futex_wake((uint32_t *)&h->a->go);

	uint64_t tick = h->t_start, end = h->t_start + cfg->duration_ns;
	while (rb_now_ns() < end) {
		tick += cfg->grow_every_ns;
		sleep_until(tick < end ? tick : end);
		if (rb_now_ns() >= end)
			break;
		if (cfg->scn->tick &&
		    (cfg->scn->tick(cfg, h->a, &h->region, (double)(rb_now_ns() - h->t_start) / (double)cfg->duration_ns) &
		     RBS_TICK_STOP_GROWTH))
			h->growth_stopped = 1;
		if (!h->growth_stopped)
			grow(h);
		reap(h, 0);
		if (all_exited(h) || (cfg->stop_on_death && h->early_deaths))
			break;
	}
	h->t_stop = rb_now_ns();
	hdr = mmap_region_ptr(&h->region);
	atomic_store_explicit(&hdr->stop, 1, memory_order_release);
	ring_all(h);
	/* the guests finish their final verification; give them a deadline */
	uint64_t deadline = rb_now_ns() + 30000000000ull + cfg->duration_ns;
	while (!all_exited(h) && rb_now_ns() < deadline) {
		usleep(2000);
		ring_all(h);
		reap(h, 1);
	}
	if (!all_exited(h)) {
		h->timed_out = 1;
		for (int i = 0; i < ng; i++)
			if (!h->exited[i])
				kill(h->pid[i], SIGKILL);
		reap(h, 1);
		for (int i = 0; i < ng; i++)
			if (!h->exited[i])
				waitpid(h->pid[i], &h->status[i], 0);
	}
	h->t_end = rb_now_ns();
	h->final_size = mmap_region_len(&h->region);
	int verdict = rbs_verdict(h);
	mmap_region_close(&h->region);
	rbs_arena_destroy(h->a);
	free(h);
	return verdict;
}
