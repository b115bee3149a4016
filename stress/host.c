/* host.c - the host: creates the region, forks the guests, grows the region on
 * a schedule (grow the file, remap its own mapping, release-store the new size,
 * ring every doorbell), watches the guests, stops the writers, settles what
 * every writer wrote, opens the final sweeps, sweeps itself, and hands the
 * verdict over. */
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
#include "verdict.h"

#define END_GRACE_NS 30000000000ull /* after the stop: guests finish within this (+ the duration) */
#define REAP_EVERY_NS 10000000ull   /* the host looks for dead guests this often */

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
		rbs_guest_error(c, "attach failed: %s", strerror(-ret));
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

static void ring_all(struct rbs_host *h)
{
	if (h->cfg->detect != RBS_DOORBELL || rbs_test_hook() == RBS_HOOK_NOBELL)
		return;
	for (int i = 0; i < h->cfg->writers + h->cfg->readers; i++)
		if (!h->exited[i] && region_doorbell_signal(&h->host_bell[i]) == -EPIPE)
			h->bell_peer_gone++;
}

/* Reap guests that ended; a guest that ends before it finished died. Readers
 * waiting on a dead writer's slot are woken. */
static void reap(struct rbs_host *h, int final)
{
	int ng = h->cfg->writers + h->cfg->readers, died = 0;
	for (int i = 0; i < ng; i++) {
		if (h->exited[i])
			continue;
		int st;
		if (waitpid(h->pid[i], &st, WNOHANG) == h->pid[i]) {
			h->exited[i] = 1;
			h->status[i] = st;
			h->exit_ns[i] = rb_now_ns();
			if (!atomic_load(&h->a->g[i].done)) {
				atomic_store_explicit(&h->a->dead[i], 1, memory_order_release);
				died++;
				if (!final)
					h->early_deaths++;
			}
		}
	}
	if (died)
		ring_all(h);
}

static int all_exited(struct rbs_host *h)
{
	for (int i = 0; i < h->cfg->writers + h->cfg->readers; i++)
		if (!h->exited[i])
			return 0;
	return 1;
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
	if (n > h->asked)
		h->asked = n;
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
	atomic_store_explicit(&h->a->t_store[gen % RBS_GROWTHS], rb_now_ns(), memory_order_relaxed);
	atomic_store_explicit(&h->a->t_gen[gen % RBS_GROWTHS], gen, memory_order_release);
	atomic_store_explicit(&hdr->generation, gen, memory_order_release);
	atomic_store_explicit(&hdr->current_size, n, memory_order_release);
	ring_all(h);
}

/* Sleep until t, looking for dead guests meanwhile. Returns 1 when the run
 * must stop early (everyone gone, or a death with --on-death stop). */
static int wait_until(struct rbs_host *h, uint64_t t)
{
	for (;;) {
		reap(h, 0);
		if (all_exited(h) || (h->cfg->stop_on_death && h->early_deaths))
			return 1;
		uint64_t now = rb_now_ns();
		if (now >= t)
			return 0;
		uint64_t until = t - now > REAP_EVERY_NS ? now + REAP_EVERY_NS : t;
		struct timespec ts = { (time_t)(until / 1000000000u), (long)(until % 1000000000u) };
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
			;
	}
}

/* Wait until every guest of `role` is over (ended or died); at the deadline
 * kill those that are not. */
static void wait_over(struct rbs_host *h, int role, uint64_t deadline)
{
	int ng = h->cfg->writers + h->cfg->readers;
	for (;;) {
		reap(h, 1);
		int pending = 0;
		for (int i = 0; i < ng; i++)
			if (h->a->g[i].role == role && !h->exited[i] &&
			    !atomic_load_explicit(&h->a->g[i].ended, memory_order_acquire))
				pending++;
		if (!pending)
			return;
		if (rb_now_ns() >= deadline) {
			h->timed_out = 1;
			for (int i = 0; i < ng; i++)
				if (h->a->g[i].role == role && !h->exited[i] && !atomic_load(&h->a->g[i].ended))
					kill(h->pid[i], SIGKILL);
			for (int i = 0; i < ng; i++)
				if (h->a->g[i].role == role && !h->exited[i] && !atomic_load(&h->a->g[i].ended)) {
					waitpid(h->pid[i], &h->status[i], 0);
					h->exited[i] = 1;
					h->exit_ns[i] = rb_now_ns();
					atomic_store_explicit(&h->a->dead[i], 1, memory_order_release);
				}
			ring_all(h);
			return;
		}
		usleep(2000);
	}
}

/* Every writer is over: count the claims, settle what each writer wrote (an
 * ended writer reported it; a dead one committed `committed` records, plus
 * the one in its last claimed slot when that slot holds it intact), check
 * that claims = written + abandoned for each, and publish the frontier. */
static void settle_writers(struct rbs_host *h)
{
	struct rbs_arena *a = h->a;
	int nw = h->cfg->writers;
	uint64_t at[RBS_MAX_GUESTS];
	for (int w = 0; w < nw; w++) {
		h->owned[w] = 0;
		at[w] = RBS_NONE;
	}
	uint64_t s = 0;
	for (; s < a->nslots; s++) {
		uint8_t o = atomic_load_explicit(&a->owner[s], memory_order_acquire);
		if (!o)
			break;
		uint32_t w = (uint32_t)(o - 1);
		if (h->owned[w] == atomic_load(&a->g[w].committed))
			at[w] = s; /* the slot of its first record not reported committed */
		h->owned[w]++;
	}
	a->frontier = s;
	h->accounting[0] = '\0';

	for (int w = 0; w < nw; w++) {
		struct rbs_guest *g = &a->g[w];
		uint64_t c = atomic_load(&g->committed);
		g->written = c;
		if (!atomic_load(&g->ended)) { /* died: its report is what it committed */
			g->abandoned_slot = RBS_NONE;
			if (at[w] != RBS_NONE) {
				/* read with pread: the host never touches a page that may be gone */
				uint64_t rec[4096 / 8], tw;
				struct rbs_finding f;
				uint32_t rs = h->cfg->record_size;
				if (rbs_pread_all(mmap_region_fd(&h->region), rec, rs, rbs_slot_off(at[w], rs)) == (ssize_t)rs &&
				    rbs_check_record(&h->ctx, (const struct rbs_record *)rec, rec[0], at[w], (uint32_t)w, c, &f, &tw,
						     "dead writer's last claim") == RBS_OK)
					g->written = c + 1; /* committed, killed before it counted it */
				else
					g->abandoned_slot = at[w];
			}
		}
		uint64_t want = g->written + (g->abandoned_slot != RBS_NONE);
		if (h->owned[w] != want && !h->accounting[0])
			snprintf(h->accounting, sizeof(h->accounting),
				 "writer %d claimed %llu slots but reports %llu records written and %s", w,
				 (unsigned long long)h->owned[w], (unsigned long long)g->written,
				 g->abandoned_slot != RBS_NONE ? "one slot abandoned" : "no slot abandoned");
		else if (g->abandoned_slot != RBS_NONE && g->abandoned_slot != at[w] && !h->accounting[0])
			snprintf(h->accounting, sizeof(h->accounting),
				 "writer %d reports slot %llu abandoned, but its first slot past its records is %llu", w,
				 (unsigned long long)g->abandoned_slot, (unsigned long long)at[w]);
	}
	a->final_size = mmap_region_len(&h->region);
	atomic_store_explicit(&a->writers_final, 1, memory_order_release);
}

static uint64_t slot_bound(const struct rbs_config *cfg)
{
	uint64_t ticks = cfg->duration_ns / cfg->grow_every_ns + 1;
	uint64_t room = cfg->max_size - cfg->initial_size;
	uint64_t size = ticks > room / cfg->grow_step ? cfg->max_size : cfg->initial_size + ticks * cfg->grow_step;
	uint64_t n = rbs_slots_in(cfg, size), cap = rbs_slots_in(cfg, cfg->max_size);
	return (n < cap ? n : cap) + (uint64_t)cfg->writers + 1;
}

static void go_sweep(struct rbs_host *h, uint64_t deadline)
{
	struct rbs_arena *a = h->a;
	int nw = h->cfg->writers;
	/* the host's sweep marks records some reader never reached as lost: it
	 * needs every reader's final position */
	wait_over(h, RBS_READER, deadline);
	h->lost_from = a->frontier;
	for (int r = 0; r < h->cfg->readers; r++) {
		uint64_t cur = atomic_load(&a->g[nw + r].cursor);
		if (cur < h->lost_from)
			h->lost_from = cur;
	}
	rbs_test_pause(h->cfg->backend.is_memfd ? "memfd" : mmap_region_path(&h->region));
	atomic_store_explicit(&a->sweep_go, 1, memory_order_release);
	rb_futex_wake((uint32_t *)&a->sweep_go);
	ring_all(h);
	static uint64_t page[RBS_DATA_OFF / 8];
	if (rbs_pread_all(mmap_region_fd(&h->region), page, sizeof(page), 0) >= 0)
		rbs_check_header(&h->ctx, (const struct rbs_header *)page, a->final_size, "final sweep");
	/* a resize that failed after ftruncate leaves the file at the size asked (core/mmap_region.h) */
	rbs_check_file_size(&h->ctx, h->asked > a->final_size ? h->asked : a->final_size, "final sweep");
	rbs_sweep(&h->ctx, &h->lost_from);
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
	h->a = rbs_arena_create(cfg->writers, cfg->readers, slot_bound(cfg));
	if (!h->a || (ret = spawn(h))) {
		fprintf(stderr, "regionbench stress: starting guests failed: %s\n", strerror(ret ? -ret : ENOMEM));
		mmap_region_close(&h->region);
		return 1; /* the supervisor kills whatever was started */
	}
	h->ctx.cfg = cfg;
	h->ctx.a = h->a;
	h->ctx.gi = ng;
	h->ctx.me = rbs_host_rec(h->a);
	h->ctx.me->pid = getpid();
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

	/* growth ticks strictly before the end: a run longer than --grow-every
	 * grows at least once, however late this process wakes */
	uint64_t tick = h->t_start, end = h->t_start + cfg->duration_ns;
	int early = 0;
	while (!early && tick + cfg->grow_every_ns < end) {
		tick += cfg->grow_every_ns;
		if ((early = wait_until(h, tick)))
			break;
		if (cfg->scn->tick &&
		    (cfg->scn->tick(cfg, h->a, &h->region, (double)(rb_now_ns() - h->t_start) / (double)cfg->duration_ns) &
		     RBS_TICK_STOP_GROWTH))
			h->growth_stopped = 1;
		if (!h->growth_stopped)
			grow(h);
	}
	if (!early)
		wait_until(h, end);
	h->t_stop = rb_now_ns();
	atomic_store_explicit(&h->a->stop, 1, memory_order_release);
	ring_all(h);
	uint64_t deadline = h->t_stop + END_GRACE_NS + cfg->duration_ns;
	wait_over(h, RBS_WRITER, deadline);
	h->ctx.r = h->region; /* the host's view for its checks: read-only from here on */
	settle_writers(h);
	ring_all(h);
	go_sweep(h, deadline);
	while (!all_exited(h) && rb_now_ns() < deadline) {
		usleep(2000);
		reap(h, 1);
	}
	if (!all_exited(h)) {
		h->timed_out = 1;
		for (int i = 0; i < ng; i++)
			if (!h->exited[i])
				kill(h->pid[i], SIGKILL);
		for (int i = 0; i < ng; i++)
			if (!h->exited[i]) {
				waitpid(h->pid[i], &h->status[i], 0);
				h->exited[i] = 1;
			}
	}
	h->t_end = rb_now_ns();
	h->final_size = mmap_region_len(&h->region);
	int verdict = rbs_verdict(h);
	mmap_region_close(&h->region);
	rbs_arena_destroy(h->a);
	free(h);
	return verdict;
}
