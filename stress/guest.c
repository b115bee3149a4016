/* guest.c - what writers and readers share: attaching, SIGBUS reporting,
 * growth detection (doorbell, poll, fstat) and its bookkeeping, the checks
 * after each remap, the final sweep's barrier. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guest.h"
#include "proc.h"

static struct rbs_guest_ctx *bus_ctx;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	struct rbs_guest_ctx *c = bus_ctx;
	struct rbs_guest *g = c->me;
	uintptr_t base = (uintptr_t)mmap_region_ptr(&c->r);
	g->sigbus = 1;
	g->bus_addr = (uint64_t)(uintptr_t)si->si_addr;
	g->bus_off = (uint64_t)((uintptr_t)si->si_addr - base);
	g->bus_map_len = mmap_region_len(&c->r);
	struct stat st;
	g->bus_file_size = fstat(mmap_region_fd(&c->r), &st) == 0 ? (uint64_t)st.st_size : UINT64_MAX;
	struct rbs_finding f;
	memset(&f, 0, sizeof(f));
	f.kind = RB_V_SIGBUS;
	f.offset = g->bus_off;
	f.expected = g->bus_map_len;
	f.found = g->bus_file_size;
	f.slot = g->bus_off >= RBS_DATA_OFF ? (g->bus_off - RBS_DATA_OFF) / c->cfg->record_size : RBS_NONE;
	static const char what[] = "SIGBUS touching the region (expected: the mapping's length; found: the file's size)";
	memcpy(f.detail, what, sizeof(what) < sizeof(f.detail) ? sizeof(what) : sizeof(f.detail) - 1);
	rbs_note(c->a, g, &f);
	_exit(70);
}

void rbs_guest_error(struct rbs_guest_ctx *c, const char *fmt, ...)
{
	if (c->me->error[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->me->error, sizeof(c->me->error), fmt, ap);
	va_end(ap);
}

int rbs_writer_over(const struct rbs_arena *a, int w)
{
	return atomic_load_explicit(&a->g[w].ended, memory_order_acquire) ||
	       atomic_load_explicit(&a->dead[w], memory_order_acquire);
}

int rbs_guest_attach(struct rbs_guest_ctx *c)
{
	struct mmap_region_opts o = { .strategy = c->cfg->strategy };
	int ret;
	if (c->path) {
		ret = mmap_region_attach_opts(&c->r, c->path, &o);
	} else {
		int fd;
		uint64_t size;
		ret = mmap_region_recv_fd(c->fdsock, &fd, &size);
		if (!ret)
			ret = mmap_region_attach_fd_opts(&c->r, fd, (size_t)size, &o);
	}
	if (ret)
		return ret;
	bus_ctx = c;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGBUS, &sa, NULL);
	if (rbs_check_header(c, mmap_region_ptr(&c->r), 0, "attach"))
		return -EPROTO;
	c->me->attach_len = mmap_region_len(&c->r);
	c->capacity = rbs_slots_in(c->cfg, c->cfg->max_size);
	if (c->capacity > c->a->nslots)
		c->capacity = c->a->nslots;
	return 0;
}

/* Spot check after a remap: up to 8 records spread over what this process
 * already passed must still be there and intact in the new mapping. A reader
 * knows which of those slots it found abandoned; a writer checks only the
 * records it finds. Each record is checked as what it claims to be. */
static void spot_check(struct rbs_guest_ctx *c)
{
	struct rbs_guest *g = c->me;
	struct rbs_arena *a = c->a;
	uint64_t n = g->role == RBS_READER ? atomic_load_explicit(&g->cursor, memory_order_relaxed)
					   : atomic_load_explicit(&a->hint, memory_order_relaxed);
	uint64_t fit = rbs_slots_in(c->cfg, mmap_region_len(&c->r));
	if (n > fit)
		n = fit;
	for (uint64_t k = 0; n && k < 8; k++) {
		uint64_t s = k * (n - 1) / 7;
		uint8_t o = atomic_load_explicit(&a->owner[s], memory_order_acquire);
		if (!o)
			continue;
		const struct rbs_record *r =
			(const struct rbs_record *)((const char *)mmap_region_ptr(&c->r) + rbs_slot_off(s, c->cfg->record_size));
		if (!atomic_load_explicit(&r->commit, memory_order_acquire))
			continue; /* whether it must hold a record is the final sweep's question */
		struct rbs_finding f;
		uint64_t tw;
		uint32_t w = r->writer < (uint32_t)c->cfg->writers ? r->writer : (uint32_t)(o - 1);
		if (rbs_check_slot(c, s, w, r->seq, &f, &tw, "after remap") == RBS_BAD)
			rbs_note(a, g, &f);
		else
			g->spot_checked++;
	}
}

/* After a remap: its cost; which growth it reached (by the size mapped) and,
 * when this guest was waiting for that growth, the latency from the host's
 * store; the header and a spot check. */
static void remapped(struct rbs_guest_ctx *c, uint64_t t0, enum rbs_cause why)
{
	struct rbs_guest *g = c->me;
	struct rbs_arena *a = c->a;
	uint64_t t1 = rb_now_ns();
	g->remaps++;
	g->by[why]++;
	if (g->n_remap < RBS_GROWTHS)
		g->remap_ns[g->n_remap++] = t1 - t0;
	uint64_t gi = rbs_growth_of(c->cfg, mmap_region_len(&c->r));
	uint64_t gen = atomic_load_explicit(&a->t_gen[gi % RBS_GROWTHS], memory_order_acquire);
	uint64_t ts = atomic_load_explicit(&a->t_store[gi % RBS_GROWTHS], memory_order_relaxed);
	if (why != RBS_BY_FINAL) {
		if (gen != gi || !ts)
			g->early_detections++; /* the file grew before the host stored the size (fstat) */
		else if (c->wait_since && c->wait_since <= ts && t1 >= ts && g->n_g2r < RBS_GROWTHS)
			g->g2r_ns[g->n_g2r++] = t1 - ts;
	}
	rbs_check_header(c, mmap_region_ptr(&c->r), 0, "after remap");
	if (why != RBS_BY_FINAL)
		spot_check(c);
}

static int remap_to(struct rbs_guest_ctx *c, uint64_t size, enum rbs_cause why)
{
	uint64_t t0 = rb_now_ns();
	int ret = mmap_region_remap_to(&c->r, (size_t)size);
	if (ret < 0) {
		c->me->remap_failures++;
		return ret;
	}
	if (ret == 1)
		remapped(c, t0, why);
	return ret;
}

/* Read the header's current_size; remap when it grew (and is a size the host
 * can have stored: a damaged value is reported, never mapped). */
static int from_header(struct rbs_guest_ctx *c, uint64_t end, enum rbs_cause why)
{
	const struct rbs_header *h = mmap_region_ptr(&c->r);
	uint64_t cur = atomic_load_explicit(&h->current_size, memory_order_acquire);
	if (cur <= mmap_region_len(&c->r))
		return 0;
	if (rbs_check_header(c, h, 0, "growth seen"))
		return 0;
	int ret = remap_to(c, cur, why);
	if (ret < 0)
		return ret;
	return end <= mmap_region_len(&c->r);
}

int rbs_guest_cover(struct rbs_guest_ctx *c, uint64_t end, int block)
{
	if (end <= mmap_region_len(&c->r)) {
		c->wait_since = 0;
		return 1;
	}
	if (!c->wait_since)
		c->wait_since = rb_now_ns();
	int ret;
	if (rbs_test_hook() == RBS_HOOK_NOREMAP) { /* test-only: a guest that never notices growth */
		if (block)
			usleep(1000);
		return 0;
	}
	switch (c->cfg->detect) {
	case RBS_DOORBELL:
		/* before touching past the mapping: read the header; then block on the bell */
		ret = from_header(c, end, RBS_BY_HEADER);
		if (ret || !block)
			break;
		ret = region_doorbell_wait(&c->bell, RBS_SAFETY_MS);
		if (ret < 0)
			return ret;
		if (ret == 0)
			c->me->safety_checks++;
		ret = from_header(c, end, ret == 1 ? RBS_BY_RING : RBS_BY_SAFETY);
		break;
	case RBS_POLL:
		ret = from_header(c, end, RBS_BY_HEADER);
		if (ret == 0 && block)
			sched_yield();
		break;
	case RBS_FSTAT:
	default: {
		uint64_t t0 = rb_now_ns();
		ret = mmap_region_check_and_remap(&c->r);
		if (ret < 0) {
			c->me->remap_failures++;
			return ret;
		}
		if (ret == 1)
			remapped(c, t0, RBS_BY_FSTAT);
		ret = end <= mmap_region_len(&c->r);
		if (ret == 0 && block)
			sched_yield();
		break;
	}
	}
	if (ret == 1)
		c->wait_since = 0;
	return ret;
}

int rbs_guest_remap_final(struct rbs_guest_ctx *c, uint64_t size)
{
	if (rbs_test_hook() == RBS_HOOK_NOREMAP)
		return 0;
	return remap_to(c, size, RBS_BY_FINAL);
}

void rbs_guest_final(struct rbs_guest_ctx *c)
{
	struct rbs_arena *a = c->a;
	while (!atomic_load_explicit(&a->sweep_go, memory_order_acquire))
		rb_futex_wait((uint32_t *)&a->sweep_go, 0, 100);
	int ret = rbs_guest_remap_final(c, a->final_size);
	if (ret < 0)
		rbs_guest_error(c, "cannot map the final size %llu for the final sweep: %s", (unsigned long long)a->final_size,
				strerror(-ret));
	rbs_check_header(c, mmap_region_ptr(&c->r), a->final_size, "final sweep");
	rbs_sweep(c, NULL);
}

static double cpu_s(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru))
		return 0;
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

/* Time this process waited on a run queue for a CPU (/proc/self/schedstat), or -1. */
static double wait_s(void)
{
	FILE *f = fopen("/proc/self/schedstat", "re");
	unsigned long long on, waited;
	int n = f ? fscanf(f, "%llu %llu", &on, &waited) : 0;
	if (f)
		fclose(f);
	return n == 2 ? (double)waited / 1e9 : -1;
}

void rbs_guest_live_over(struct rbs_guest_ctx *c)
{
	c->me->t_live = rb_now_ns();
	c->me->live_cpu_s = cpu_s();
	c->me->live_wait_s = wait_s();
	atomic_store_explicit(&c->me->ended, 1, memory_order_release);
}

void rbs_guest_finish(struct rbs_guest_ctx *c)
{
	struct rbs_guest *g = c->me;
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) == 0) {
		g->minflt = (uint64_t)ru.ru_minflt;
		g->majflt = (uint64_t)ru.ru_majflt;
		g->utime_s = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6;
		g->stime_s = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
	}
	g->final_len = mmap_region_len(&c->r);
	g->t_end = rb_now_ns();
	atomic_store(&g->done, 1);
}
