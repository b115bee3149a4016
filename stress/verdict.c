/* verdict.c - prove or refute: every record written was verified live by every
 * reader, and every process's final sweep found every written record intact in
 * its slot; exact counts per violation kind (one per record and kind); no
 * SIGBUS; every guest remapped to the final size; in doorbell mode, growth
 * came from rings. Prints the arithmetic, then writes the run folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "meta.h"
#include "parse.h"
#include "proc.h"
#include "stats.h"
#include "verdict.h"

static const char *who(const struct rbs_guest *g, char *buf, size_t n)
{
	if (g->role == RBS_HOST)
		snprintf(buf, n, "host (pid %d)", (int)g->pid);
	else
		snprintf(buf, n, "%s %d (pid %d)", g->role == RBS_WRITER ? "writer" : "reader", g->index, (int)g->pid);
	return buf;
}

#define FAIL(t, ...)                           \
	do {                                   \
		(t)->fails++;                  \
		printf("FAIL: " __VA_ARGS__);  \
		putchar('\n');                 \
	} while (0)

#define ULL(x) ((unsigned long long)(x))

/* Distinct records per kind: the marks at each slot (up to the last marked:
 * never every slot the region could hold), the records past the frontier,
 * the header once, and a SIGBUS in the header page once. */
static void count_kinds(const struct rbs_host *h, struct rbs_tally *t)
{
	const struct rbs_arena *a = h->a;
	uint64_t end = atomic_load(&a->found_end);
	for (uint64_t s = 0; s < end && s < a->nslots; s++) {
		uint8_t b = atomic_load_explicit(&a->found[s], memory_order_relaxed);
		for (int k = 0; b && k < RB_V__N; k++)
			t->kinds[k] += (b >> k) & 1u;
	}
	for (int k = 0; k < RB_V__N; k++)
		t->kinds[k] += a->strays[k];
	t->kinds[RB_V_HEADER] = atomic_load(&a->header_bad) ? 1 : 0;
	for (int i = 0; i < a->nguests; i++)
		if (a->g[i].sigbus && a->g[i].bus_off < RBS_DATA_OFF) {
			t->kinds[RB_V_SIGBUS]++;
			break;
		}
}

/* What a dead writer's readers verified of its records: "verified" is said
 * only about records that were. */
static void dead_writer(const struct rbs_host *h, const struct rbs_guest *g, char *buf, size_t n)
{
	const struct rbs_config *cfg = h->cfg;
	struct rbs_arena *a = h->a;
	size_t l = (size_t)snprintf(buf, n, "; it had written %llu record(s)", ULL(g->written));
	int all = 1;
	for (int r = 0; r < cfg->readers; r++)
		all &= !a->g[cfg->writers + r].error[0] && atomic_load(&a->g[cfg->writers + r].ended) &&
			rbs_seen(a, r)[g->index] == g->written;
	if (all && cfg->readers)
		l += (size_t)snprintf(buf + l, n - l, ", every one verified live by every reader");
	else
		for (int r = 0; r < cfg->readers && l < n; r++)
			l += (size_t)(atomic_load(&a->g[cfg->writers + r].ended)
					      ? snprintf(buf + l, n - l, "%s reader %d verified %llu of them", r ? "," : ":", r,
							 ULL(rbs_seen(a, r)[g->index]))
					      : snprintf(buf + l, n - l, "%s reader %d died before it reported", r ? "," : ":", r));
	if (l < n && g->abandoned_slot != RBS_NONE)
		snprintf(buf + l, n - l, "; it left slot %llu (offset %llu) claimed and unwritten: abandoned",
			 ULL(g->abandoned_slot), ULL(rbs_slot_off(g->abandoned_slot, cfg->record_size)));
}

static void check_guests(struct rbs_host *h, struct rbs_tally *t)
{
	struct rbs_arena *a = h->a;
	char w[64], more[320];
	for (int i = 0; i < a->nguests; i++) {
		struct rbs_guest *g = &a->g[i];
		int code = rb_exit_code(h->status[i]);
		if (g->sigbus)
			FAIL(t, "%s: SIGBUS at address 0x%llx (offset %llu) with a mapping of %llu bytes and a file of %llu bytes: %s",
			     who(g, w, sizeof(w)), ULL(g->bus_addr), ULL(g->bus_off), ULL(g->bus_map_len), ULL(g->bus_file_size),
			     g->bus_off < g->bus_file_size ? "backing store full at that offset (the file is larger, the filesystem could not back the page)"
							   : "the page lies past the end of the file (was it truncated?)");
		else if (code != 0 || atomic_load(&a->dead[i])) {
			more[0] = '\0';
			if (g->role == RBS_WRITER)
				dead_writer(h, g, more, sizeof(more));
			FAIL(t, "%s ended with %s %d, %.3f s into the run%s", who(g, w, sizeof(w)),
			     WIFSIGNALED(h->status[i]) ? "signal" : "exit code",
			     WIFSIGNALED(h->status[i]) ? WTERMSIG(h->status[i]) : code,
			     h->exit_ns[i] > h->t_start ? (double)(h->exit_ns[i] - h->t_start) / 1e9 : 0.0, more);
		}
		if (g->error[0])
			FAIL(t, "%s: %s", who(g, w, sizeof(w)), g->error);
		if (code == 0 && !atomic_load(&a->dead[i]) && g->final_len < h->final_size)
			FAIL(t, "%s never caught up with growth: its mapping is %llu bytes, the region %llu bytes after %llu growths (%llu remaps)",
			     who(g, w, sizeof(w)), ULL(g->final_len), ULL(h->final_size), ULL(h->ngrowths), ULL(g->remaps));
		t->remaps += g->remaps;
		for (int b = 0; b < RBS_BY__N; b++)
			t->by[b] += g->by[b];
		t->safety_checks += g->safety_checks;
		t->early += g->early_detections;
		t->minflt += g->minflt;
		t->utime += g->utime_s;
		t->stime += g->stime_s;
		t->spot += g->spot_checked;
		if (g->role == RBS_WRITER) {
			t->written += g->written;
			t->abandoned += g->abandoned_slot != RBS_NONE;
			t->grown += g->grown_records;
		} else {
			t->live += g->verified;
			t->vis_caught_up += g->vis_seen[RBS_VIS_CAUGHT_UP];
			t->vis_behind += g->vis_seen[RBS_VIS_BEHIND];
		}
	}
}

/* The arithmetic: claims = written + abandoned; live verifications = readers x
 * written; each process's sweep found every written record. */
static void check_accounting(struct rbs_host *h, struct rbs_tally *t)
{
	const struct rbs_config *cfg = h->cfg;
	struct rbs_arena *a = h->a;
	char w[64];
	t->slots = a->frontier;
	t->live_expected = (uint64_t)cfg->readers * t->written;
	printf("  accounting: %llu slots claimed = %llu records written + %llu abandoned", ULL(t->slots), ULL(t->written),
	       ULL(t->abandoned));
	for (int i = 0; i < cfg->writers; i++)
		if (a->g[i].abandoned_slot != RBS_NONE)
			printf(" (writer %d: slot %llu)", i, ULL(a->g[i].abandoned_slot));
	printf("\n");
	if (h->accounting[0])
		FAIL(t, "accounting: %s", h->accounting);
	else if (t->slots != t->written + t->abandoned)
		FAIL(t, "accounting: %llu slots claimed, but %llu written + %llu abandoned", ULL(t->slots), ULL(t->written),
		     ULL(t->abandoned));
	printf("  live: %llu verifications %s %d reader(s) x %llu records written = %llu\n", ULL(t->live),
	       t->live == t->live_expected ? "=" : "!=", cfg->readers, ULL(t->written), ULL(t->live_expected));
	for (int r = 0; r < cfg->readers; r++) {
		struct rbs_guest *g = &a->g[cfg->writers + r];
		if (g->verified != t->written)
			FAIL(t, "reader %d verified %llu records live of %llu written: %llu not seen", r, ULL(g->verified),
			     ULL(t->written), ULL(t->written > g->verified ? t->written - g->verified : 0));
	}
	for (int i = 0; i <= a->nguests; i++) {
		struct rbs_guest *g = &a->g[i];
		const struct rbs_sweep *sw = &g->sweep;
		if (!sw->done)
			continue; /* it died before (reported above) */
		t->sweeps++;
		t->reverified += sw->verified;
		int complete = sw->slots == t->slots && sw->verified == t->written && sw->abandoned == t->abandoned &&
			       !sw->erased && !sw->damaged && !sw->unreached;
		t->sweeps_complete += complete;
		if (!complete)
			FAIL(t, "%s's final sweep: %llu slots = %llu verified + %llu abandoned + %llu erased + %llu damaged + %llu unreached; %llu of %llu written records found",
			     who(g, w, sizeof(w)), ULL(sw->slots), ULL(sw->verified), ULL(sw->abandoned), ULL(sw->erased),
			     ULL(sw->damaged), ULL(sw->unreached), ULL(sw->verified), ULL(t->written));
	}
	printf("  final sweeps: %d of %d process(es) found all %llu written records intact in their slots "
	       "(%llu verified + %llu abandoned = %llu slots each)\n",
	       t->sweeps_complete, a->nguests + 1, ULL(t->written), ULL(t->written), ULL(t->abandoned), ULL(t->slots));
}

/* Per kind: the exact count, and the first finding of that kind (and who made it). */
static void check_kinds(struct rbs_host *h, struct rbs_tally *t)
{
	struct rbs_arena *a = h->a;
	char w[64];
	count_kinds(h, t);
	for (int k = 0; k < RB_V__N; k++) {
		if (!t->kinds[k])
			continue;
		const struct rbs_finding *f = NULL;
		const struct rbs_guest *by = NULL;
		if (k == RB_V_HEADER)
			f = &a->header_first;
		for (int i = 0; i <= a->nguests && !by; i++)
			if (a->g[i].nkind[k])
				by = &a->g[i];
		if (!f && by)
			f = &by->first[k];
		if (!f) {
			FAIL(t, "%s: %llu record(s) (see the slots above)", rb_violation_name((enum rb_violation)k),
			     ULL(t->kinds[k]));
			continue;
		}
		char where[64] = "the header";
		if (f->slot != RBS_NONE)
			snprintf(where, sizeof(where), "slot %llu (writer %u record %llu)", ULL(f->slot), f->writer, ULL(f->seq));
		FAIL(t, "%s: %llu record(s); first: %s at offset %llu: expected 0x%llx, found 0x%llx (%s; seen by %s)",
		     rb_violation_name((enum rb_violation)k), ULL(t->kinds[k]), where, ULL(f->offset), ULL(f->expected),
		     ULL(f->found), f->detail, by ? who(by, w, sizeof(w)) : "?");
	}
}

static void check_run(struct rbs_host *h, struct rbs_tally *t)
{
	const struct rbs_config *cfg = h->cfg;
	if (h->timed_out)
		FAIL(t, "guests did not finish within the deadline: the late ones were killed");
	if (h->resize_failures)
		FAIL(t, "the host's resize failed %llu time(s): %s; the region stayed at %llu bytes and the old mapping stayed in use",
		     ULL(h->resize_failures), strerror(-h->resize_error), ULL(h->final_size));
	if (h->growth_stopped)
		printf("  note: scenario %s stopped the growth during the run\n", cfg->scn->name);
	if (h->early_deaths)
		FAIL(t, "%d guest(s) died during the run (see above); the %s", h->early_deaths,
		     cfg->stop_on_death ? "run stopped at once (--on-death stop)" : "others went on (--on-death continue)");
	if (cfg->detect == RBS_DOORBELL && t->by[RBS_BY_SAFETY])
		FAIL(t, "doorbell: %llu remap(s) found growth that no ring announced within %d ms (the doorbell did not ring)",
		     ULL(t->by[RBS_BY_SAFETY]), RBS_SAFETY_MS);
	/* results that mean nothing are never a pass */
	if (t->written == 0)
		FAIL(t, "no record was written: the run proves nothing");
	if (cfg->readers && t->live == 0)
		FAIL(t, "no record was verified: the run proves nothing");
	if (h->ngrowths == 0 && !h->growth_stopped && !h->resize_failures)
		FAIL(t, "the region never grew during the run: the run proves nothing about growth");
}

static double p50_of(const uint64_t *const *bufs, const uint32_t *ns, int nb)
{
	size_t n = 0;
	for (int i = 0; i < nb; i++)
		n += ns[i];
	if (!n)
		return -1;
	double *v = malloc(n * sizeof(double));
	if (!v)
		return -1;
	size_t k = 0;
	for (int i = 0; i < nb; i++)
		for (uint32_t j = 0; j < ns[i]; j++)
			v[k++] = (double)bufs[i][j];
	struct rb_stats st;
	double r = rb_stats_compute(v, n, &st) ? -1 : st.p50;
	free(v);
	return r;
}

double rbs_vis_p50(struct rbs_host *h, enum rbs_vis v)
{
	const uint64_t *bufs[RBS_MAX_GUESTS];
	uint32_t ns[RBS_MAX_GUESTS];
	int nr = h->cfg->readers;
	for (int r = 0; r < nr; r++) {
		bufs[r] = rbs_vis_buf(h->a, r, v);
		ns[r] = h->a->g[h->cfg->writers + r].vis_n[v];
	}
	return p50_of(bufs, ns, nr);
}

int rbs_verdict(struct rbs_host *h)
{
	struct rbs_tally t;
	memset(&t, 0, sizeof(t));
	const struct rbs_config *cfg = h->cfg;
	t.secs = (double)(h->t_stop - h->t_start) / 1e9;
	check_guests(h, &t);
	check_accounting(h, &t);
	check_kinds(h, &t);
	check_run(h, &t);
	int pass = t.fails == 0;
	char sz[32];
	printf("%s: %llu records written by %d writer(s), verified live by %d reader(s) (%.0f verifications/s), "
	       "re-verified %llu times in %d final sweeps, %llu spot checks after remaps\n",
	       pass ? "PASS" : "FAIL", ULL(t.written), cfg->writers, cfg->readers, (double)t.live / t.secs,
	       ULL(t.reverified), t.sweeps, ULL(t.spot));
	printf("  ");
	for (int k = 0; k < RB_V__N; k++)
		printf("%s %llu%s", rb_violation_name((enum rb_violation)k), ULL(t.kinds[k]), k + 1 < RB_V__N ? ", " : "");
	printf("; %llu growths to %s; %.0f%% of records in space grown after their writer attached\n", ULL(h->ngrowths),
	       rb_fmt_size(h->final_size, sz, sizeof(sz)), t.written ? 100.0 * (double)t.grown / (double)t.written : 0);
	uint64_t timed = t.vis_caught_up + t.vis_behind;
	double vp50 = rbs_vis_p50(h, RBS_VIS_CAUGHT_UP), bp50 = rbs_vis_p50(h, RBS_VIS_BACKLOG);
	printf("  visible_ns: p50 %.0f ns over %llu records seen while caught up (%.1f%% of the %llu timed); "
	       "backlog p50 %.0f slots claimed ahead\n",
	       vp50 < 0 ? 0 : vp50, ULL(t.vis_caught_up), timed ? 100.0 * (double)t.vis_caught_up / (double)timed : 0,
	       ULL(timed), bp50 < 0 ? 0 : bp50);
	printf("  growth detection (%s): %llu remaps: %llu after a ring, %llu from the header, %llu by fstat, %llu by the "
	       "safety timeout (%llu timeouts), %llu to the final size; %llu seen before the host's store\n",
	       rbs_detect_name(cfg->detect), ULL(t.remaps), ULL(t.by[RBS_BY_RING]), ULL(t.by[RBS_BY_HEADER]),
	       ULL(t.by[RBS_BY_FSTAT]), ULL(t.by[RBS_BY_SAFETY]), ULL(t.safety_checks), ULL(t.by[RBS_BY_FINAL]),
	       ULL(t.early));
	double remap_s = 0;
	for (int i = 0; i < h->a->nguests; i++)
		for (uint32_t k = 0; k < h->a->g[i].n_remap; k++)
			remap_s += (double)h->a->g[i].remap_ns[k] / 1e9;
	printf("  guests: %.2f s user, %.2f s system; %llu minor page faults (the system time is mostly these and the "
	       "remaps), remaps took %.3f s in all\n",
	       t.utime, t.stime, ULL(t.minflt), remap_s);
	/* the harness's own cost: a clock read per record written (its timestamp) and
	 * per timed record seen (visible_ns) */
	double tick = rb_timer_overhead_ns(), cpu = t.utime + t.stime;
	uint64_t reads = t.written + timed;
	double clock_s = (double)reads * tick / 1e9;
	printf("  harness overhead: %llu clock reads at %.0f ns = %.3f s, %.1f%% of the guests' CPU time\n", ULL(reads),
	       tick, clock_s, cpu > 0 ? 100 * clock_s / cpu : 0);
	if (rbs_test_hook() == RBS_HOOK_EARLY_COMMIT) {
		uint64_t early = 0;
		for (int i = 0; i < cfg->writers; i++)
			early += h->a->g[i].early_commits;
		printf("  test hook early_commit: %llu records committed early, %llu seen torn\n", ULL(early),
		       ULL(t.kinds[RB_V_TORN]));
	}
	if (rbs_write_files(h, &t, pass)) {
		fprintf(stderr, "regionbench stress: writing results into %s failed\n", cfg->run_dir);
		return 1;
	}
	printf("results: %s\n", cfg->run_dir);
	return pass ? 0 : 1;
}
