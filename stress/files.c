/* files.c - a stress run's folder: summary, samples, runs and metrics (the
 * metrics below), stress.csv (the verdict and its arithmetic), violations.csv
 * (per process and kind: the count and the first finding), guests.csv and
 * meta.csv. Every CSV through the schema's tables (results/schema.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afile.h"
#include "meta.h"
#include "series.h"
#include "stats.h"
#include "verdict.h"

static const struct rb_metric m_visible = { "visible_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_NONE, RB_METRIC_TAIL,
					    "writer's commit store to a reader seeing the record, the reader caught up "
					    "(nothing committed ahead of it)" };
static const struct rb_metric m_visible_behind = { "visible_behind_ns", RB_UNIT_NS, RB_DIR_NONE, RB_AXIS_NONE, 0,
						   "the same for records seen while the reader was behind (backlog)" };
static const struct rb_metric m_backlog = { "backlog_records", RB_UNIT_COUNT, RB_DIR_NONE, RB_AXIS_NONE, 0,
					    "slots claimed ahead of a timed record when a reader saw it" };
static const struct rb_metric m_g2r = { "grow_to_remap_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_NONE, RB_METRIC_TAIL,
					"host's release store of the new size to a waiting guest remapped" };
static const struct rb_metric m_remap = { "remap_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_NONE, 0,
					  "a guest's remap after growth" };
static const struct rb_metric m_remaps = { "remaps_per_guest", RB_UNIT_COUNT, RB_DIR_NONE, RB_AXIS_NONE, 0,
					   "remaps each guest made" };
static const struct rb_metric m_host_resize = { "host_resize_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_NONE, 0,
						"the host's resize (ftruncate, remap, header store)" };
static const struct rb_metric m_written = { "written_per_s", RB_UNIT_PER_S, RB_DIR_HIGHER, RB_AXIS_NONE, 0,
					    "records written per second, all writers" };
static const struct rb_metric m_verified = { "verified_per_s", RB_UNIT_PER_S, RB_DIR_HIGHER, RB_AXIS_NONE, 0,
					     "records verified live per second, all readers" };

static const char *variant_of(const struct rbs_config *cfg, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%s", rbs_detect_name(cfg->detect), cfg->strategy == MMAP_REGION_MREMAP ? "mremap" : "remap");
	return buf;
}

static void add_samples(struct rb_resultset *rs, const struct rbs_config *cfg, const char *variant, uint64_t size,
			const struct rb_metric *m, const uint64_t *v, size_t n)
{
	if (!n)
		return; /* e.g. no guest waited for a growth: no series rather than an error row */
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
static void run_cells(struct rb_row *r, const struct rbs_config *cfg, const char *variant, int run_id, int scenario,
		      int backend, int fs_type, int var)
{
	rb_row_str(r, run_id, cfg->run_id);
	rb_row_str(r, scenario, cfg->scn->name);
	rb_row_str(r, backend, cfg->backend.spec);
	rb_row_str(r, fs_type, cfg->backend.fs_type);
	rb_row_str(r, var, variant);
}

static void slot_cell(struct rb_row *r, int col, uint64_t v)
{
	if (v != RBS_NONE)
		rb_row_u64(r, col, v);
}

static void stress_row(struct rbs_host *h, const struct rbs_tally *t, int pass, const char *variant, FILE *f)
{
	const struct rbs_config *cfg = h->cfg;
	struct rb_row *r = malloc(sizeof(*r));
	if (!r)
		return;
	rb_row_init(r, &rb_t_stress);
	run_cells(r, cfg, variant, RB_STR_RUN_ID, RB_STR_SCENARIO, RB_STR_BACKEND, RB_STR_FS_TYPE, RB_STR_VARIANT);
	rb_row_fmt(r, RB_STR_WRITERS, "%d", cfg->writers);
	rb_row_fmt(r, RB_STR_READERS, "%d", cfg->readers);
	rb_row_u64(r, RB_STR_RECORD_SIZE, cfg->record_size);
	rb_row_u64(r, RB_STR_INITIAL_SIZE_BYTES, cfg->initial_size);
	rb_row_u64(r, RB_STR_GROW_STEP_BYTES, cfg->grow_step);
	rb_row_u64(r, RB_STR_GROW_EVERY_NS, cfg->grow_every_ns);
	rb_row_u64(r, RB_STR_MAX_SIZE_BYTES, cfg->max_size);
	rb_row_u64(r, RB_STR_RATE_PER_WRITER, rbs_rate(cfg));
	rb_row_fmt(r, RB_STR_DURATION_S, "%.3f", t->secs);
	rb_row_u64(r, RB_STR_GROWTHS, h->ngrowths);
	rb_row_u64(r, RB_STR_FINAL_SIZE_BYTES, h->final_size);
	rb_row_u64(r, RB_STR_SLOTS, t->slots);
	rb_row_u64(r, RB_STR_RECORDS_WRITTEN, t->written);
	rb_row_u64(r, RB_STR_ABANDONED, t->abandoned);
	rb_row_u64(r, RB_STR_RECORDS_VERIFIED, t->live);
	rb_row_u64(r, RB_STR_VERIFIED_PER_S, (uint64_t)((double)t->live / t->secs));
	rb_row_u64(r, RB_STR_LIVE_EXPECTED, t->live_expected);
	rb_row_fmt(r, RB_STR_SWEEPS, "%d", t->sweeps);
	rb_row_fmt(r, RB_STR_SWEEPS_COMPLETE, "%d", t->sweeps_complete);
	rb_row_u64(r, RB_STR_REVERIFIED, t->reverified);
	rb_row_u64(r, RB_STR_SPOT_CHECKED, t->spot);
	rb_row_fmt(r, RB_STR_GROWN_SHARE, "%.4f", t->written ? (double)t->grown / (double)t->written : 0);
	double vp = rbs_vis_p50(h, RBS_VIS_CAUGHT_UP), bp = rbs_vis_p50(h, RBS_VIS_BACKLOG);
	if (vp >= 0)
		rb_row_fmt(r, RB_STR_VISIBLE_P50_NS, "%.0f", vp);
	uint64_t timed = t->vis_caught_up + t->vis_behind;
	if (timed)
		rb_row_fmt(r, RB_STR_CAUGHT_UP_SHARE, "%.4f", (double)t->vis_caught_up / (double)timed);
	if (bp >= 0)
		rb_row_fmt(r, RB_STR_BACKLOG_P50_RECORDS, "%.0f", bp);
	for (int k = 0; k < RB_V__N; k++)
		rb_row_u64(r, RB_STR_KIND(k), t->kinds[k]);
	rb_row_u64(r, RB_STR_REMAPS, t->remaps);
	rb_row_u64(r, RB_STR_REMAPS_RING, t->by[RBS_BY_RING]);
	rb_row_u64(r, RB_STR_SAFETY_REMAPS, t->by[RBS_BY_SAFETY]);
	rb_row_u64(r, RB_STR_EARLY_DETECTIONS, t->early);
	rb_row_u64(r, RB_STR_GUEST_MINFLT, t->minflt);
	rb_row_fmt(r, RB_STR_GUEST_USER_S, "%.3f", t->utime);
	rb_row_fmt(r, RB_STR_GUEST_SYS_S, "%.3f", t->stime);
	rb_row_str(r, RB_STR_VERDICT, rb_stress_verdict_name(pass ? RB_SV_PASS : RB_SV_FAIL));
	rb_table_header(f, &rb_t_stress);
	rb_row_write(f, r);
	free(r);
}

static const char *role_name(int role)
{
	return role == RBS_WRITER ? "writer" : role == RBS_READER ? "reader" : "host";
}

static void violation_rows(struct rbs_host *h, FILE *f)
{
	struct rbs_arena *a = h->a;
	struct rb_row *r = malloc(sizeof(*r));
	if (!r)
		return;
	rb_table_header(f, &rb_t_violations);
	for (int i = 0; i <= a->nguests; i++) {
		const struct rbs_guest *g = &a->g[i];
		for (int k = 0; k < RB_V__N; k++) {
			if (!g->nkind[k])
				continue;
			const struct rbs_finding *v = &g->first[k];
			rb_row_init(r, &rb_t_violations);
			rb_row_str(r, RB_VIO_RUN_ID, h->cfg->run_id);
			if (g->role != RBS_HOST)
				rb_row_fmt(r, RB_VIO_GUEST, "%d", i);
			rb_row_str(r, RB_VIO_ROLE, role_name(g->role));
			rb_row_str(r, RB_VIO_KIND, rb_violation_name((enum rb_violation)k));
			rb_row_u64(r, RB_VIO_COUNT, g->nkind[k]);
			slot_cell(r, RB_VIO_SLOT, v->slot);
			rb_row_u64(r, RB_VIO_WRITER, v->writer);
			rb_row_u64(r, RB_VIO_SEQ, v->seq);
			rb_row_u64(r, RB_VIO_OFFSET, v->offset);
			rb_row_u64(r, RB_VIO_EXPECTED, v->expected);
			rb_row_u64(r, RB_VIO_FOUND, v->found);
			rb_row_str(r, RB_VIO_DETAIL, v->detail);
			rb_row_write(f, r);
		}
	}
	free(r);
}

static void guest_rows(struct rbs_host *h, const char *variant, FILE *f)
{
	const struct rbs_config *cfg = h->cfg;
	struct rbs_arena *a = h->a;
	struct rb_row *r = malloc(sizeof(*r));
	double *tmp = calloc(RBS_GROWTHS, sizeof(double));
	rb_table_header(f, &rb_t_guests);
	for (int i = 0; r && tmp && i < a->nguests; i++) {
		struct rbs_guest *g = &a->g[i];
		struct rb_stats gs, rm;
		for (uint32_t k = 0; k < g->n_g2r; k++)
			tmp[k] = (double)g->g2r_ns[k];
		rb_stats_compute(tmp, g->n_g2r, &gs);
		for (uint32_t k = 0; k < g->n_remap; k++)
			tmp[k] = (double)g->remap_ns[k];
		rb_stats_compute(tmp, g->n_remap, &rm);
		rb_row_init(r, &rb_t_guests);
		run_cells(r, cfg, variant, RB_GST_RUN_ID, RB_GST_SCENARIO, RB_GST_BACKEND, RB_GST_FS_TYPE, RB_GST_VARIANT);
		rb_row_fmt(r, RB_GST_GUEST, "%d", i);
		rb_row_str(r, RB_GST_ROLE, role_name(g->role));
		rb_row_fmt(r, RB_GST_INDEX, "%d", g->index);
		rb_row_u64(r, RB_GST_REMAPS, g->remaps);
		if (g->n_g2r) { /* no sample: empty, not 0 */
			rb_row_fmt(r, RB_GST_GROW_TO_REMAP_P50_NS, "%.0f", gs.p50);
			rb_row_fmt(r, RB_GST_GROW_TO_REMAP_P99_NS, "%.0f", gs.p99);
			rb_row_fmt(r, RB_GST_GROW_TO_REMAP_MAX_NS, "%.0f", gs.max);
		}
		if (g->n_remap)
			rb_row_fmt(r, RB_GST_REMAP_P50_NS, "%.0f", rm.p50);
		rb_row_u64(r, RB_GST_RECORDS, g->role == RBS_WRITER ? g->written : g->verified);
		rb_row_u64(r, RB_GST_MINFLT, g->minflt);
		rb_row_fmt(r, RB_GST_USER_S, "%.3f", g->utime_s);
		rb_row_fmt(r, RB_GST_SYS_S, "%.3f", g->stime_s);
		rb_row_u64(r, RB_GST_FINAL_LEN_BYTES, g->final_len);
		slot_cell(r, RB_GST_ABANDONED_SLOT, g->abandoned_slot);
		slot_cell(r, RB_GST_STUCK_WRITER, g->stuck_writer);
		slot_cell(r, RB_GST_STUCK_SLOT, g->stuck_slot);
		rb_row_u64(r, RB_GST_REMAPS_RING, g->by[RBS_BY_RING]);
		rb_row_u64(r, RB_GST_REMAPS_HEADER, g->by[RBS_BY_HEADER]);
		rb_row_u64(r, RB_GST_REMAPS_FSTAT, g->by[RBS_BY_FSTAT]);
		rb_row_u64(r, RB_GST_REMAPS_SAFETY, g->by[RBS_BY_SAFETY]);
		rb_row_u64(r, RB_GST_SAFETY_CHECKS, g->safety_checks);
		rb_row_u64(r, RB_GST_EARLY_DETECTIONS, g->early_detections);
		if (g->sweep.done) {
			rb_row_u64(r, RB_GST_SWEEP_VERIFIED, g->sweep.verified);
			rb_row_u64(r, RB_GST_SWEEP_ABANDONED, g->sweep.abandoned);
			rb_row_u64(r, RB_GST_SWEEP_ERASED, g->sweep.erased);
			rb_row_u64(r, RB_GST_SWEEP_DAMAGED, g->sweep.damaged);
			rb_row_u64(r, RB_GST_SWEEP_UNREACHED, g->sweep.unreached);
		}
		if (g->t_live > g->t_start && g->t_start)
			rb_row_fmt(r, RB_GST_LIVE_S, "%.3f", (double)(g->t_live - g->t_start) / 1e9);
		if (g->t_live)
			rb_row_fmt(r, RB_GST_LIVE_CPU_S, "%.3f", g->live_cpu_s);
		if (g->t_live && g->live_wait_s >= 0)
			rb_row_fmt(r, RB_GST_LIVE_WAIT_S, "%.3f", g->live_wait_s);
		if (g->role == RBS_READER)
			rb_row_u64(r, RB_GST_PROBES, g->probes);
		rb_row_str(r, RB_GST_ERROR, g->error[0] ? g->error : NULL);
		rb_row_write(f, r);
	}
	free(tmp);
	free(r);
}

typedef void (*rows_fn)(struct rbs_host *h, const struct rbs_tally *t, int pass, const char *variant, FILE *f);
static void stress_file(struct rbs_host *h, const struct rbs_tally *t, int pass, const char *variant, FILE *f)
{
	stress_row(h, t, pass, variant, f);
}
static void violations_file(struct rbs_host *h, const struct rbs_tally *t, int pass, const char *variant, FILE *f)
{
	(void)t, (void)pass, (void)variant;
	violation_rows(h, f);
}
static void guests_file(struct rbs_host *h, const struct rbs_tally *t, int pass, const char *variant, FILE *f)
{
	(void)t, (void)pass;
	guest_rows(h, variant, f);
}

int rbs_write_files(struct rbs_host *h, const struct rbs_tally *t, int pass)
{
	const struct rbs_config *cfg = h->cfg;
	struct rbs_arena *a = h->a;
	struct rb_resultset rs = { 0 };
	char variant[64];
	variant_of(cfg, variant, sizeof(variant));
	uint64_t size = h->final_size;
	const struct rb_metric *vis_m[RBS_VIS__N] = { &m_visible, &m_visible_behind, &m_backlog };
	for (int v = 0; v < RBS_VIS__N; v++)
		for (int r = 0; r < cfg->readers; r++)
			add_samples(&rs, cfg, variant, size, vis_m[v], rbs_vis_buf(a, r, (enum rbs_vis)v),
				    a->g[cfg->writers + r].vis_n[v]);
	for (int i = 0; i < a->nguests; i++) {
		add_samples(&rs, cfg, variant, size, &m_g2r, a->g[i].g2r_ns, a->g[i].n_g2r);
		add_samples(&rs, cfg, variant, size, &m_remap, a->g[i].remap_ns, a->g[i].n_remap);
		add_samples(&rs, cfg, variant, size, &m_remaps, &a->g[i].remaps, 1);
	}
	add_samples(&rs, cfg, variant, size, &m_host_resize, h->resize_ns,
		    h->ngrowths < RBS_GROWTHS ? h->ngrowths : RBS_GROWTHS);
	uint64_t wps = (uint64_t)((double)t->written / t->secs), vps = (uint64_t)((double)t->live / t->secs);
	add_samples(&rs, cfg, variant, size, &m_written, &wps, 1);
	add_samples(&rs, cfg, variant, size, &m_verified, &vps, 1);

	struct rb_meta *m = calloc(1, sizeof(*m));
	if (!m) {
		rb_results_free(&rs);
		return -1;
	}
	char now[64];
	rb_utc_now(now, sizeof(now));
	rb_meta_identity(m, cfg->run_id, "stress", cfg->cmdline);
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
	static const struct {
		const char *name;
		rows_fn fn;
	} files[] = { { "stress.csv", stress_file }, { "violations.csv", violations_file }, { "guests.csv", guests_file } };
	for (size_t i = 0; !ret && i < sizeof(files) / sizeof(files[0]); i++) {
		struct rb_afile f;
		if (!(ret = rb_afile_open(&f, cfg->run_dir, files[i].name))) {
			files[i].fn(h, t, pass, variant, f.f);
			ret = rb_afile_commit(&f);
		}
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
