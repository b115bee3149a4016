/* verdict.c - prove or refute: nothing lost, torn, duplicated or misplaced;
 * no SIGBUS; every guest remapped to the final size. Then write the run folder. */
#include "verdict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "afile.h"
#include "csvw.h"
#include "meta.h"
#include "parse.h"
#include "proc.h"
#include "series.h"
#include "stats.h"

struct tally {
	uint64_t written, verified, reverified, spot, holes, grown, lost, torn, duplicate, misplaced, sigbus,
		other, remaps, minflt;
	double utime, stime;
	int fails;
};

static const char *who(const struct rbs_guest *g, char *buf, size_t n)
{
	snprintf(buf, n, "%s %d (pid %d)", g->role == RBS_WRITER ? "writer" : "reader", g->index, (int)g->pid);
	return buf;
}

#define FAIL(t, ...)                                             \
	do {                                                     \
		(t)->fails++;                                    \
		printf("FAIL: " __VA_ARGS__);                   \
		putchar('\n');                                   \
	} while (0)

static void count_violation(struct tally *t, const struct rbs_guest *g)
{
	const char *k = g->viol.kind;
	uint64_t n = g->nviol;
	if (!strcmp(k, "lost"))
		t->lost += n;
	else if (!strcmp(k, "torn") || !strcmp(k, "not-intact"))
		t->torn += n;
	else if (!strcmp(k, "duplicate"))
		t->duplicate += n;
	else if (!strcmp(k, "misplaced"))
		t->misplaced += n;
	else if (!strcmp(k, "sigbus"))
		t->sigbus += n;
	else
		t->other += n;
}

static void check_guests(struct rbs_host *h, struct tally *t)
{
	const struct rbs_config *cfg = h->cfg;
	struct rbs_arena *a = h->a;
	char w[64];
	for (int i = 0; i < a->nguests; i++) {
		struct rbs_guest *g = &a->g[i];
		int code = rb_exit_code(h->status[i]);
		if (g->nviol) {
			count_violation(t, g);
			if (g->sigbus)
				FAIL(t, "%s: SIGBUS at address 0x%llx (offset %llu) with a mapping of %llu bytes and a file of %llu bytes: %s",
				     who(g, w, sizeof(w)), (unsigned long long)g->bus_addr, (unsigned long long)g->bus_off,
				     (unsigned long long)g->bus_map_len, (unsigned long long)g->bus_file_size,
				     g->bus_off < g->bus_file_size ? "backing store full at that offset (the file is larger, the filesystem could not back the page)"
								   : "the page lies past the end of the file (was it truncated?)");
			else
				FAIL(t, "%s: %llu violation(s); first: %s writer %u seq %llu at offset %llu: expected 0x%llx, found 0x%llx (%s)",
				     who(g, w, sizeof(w)), (unsigned long long)g->nviol, g->viol.kind, g->viol.writer,
				     (unsigned long long)g->viol.seq, (unsigned long long)g->viol.offset,
				     (unsigned long long)g->viol.expected, (unsigned long long)g->viol.found, g->viol.detail);
		}
		if (code != 0 && !g->nviol)
			FAIL(t, "%s ended with %s %d, %.3f s into the run%s", who(g, w, sizeof(w)),
			     WIFSIGNALED(h->status[i]) ? "signal" : "exit code",
			     WIFSIGNALED(h->status[i]) ? WTERMSIG(h->status[i]) : code,
			     h->exit_ns[i] > h->t_start ? (double)(h->exit_ns[i] - h->t_start) / 1e9 : 0.0,
			     g->role == RBS_WRITER ? "; the records it committed before were verified" : "");
		if (code == 0 && g->final_len < h->final_size)
			FAIL(t, "%s never caught up with growth: its mapping is %llu bytes, the region %llu bytes after %llu growths (%llu remaps)",
			     who(g, w, sizeof(w)), (unsigned long long)g->final_len, (unsigned long long)h->final_size,
			     (unsigned long long)h->ngrowths, (unsigned long long)g->remaps);
		t->remaps += g->remaps;
		t->minflt += g->minflt;
		t->utime += g->utime_s;
		t->stime += g->stime_s;
		if (g->role == RBS_WRITER) {
			t->written += atomic_load(&g->committed);
			t->grown += g->grown_records;
		} else {
			t->verified += g->verified;
			t->holes += g->holes;
		}
		t->reverified += g->reverified;
		t->spot += g->spot_checked;
	}
	/* nothing lost: every reader saw every committed record of every writer */
	for (int r = 0; r < cfg->readers; r++) {
		struct rbs_guest *rg = &a->g[cfg->writers + r];
		if (rb_exit_code(h->status[cfg->writers + r]) != 0 || rg->sigbus)
			continue; /* already reported */
		for (int wi = 0; wi < cfg->writers; wi++) {
			uint64_t committed = atomic_load(&a->g[wi].committed);
			uint64_t seen = a->expect[(size_t)r * (size_t)cfg->writers + (size_t)wi];
			int died = atomic_load(&a->dead[wi]);
			if (seen < committed) {
				t->lost += committed - seen;
				FAIL(t, "lost: reader %d never saw writer %d's records seq %llu..%llu (%llu committed)", r, wi,
				     (unsigned long long)seen, (unsigned long long)committed - 1, (unsigned long long)committed);
			} else if (seen > committed + (died ? 1u : 0u)) {
				FAIL(t, "reader %d saw writer %d's seq %llu but the writer committed only %llu", r, wi,
				     (unsigned long long)seen - 1, (unsigned long long)committed);
			}
		}
	}
	if (h->timed_out)
		FAIL(t, "guests did not finish within the deadline: their process group was killed");
	if (h->resize_failures)
		FAIL(t, "the host's resize failed %llu time(s): %s; the region stayed at %llu bytes and the old mapping stayed in use",
		     (unsigned long long)h->resize_failures, strerror(-h->resize_error), (unsigned long long)h->final_size);
	if (h->growth_stopped)
		printf("  note: scenario %s stopped the growth during the run\n", cfg->scn->name);
	if (h->early_deaths)
		FAIL(t, "%d guest(s) died during the run (see above); the %s", h->early_deaths,
		     cfg->stop_on_death ? "run stopped at once (--on-death stop)" : "others went on (--on-death continue)");
	/* results that mean nothing are never a pass */
	if (t->written == 0)
		FAIL(t, "no record was written: the run proves nothing");
	if (cfg->readers && t->verified == 0)
		FAIL(t, "no record was verified: the run proves nothing");
	if (h->ngrowths == 0 && cfg->initial_size < cfg->max_size)
		FAIL(t, "the region never grew during the run: the run proves nothing about growth");
}

/* The metrics of a stress run. */
static const struct rb_metric m_visible = { "visible_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_NONE, RB_METRIC_TAIL,
					    "writer's commit store to a reader seeing the record" };
static const struct rb_metric m_g2r = { "grow_to_remap_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_NONE, RB_METRIC_TAIL,
					"host's release store of the new size to the guest remapped" };
static const struct rb_metric m_remap = { "remap_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_NONE, 0,
					  "a guest's remap after growth" };
static const struct rb_metric m_remaps = { "remaps_per_guest", RB_UNIT_COUNT, RB_DIR_NONE, RB_AXIS_NONE, 0,
					   "remaps each guest made" };
static const struct rb_metric m_host_resize = { "host_resize_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_NONE, 0,
						"the host's resize (ftruncate, remap, header store)" };
static const struct rb_metric m_written = { "written_per_s", RB_UNIT_PER_S, RB_DIR_HIGHER, RB_AXIS_NONE, 0,
					    "records written per second, all writers" };
static const struct rb_metric m_verified = { "verified_per_s", RB_UNIT_PER_S, RB_DIR_HIGHER, RB_AXIS_NONE, 0,
					     "records verified per second, all readers" };

static void add_samples(struct rb_resultset *rs, const struct rbs_config *cfg, const char *variant, uint64_t size,
			const struct rb_metric *m, const uint64_t *v, size_t n)
{
	struct rb_key k;
	rb_key_set(&k, cfg->scn->name, cfg->backend.spec, cfg->backend.fs_type, size, variant,
		   cfg->writers + cfg->readers);
	struct rb_series *s = rb_results_metric(rs, &k, m);
	if (!s || rb_series_reserve(s, n))
		return;
	for (size_t i = 0; i < n; i++)
		rb_series_add(s, (double)v[i]);
}

/* The columns every per-run stress CSV starts with. */
static void run_fields(FILE *f, const struct rbs_config *cfg, const char *variant)
{
	fprintf(f, "%d,", RB_SCHEMA_VERSION);
	rb_csv_field(f, cfg->run_id, 0);
	rb_csv_field(f, cfg->scn->name, 0);
	rb_csv_field(f, cfg->backend.spec, 0);
	rb_csv_field(f, cfg->backend.fs_type, 0);
	rb_csv_field(f, variant, 0);
}

static int write_files(struct rbs_host *h, const struct tally *t, int pass)
{
	const struct rbs_config *cfg = h->cfg;
	struct rbs_arena *a = h->a;
	struct rb_resultset rs = { 0 };
	char variant[64];
	snprintf(variant, sizeof(variant), "%s/%s", rbs_detect_name(cfg->detect),
		 cfg->strategy == MMAP_REGION_MREMAP ? "mremap" : "remap");
	uint64_t size = h->final_size;
	for (int r = 0; r < cfg->readers; r++) {
		struct rbs_guest *g = &a->g[cfg->writers + r];
		add_samples(&rs, cfg, variant, size, &m_visible, a->vis + (size_t)r * RBS_VIS_CAP, g->vis_n);
	}
	for (int i = 0; i < a->nguests; i++) {
		add_samples(&rs, cfg, variant, size, &m_g2r, a->g[i].g2r_ns, a->g[i].n_g2r);
		add_samples(&rs, cfg, variant, size, &m_remap, a->g[i].remap_ns, a->g[i].n_remap);
		add_samples(&rs, cfg, variant, size, &m_remaps, &a->g[i].remaps, 1);
	}
	add_samples(&rs, cfg, variant, size, &m_host_resize, h->resize_ns,
		    h->ngrowths < RBS_GROWTHS ? h->ngrowths : RBS_GROWTHS);
	double secs = (double)(h->t_stop - h->t_start) / 1e9;
	uint64_t wps = (uint64_t)((double)t->written / secs), vps = (uint64_t)((double)t->verified / secs);
	add_samples(&rs, cfg, variant, size, &m_written, &wps, 1);
	add_samples(&rs, cfg, variant, size, &m_verified, &vps, 1);

	struct rb_meta *m = calloc(1, sizeof(*m));
	if (!m)
		return -1;
	char now[64];
	rb_utc_now(now, sizeof(now));
	rb_meta_set(m, "schema_version", "%d", RB_SCHEMA_VERSION);
	rb_meta_set(m, "run_id", "%s", cfg->run_id);
	rb_meta_set(m, "kind", "stress");
	rb_meta_set(m, "command_line", "%s", cfg->cmdline);
	rb_meta_set(m, "seed", "%llu", (unsigned long long)cfg->seed);
	rb_meta_set(m, "end_time", "%s", now);
	rb_meta_system(m, cfg->root);
	rb_meta_set_backend(m, 0, &cfg->backend);

	int ret = rb_write_summary(cfg->run_dir, cfg->run_id, rb_meta_get(m, "host"), rb_meta_get(m, "kernel_release"), &rs);
	if (!ret)
		ret = rb_write_samples(cfg->run_dir, cfg->run_id, &rs);
	if (!ret)
		ret = rb_write_runs(cfg->run_dir, cfg->run_id, &rs);
	if (!ret)
		ret = rb_write_metrics(cfg->run_dir, &rs);
	struct rb_afile f;
	if (!ret && !(ret = rb_afile_open(&f, cfg->run_dir, "stress.csv"))) {
		fprintf(f.f, "schema_version,run_id,scenario,backend,fs_type,variant,writers,readers,record_size,"
			     "initial_size_bytes,grow_step_bytes,grow_every_ns,max_size_bytes,duration_s,growths,final_size_bytes,records_written,records_verified,verified_per_s,"
			     "reverified,spot_checked,holes,grown_share,lost,torn,duplicate,misplaced,sigbus,other,"
			     "remaps,guest_minflt,guest_user_s,guest_sys_s,verdict\n");
		run_fields(f.f, cfg, variant);
		fprintf(f.f, "%d,%d,%u,%llu,%llu,%llu,%llu,%.3f,%llu,%llu,%llu,%llu,%llu,%llu,%llu,%llu,%.4f,%llu,%llu,%llu,%llu,%llu,%llu,%llu,%llu,%.3f,%.3f,%s\n",
			cfg->writers, cfg->readers, cfg->record_size, (unsigned long long)cfg->initial_size,
			(unsigned long long)cfg->grow_step, (unsigned long long)cfg->grow_every_ns,
			(unsigned long long)cfg->max_size, secs, (unsigned long long)h->ngrowths,
			(unsigned long long)h->final_size, (unsigned long long)t->written, (unsigned long long)t->verified,
			(unsigned long long)vps, (unsigned long long)t->reverified, (unsigned long long)t->spot,
			(unsigned long long)t->holes, t->written ? (double)t->grown / (double)t->written : 0,
			(unsigned long long)t->lost, (unsigned long long)t->torn, (unsigned long long)t->duplicate,
			(unsigned long long)t->misplaced, (unsigned long long)t->sigbus, (unsigned long long)t->other,
			(unsigned long long)t->remaps, (unsigned long long)t->minflt, t->utime, t->stime,
			pass ? "pass" : "fail");
		ret = rb_afile_commit(&f);
	}
	if (!ret && !(ret = rb_afile_open(&f, cfg->run_dir, "violations.csv"))) {
		fprintf(f.f, "schema_version,run_id,guest,role,kind,count,writer,seq,offset,expected,found,detail\n");
		for (int i = 0; i < a->nguests; i++) {
			struct rbs_guest *g = &a->g[i];
			if (!g->nviol)
				continue;
			fprintf(f.f, "%d,", RB_SCHEMA_VERSION);
			rb_csv_field(f.f, cfg->run_id, 0);
			fprintf(f.f, "%d,%s,", g->index, g->role == RBS_WRITER ? "writer" : "reader");
			rb_csv_field(f.f, g->viol.kind, 0);
			fprintf(f.f, "%llu,%u,%llu,%llu,%llu,%llu,", (unsigned long long)g->nviol, g->viol.writer,
				(unsigned long long)g->viol.seq, (unsigned long long)g->viol.offset,
				(unsigned long long)g->viol.expected, (unsigned long long)g->viol.found);
			rb_csv_field(f.f, g->viol.detail, 1);
		}
		ret = rb_afile_commit(&f);
	}
	if (!ret && !(ret = rb_afile_open(&f, cfg->run_dir, "guests.csv"))) {
		fprintf(f.f, "schema_version,run_id,scenario,backend,fs_type,variant,guest,role,index,remaps,"
			     "grow_to_remap_p50_ns,grow_to_remap_p99_ns,grow_to_remap_max_ns,remap_p50_ns,records,"
			     "minflt,user_s,sys_s,final_len_bytes\n");
		for (int i = 0; i < a->nguests; i++) {
			struct rbs_guest *g = &a->g[i];
			struct rb_stats gs, rm;
			double *tmp = calloc(RBS_GROWTHS, sizeof(double));
			if (!tmp)
				break;
			for (uint32_t k = 0; k < g->n_g2r; k++)
				tmp[k] = (double)g->g2r_ns[k];
			rb_stats_compute(tmp, g->n_g2r, &gs);
			for (uint32_t k = 0; k < g->n_remap; k++)
				tmp[k] = (double)g->remap_ns[k];
			rb_stats_compute(tmp, g->n_remap, &rm);
			free(tmp);
			run_fields(f.f, cfg, variant);
			fprintf(f.f, "%d,%s,%d,%llu,%.0f,%.0f,%.0f,%.0f,%llu,%llu,%.3f,%.3f,%llu\n", i,
				g->role == RBS_WRITER ? "writer" : "reader", g->index, (unsigned long long)g->remaps, gs.p50,
				gs.p99, gs.max, rm.p50,
				(unsigned long long)(g->role == RBS_WRITER ? atomic_load(&g->committed) : g->verified),
				(unsigned long long)g->minflt, g->utime_s, g->stime_s, (unsigned long long)g->final_len);
		}
		ret = rb_afile_commit(&f);
	}
	if (!ret)
		ret = rb_meta_write(cfg->run_dir, m);
	if (!ret)
		ret = rb_rundir_complete(cfg->run_dir);
	free(m);

	/* a short distribution summary */
	for (size_t i = 0; i < rs.n; i++) {
		struct rb_stats st;
		if (rs.s[i].n > 1 && !rb_stats_compute(rs.s[i].v, rs.s[i].n, &st))
			printf("  %-18s p50 %11.0f  p90 %11.0f  p99 %11.0f  p999 %11.0f  max %11.0f %s (n=%zu)\n",
			       rs.s[i].k.metric, st.p50, st.p90, st.p99, st.p999, st.max, rs.s[i].k.unit, st.n);
	}
	rb_results_free(&rs);
	return ret;
}

int rbs_verdict(struct rbs_host *h)
{
	struct tally t;
	memset(&t, 0, sizeof(t));
	check_guests(h, &t);
	const struct rbs_config *cfg = h->cfg;
	double secs = (double)(h->t_stop - h->t_start) / 1e9;
	char sz[32];
	int pass = t.fails == 0;
	printf("%s: %llu records written by %d writer(s), %llu verified by %d reader(s) (%.0f verifications/s), "
	       "%llu re-verified after the run, %llu spot checks after remaps\n",
	       pass ? "PASS" : "FAIL", (unsigned long long)t.written, cfg->writers, (unsigned long long)t.verified,
	       cfg->readers, (double)t.verified / secs, (unsigned long long)t.reverified, (unsigned long long)t.spot);
	printf("  lost %llu, torn %llu, duplicate %llu, misplaced %llu, SIGBUS %llu; %llu growths to %s; "
	       "%.0f%% of records in space grown after their writer attached\n",
	       (unsigned long long)t.lost, (unsigned long long)t.torn, (unsigned long long)t.duplicate,
	       (unsigned long long)t.misplaced, (unsigned long long)t.sigbus, (unsigned long long)h->ngrowths,
	       rb_fmt_size(h->final_size, sz, sizeof(sz)), t.written ? 100.0 * (double)t.grown / (double)t.written : 0);
	double remap_s = 0;
	for (int i = 0; i < h->a->nguests; i++)
		for (uint32_t k = 0; k < h->a->g[i].n_remap; k++)
			remap_s += (double)h->a->g[i].remap_ns[k] / 1e9;
	printf("  guests: %.2f s user, %.2f s system; %llu minor page faults (the system time is mostly these and the "
	       "remaps), %llu remaps taking %.3f s in all\n",
	       t.utime, t.stime, (unsigned long long)t.minflt, (unsigned long long)t.remaps, remap_s);
	/* the harness's own cost: a clock read per record written (its timestamp) and
	 * per RBS_VIS_EVERY records seen (visible_ns) */
	double tick = rb_timer_overhead_ns(), cpu = t.utime + t.stime;
	uint64_t reads = t.written + t.verified / RBS_VIS_EVERY;
	double clock_s = (double)reads * tick / 1e9;
	printf("  harness overhead: %llu clock reads at %.0f ns = %.3f s, %.1f%% of the guests' CPU time\n",
	       (unsigned long long)reads, tick, clock_s, cpu > 0 ? 100 * clock_s / cpu : 0);
	int ret = write_files(h, &t, pass);
	if (ret) {
		fprintf(stderr, "regionbench stress: writing results into %s failed\n", cfg->run_dir);
		return 1;
	}
	printf("results: %s\n", cfg->run_dir);
	return pass ? 0 : 1;
}
