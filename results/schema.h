/* schema.h - the one definition of what regionbench's result files mean: the
 * schema version, metric descriptors (name, unit, direction, x axis), the
 * statuses of a configuration, the stress violation kinds, the gate's verdicts
 * and reasons, and one column table per CSV file. Every writer and every
 * reader of a result file uses these tables; nothing else spells a column
 * name, a status or a kind. results/SCHEMA.md documents the same columns (a
 * test checks that it names every one of them).
 *
 * A column table is an X-macro list COLS(X) of X(ID, "name"); it gives an enum
 * (RB_<TABLE>_<ID>, then RB_<TABLE>__N) and a struct rb_table with the names in
 * file order. Writers fill a struct rb_row by column id and write it; readers
 * bind a loaded CSV to the table by header name (rb_csv_bind) and read cells
 * by column id. */
#ifndef REGIONBENCH_RESULTS_SCHEMA_H
#define REGIONBENCH_RESULTS_SCHEMA_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Bumped whenever a column is added, removed or changes meaning. */
#define RB_SCHEMA_VERSION 2

/* ---- metric descriptors ---- */

#define RB_UNITS(X) X(NS, "ns") X(COUNT, "count") X(PER_S, "per_s") X(BYTES, "bytes") X(RATIO, "ratio")
/* Which way is better: a gate compares lower/higher metrics; NONE is context
 * (counts, sizes) and is never gated. */
#define RB_DIRECTIONS(X) X(LOWER, "lower") X(HIGHER, "higher") X(NONE, "none")
/* What a chart puts on the x axis for this metric. */
#define RB_AXES(X) X(NONE, "none") X(SIZE, "size") X(PROCS, "procs")

#define RB_ENUM_UNIT(id, name) RB_UNIT_##id,
#define RB_ENUM_DIR(id, name) RB_DIR_##id,
#define RB_ENUM_AXIS(id, name) RB_AXIS_##id,
enum rb_unit { RB_UNITS(RB_ENUM_UNIT) RB_UNIT__N };
enum rb_direction { RB_DIRECTIONS(RB_ENUM_DIR) RB_DIR__N };
enum rb_axis { RB_AXES(RB_ENUM_AXIS) RB_AXIS__N };

/* Flags of a metric. */
#define RB_METRIC_TAIL 1u /* its p99 is evidence too (the gate also compares run p99s) */

/* A metric, declared once by the scenario that produces it. */
struct rb_metric {
	const char *name; /* the `metric` cell, e.g. "create_ns" */
	enum rb_unit unit;
	enum rb_direction dir;
	enum rb_axis axis;
	unsigned flags;
	const char *desc; /* one line, for metrics.csv and the report */
};

const char *rb_unit_name(enum rb_unit u);
const char *rb_direction_name(enum rb_direction d);
const char *rb_axis_name(enum rb_axis a);
/* Parse a name back; 0, or -EINVAL when it is not one of the names. */
int rb_unit_parse(const char *s, enum rb_unit *out);
int rb_direction_parse(const char *s, enum rb_direction *out);
int rb_axis_parse(const char *s, enum rb_axis *out);

/* ---- statuses of a configuration (summary.csv `status`) ---- */

/* ok: measured; error: failed (see reason); skipped: not applicable here (see
 * reason); interference: measured while other processes or the hypervisor took
 * more CPU than the documented bound; unstable: its runs disagree beyond the
 * documented bound. interference and unstable rows keep their numbers. */
#define RB_STATUSES(X) \
	X(OK, "ok") X(ERROR, "error") X(SKIPPED, "skipped") X(INTERFERENCE, "interference") X(UNSTABLE, "unstable")
#define RB_ENUM_STATUS(id, name) RB_##id,
enum rb_status { RB_STATUSES(RB_ENUM_STATUS) RB_STATUS__N };
const char *rb_status_name(enum rb_status s);
int rb_status_parse(const char *s, enum rb_status *out);
/* 1 when the row carries measured numbers (ok, interference, unstable). */
int rb_status_measured(enum rb_status s);

/* ---- stress violation kinds (stress.csv counts, violations.csv `kind`) ---- */

/* lost: written but never seen by a reader; erased: held a committed record,
 * now reads empty or as a hole; torn: payload or checksum does not match its
 * commit word; duplicate: a (writer, seq) seen twice; misplaced: a record in a
 * slot its commit word does not name; header: the segment header is damaged;
 * sigbus: a guest took SIGBUS. */
#define RB_VIOLATIONS(X)                                                                                            \
	X(LOST, "lost") X(ERASED, "erased") X(TORN, "torn") X(DUPLICATE, "duplicate") X(MISPLACED, "misplaced")   \
	X(HEADER, "header") X(SIGBUS, "sigbus")
#define RB_ENUM_VIOL(id, name) RB_V_##id,
enum rb_violation { RB_VIOLATIONS(RB_ENUM_VIOL) RB_V__N };
const char *rb_violation_name(enum rb_violation k);
int rb_violation_parse(const char *s, enum rb_violation *out);

/* ---- the regression gate (results/gate.h) ----
 * regression: a one-sided test that the change is worse than 1 + threshold is
 * significant after Holm over every metric compared; improvement: the same the
 * other way; unchanged: the interval lies inside [1/(1+t), 1+t]; fail: the
 * baseline has runs of it and the candidate has none or errored (reason
 * missing_in_candidate or error_in_candidate): a failure of the candidate, not
 * a statistical question; everything else is inconclusive, with its reason. */
#define RB_VERDICTS(X)                                                                                              \
	X(REGRESSION, "regression") X(IMPROVEMENT, "improvement") X(UNCHANGED, "unchanged") X(INCONCLUSIVE, "inconclusive") \
	X(FAIL, "fail")
#define RB_ENUM_VERDICT(id, name) RB_##id,
enum rb_verdict { RB_VERDICTS(RB_ENUM_VERDICT) RB_VERDICT__N };
const char *rb_verdict_name(enum rb_verdict v);
int rb_verdict_parse(const char *s, enum rb_verdict *out);

/* Why a verdict is inconclusive or fail (none: it is neither). too_few_runs:
 * fewer runs than --min-runs on a side, so the conservative prior spread was
 * used and the interval is still too wide; straddles_threshold: the interval
 * reaches across 1 + t (or 1/(1+t)); not_significant_after_holm: beyond the
 * threshold on its own, but not after Holm's correction over every metric
 * compared; missing_in_candidate (fail): the baseline has runs of it, the
 * candidate none (absent or skipped); missing_in_baseline: measured in the
 * candidate only; non_positive: a run value is zero or negative (no ratio);
 * error_in_candidate (fail): the candidate's configuration has status error;
 * excluded_runs: every run of a side has status interference or unstable, and
 * those are not evidence unless --include-disturbed; too_few_samples: a side has
 * runs, but none with enough samples for this statistic (its p99). */
#define RB_REASONS(X)                                                                                              \
	X(NONE, "") X(TOO_FEW_RUNS, "too_few_runs") X(STRADDLES, "straddles_threshold")                           \
	X(HOLM, "not_significant_after_holm") X(MISSING_CANDIDATE, "missing_in_candidate")                          \
	X(MISSING_BASELINE, "missing_in_baseline") X(NON_POSITIVE, "non_positive")                                  \
	X(ERROR_CANDIDATE, "error_in_candidate") X(EXCLUDED, "excluded_runs") X(TOO_FEW_SAMPLES, "too_few_samples")
#define RB_ENUM_REASON(id, name) RB_REASON_##id,
enum rb_reason { RB_REASONS(RB_ENUM_REASON) RB_REASON__N };
const char *rb_reason_name(enum rb_reason r);
int rb_reason_parse(const char *s, enum rb_reason *out);

/* Which statistic of a run is the evidence: its median, and for tail metrics
 * (RB_METRIC_TAIL) also its p99 (compare's `stat` column). */
#define RB_RUN_STATS(X) X(P50, "p50") X(P99, "p99")
#define RB_ENUM_RSTAT(id, name) RB_RSTAT_##id,
enum rb_run_stat { RB_RUN_STATS(RB_ENUM_RSTAT) RB_RSTAT__N };
const char *rb_run_stat_name(enum rb_run_stat s);
int rb_run_stat_parse(const char *s, enum rb_run_stat *out);

/* ---- CSV column tables ---- */

struct rb_table {
	const char *file;	  /* e.g. "summary.csv" */
	const char *const *cols;  /* names in file order */
	size_t ncols;
};

#define RB_COL_ENUM(prefix, id, name) prefix##id,

/* summary.csv: one row per configuration and metric; statistics from every
 * sample (a histogram when the samples kept are a reservoir). Percentiles
 * follow the honest-percentile rule (results/hist.h): an empty cell and the
 * reason when n is too small; `runs` and the spread of the runs' medians;
 * the measurement conditions summed over the runs: wall time measured (setup
 * to teardown), CPU time other processes took meanwhile (all CPUs' busy time
 * from /proc/stat less the measuring processes' own), CPU time the hypervisor
 * took (steal), involuntary context switches of the measuring processes
 * (runs.csv has them per run). */
#define RB_SUMMARY_COLS(X)                                                                                          \
	X(SCHEMA_VERSION, "schema_version") X(RUN_ID, "run_id") X(SCENARIO, "scenario") X(BACKEND, "backend")       \
	X(FS_TYPE, "fs_type") X(SIZE_BYTES, "size_bytes") X(VARIANT, "variant") X(PROCS, "procs")                  \
	X(METRIC, "metric") X(UNIT, "unit") X(N, "n") X(MIN, "min") X(P50, "p50") X(P90, "p90") X(P99, "p99")      \
	X(P999, "p999") X(MAX, "max") X(MEAN, "mean") X(STDDEV, "stddev") X(STATUS, "status") X(REASON, "reason") \
	X(HOST, "host") X(KERNEL, "kernel") X(RUNS, "runs") X(RUN_P50_MIN, "run_p50_min")                          \
	X(RUN_P50_MAX, "run_p50_max") X(WALL_S, "wall_s") X(OTHER_CPU_S, "other_cpu_s") X(STEAL_S, "steal_s")      \
	X(NIVCSW, "nivcsw")
#define RB_SUM_ENUM(id, name) RB_SUM_##id,
enum { RB_SUMMARY_COLS(RB_SUM_ENUM) RB_SUM__N };
extern const struct rb_table rb_t_summary;

/* samples.csv: the raw samples kept: all of them, or a uniform reservoir of
 * each run (`rep`); the order within a run is the order of measurement. */
#define RB_SAMPLES_COLS(X)                                                                                          \
	X(SCHEMA_VERSION, "schema_version") X(RUN_ID, "run_id") X(SCENARIO, "scenario") X(BACKEND, "backend")       \
	X(FS_TYPE, "fs_type") X(SIZE_BYTES, "size_bytes") X(VARIANT, "variant") X(PROCS, "procs")                  \
	X(METRIC, "metric") X(UNIT, "unit") X(IDX, "idx") X(VALUE, "value") X(REP, "rep")
#define RB_SMP_ENUM(id, name) RB_SMP_##id,
enum { RB_SAMPLES_COLS(RB_SMP_ENUM) RB_SMP__N };
extern const struct rb_table rb_t_samples;

/* runs.csv: one row per configuration, metric and run. A run is one worker
 * process: the unit of evidence of the gate and of history (its median, and its
 * p99 for tail metrics); samples are the unit only inside it. */
#define RB_RUNS_COLS(X)                                                                                             \
	X(SCHEMA_VERSION, "schema_version") X(RUN_ID, "run_id") X(SCENARIO, "scenario") X(BACKEND, "backend")       \
	X(FS_TYPE, "fs_type") X(SIZE_BYTES, "size_bytes") X(VARIANT, "variant") X(PROCS, "procs")                  \
	X(METRIC, "metric") X(UNIT, "unit") X(REP, "rep") X(N, "n") X(P50, "p50") X(P99, "p99") X(MEAN, "mean")    \
	X(STATUS, "status") X(WALL_S, "wall_s") X(OTHER_CPU_S, "other_cpu_s") X(STEAL_S, "steal_s")                \
	X(NIVCSW, "nivcsw")
#define RB_RUN_ENUM(id, name) RB_RUN_##id,
enum { RB_RUNS_COLS(RB_RUN_ENUM) RB_RUN__N };
extern const struct rb_table rb_t_runs;

/* hist.csv: the log-bucketed histogram of every sample of a configuration and
 * metric (results/hist.h): one row per non-empty bucket [lo, hi). */
#define RB_HIST_COLS(X)                                                                                             \
	X(SCHEMA_VERSION, "schema_version") X(RUN_ID, "run_id") X(SCENARIO, "scenario") X(BACKEND, "backend")       \
	X(FS_TYPE, "fs_type") X(SIZE_BYTES, "size_bytes") X(VARIANT, "variant") X(PROCS, "procs")                  \
	X(METRIC, "metric") X(UNIT, "unit") X(LO, "lo") X(HI, "hi") X(COUNT, "count")
#define RB_HST_ENUM(id, name) RB_HST_##id,
enum { RB_HIST_COLS(RB_HST_ENUM) RB_HST__N };
extern const struct rb_table rb_t_hist;

/* cdf_stress.csv (a report's data/): the distribution of each stress run's
 * visible_ns samples as 201 points of its empirical CDF (fraction 0, 0.005,
 * ..., 1 and the value there), so the charts need no copy of the raw samples. */
#define RB_CDF_COLS(X)                                                                                              \
	X(SCHEMA_VERSION, "schema_version") X(BACKEND, "backend") X(FS_TYPE, "fs_type") X(VARIANT, "variant")       \
	X(METRIC, "metric") X(UNIT, "unit") X(FRACTION, "fraction") X(VALUE, "value")
#define RB_CDF_ENUM(id, name) RB_CDF_##id,
enum { RB_CDF_COLS(RB_CDF_ENUM) RB_CDF__N };
extern const struct rb_table rb_t_cdf;

/* metrics.csv: the descriptor of every metric in the run folder. */
#define RB_METRICS_COLS(X)                                                                                          \
	X(SCHEMA_VERSION, "schema_version") X(SCENARIO, "scenario") X(METRIC, "metric") X(UNIT, "unit")             \
	X(DIRECTION, "direction") X(AXIS, "axis") X(TAIL, "tail") X(DESCRIPTION, "description")
#define RB_MET_ENUM(id, name) RB_MET_##id,
enum { RB_METRICS_COLS(RB_MET_ENUM) RB_MET__N };
extern const struct rb_table rb_t_metrics;

/* overhead.csv (bench): p50 core / p50 raw over all samples, and the lowest
 * and highest ratio of one run's medians (core and raw measured in the same
 * worker process). */
#define RB_OVERHEAD_COLS(X)                                                                                         \
	X(SCHEMA_VERSION, "schema_version") X(RUN_ID, "run_id") X(SCENARIO, "scenario") X(BASELINE, "baseline")     \
	X(BACKEND, "backend") X(FS_TYPE, "fs_type") X(SIZE_BYTES, "size_bytes") X(VARIANT, "variant")              \
	X(CORE_P50_NS, "core_p50_ns") X(RAW_P50_NS, "raw_p50_ns") X(RATIO, "ratio") X(RUNS, "runs")                \
	X(RATIO_MIN, "ratio_min") X(RATIO_MAX, "ratio_max")
#define RB_OVH_ENUM(id, name) RB_OVH_##id,
enum { RB_OVERHEAD_COLS(RB_OVH_ENUM) RB_OVH__N };
extern const struct rb_table rb_t_overhead;

/* stress.csv: the verdict of a stress run (one row); one count column per
 * violation kind, in RB_VIOLATIONS order, between `backlog_p50_records` and
 * `remaps`; `verdict` stays the last column. */
#define RB_STRESS_COLS_HEAD(X)                                                                                      \
	X(SCHEMA_VERSION, "schema_version") X(RUN_ID, "run_id") X(SCENARIO, "scenario") X(BACKEND, "backend")       \
	X(FS_TYPE, "fs_type") X(VARIANT, "variant") X(WRITERS, "writers") X(READERS, "readers")                    \
	X(RECORD_SIZE, "record_size") X(INITIAL_SIZE_BYTES, "initial_size_bytes")                                  \
	X(GROW_STEP_BYTES, "grow_step_bytes") X(GROW_EVERY_NS, "grow_every_ns") X(MAX_SIZE_BYTES, "max_size_bytes") \
	X(RATE_PER_WRITER, "rate_per_writer") X(DURATION_S, "duration_s") X(GROWTHS, "growths")                    \
	X(FINAL_SIZE_BYTES, "final_size_bytes") X(SLOTS, "slots") X(RECORDS_WRITTEN, "records_written")           \
	X(ABANDONED, "abandoned") X(RECORDS_VERIFIED, "records_verified") X(VERIFIED_PER_S, "verified_per_s")      \
	X(LIVE_EXPECTED, "live_expected") X(SWEEPS, "sweeps") X(SWEEPS_COMPLETE, "sweeps_complete")                \
	X(REVERIFIED, "reverified") X(SPOT_CHECKED, "spot_checked") X(GROWN_SHARE, "grown_share")                  \
	X(VISIBLE_P50_NS, "visible_p50_ns") X(CAUGHT_UP_SHARE, "caught_up_share")                                  \
	X(BACKLOG_P50_RECORDS, "backlog_p50_records")
#define RB_STRESS_COLS_TAIL(X)                                                                                      \
	X(REMAPS, "remaps") X(REMAPS_RING, "remaps_ring") X(SAFETY_REMAPS, "safety_remaps")                         \
	X(EARLY_DETECTIONS, "early_detections") X(GUEST_MINFLT, "guest_minflt") X(GUEST_USER_S, "guest_user_s")    \
	X(GUEST_SYS_S, "guest_sys_s") X(VERDICT, "verdict")
#define RB_STRESS_COLS(X) RB_STRESS_COLS_HEAD(X) RB_VIOLATIONS(X) RB_STRESS_COLS_TAIL(X)
#define RB_STR_ENUM(id, name) RB_STR_##id,
enum { RB_STRESS_COLS(RB_STR_ENUM) RB_STR__N };
/* The count column of violation kind k. */
#define RB_STR_KIND(k) (RB_STR_LOST + (int)(k))
extern const struct rb_table rb_t_stress;

/* violations.csv: per process and kind, how many it found and the first one. */
#define RB_VIOLATIONS_COLS(X)                                                                                       \
	X(SCHEMA_VERSION, "schema_version") X(RUN_ID, "run_id") X(GUEST, "guest") X(ROLE, "role") X(KIND, "kind")   \
	X(COUNT, "count") X(SLOT, "slot") X(WRITER, "writer") X(SEQ, "seq") X(OFFSET, "offset")                    \
	X(EXPECTED, "expected") X(FOUND, "found") X(DETAIL, "detail")
#define RB_VIO_ENUM(id, name) RB_VIO_##id,
enum { RB_VIOLATIONS_COLS(RB_VIO_ENUM) RB_VIO__N };
extern const struct rb_table rb_t_violations;

/* guests.csv: one row per stress guest (new columns go at the end: charts read
 * the first ones by position). */
#define RB_GUESTS_COLS(X)                                                                                           \
	X(SCHEMA_VERSION, "schema_version") X(RUN_ID, "run_id") X(SCENARIO, "scenario") X(BACKEND, "backend")       \
	X(FS_TYPE, "fs_type") X(VARIANT, "variant") X(GUEST, "guest") X(ROLE, "role") X(INDEX, "index")            \
	X(REMAPS, "remaps") X(GROW_TO_REMAP_P50_NS, "grow_to_remap_p50_ns")                                        \
	X(GROW_TO_REMAP_P99_NS, "grow_to_remap_p99_ns") X(GROW_TO_REMAP_MAX_NS, "grow_to_remap_max_ns")            \
	X(REMAP_P50_NS, "remap_p50_ns") X(RECORDS, "records") X(MINFLT, "minflt") X(USER_S, "user_s")              \
	X(SYS_S, "sys_s") X(FINAL_LEN_BYTES, "final_len_bytes") X(ABANDONED_SLOT, "abandoned_slot")                \
	X(STUCK_WRITER, "stuck_writer") X(STUCK_SLOT, "stuck_slot") X(REMAPS_RING, "remaps_ring")                  \
	X(REMAPS_HEADER, "remaps_header") X(REMAPS_FSTAT, "remaps_fstat") X(REMAPS_SAFETY, "remaps_safety")        \
	X(SAFETY_CHECKS, "safety_checks") X(EARLY_DETECTIONS, "early_detections")                                  \
	X(SWEEP_VERIFIED, "sweep_verified") X(SWEEP_ABANDONED, "sweep_abandoned") X(SWEEP_ERASED, "sweep_erased")  \
	X(SWEEP_DAMAGED, "sweep_damaged") X(SWEEP_UNREACHED, "sweep_unreached") X(LIVE_S, "live_s")  \
	X(LIVE_CPU_S, "live_cpu_s") X(LIVE_WAIT_S, "live_wait_s") X(PROBES, "probes") X(ERROR, "error")
#define RB_GST_ENUM(id, name) RB_GST_##id,
enum { RB_GUESTS_COLS(RB_GST_ENUM) RB_GST__N };
extern const struct rb_table rb_t_guests;

/* compare --csv (and ab): one row per gated metric and statistic, including
 * the metrics missing on one side (their numbers empty); excluded_*: runs
 * with status interference or unstable left out (not with --include-disturbed). */
#define RB_COMPARE_COLS(X)                                                                                          \
	X(SCHEMA_VERSION, "schema_version") X(SCENARIO, "scenario") X(BACKEND, "backend")                           \
	X(SIZE_BYTES, "size_bytes") X(VARIANT, "variant") X(PROCS, "procs") X(METRIC, "metric") X(STAT, "stat")    \
	X(DIRECTION, "direction") X(RUNS_BASELINE, "runs_baseline") X(RUNS_CANDIDATE, "runs_candidate")            \
	X(EXCLUDED_BASELINE, "excluded_baseline") X(EXCLUDED_CANDIDATE, "excluded_candidate") X(ROUNDS, "rounds") X(N_BASELINE, "n_baseline") X(N_CANDIDATE, "n_candidate")                              \
	X(MEDIAN_BASELINE, "median_baseline") X(MEDIAN_CANDIDATE, "median_candidate") X(RATIO, "ratio")            \
	X(CI_LO, "ci_lo") X(CI_HI, "ci_hi") X(P, "p") X(P_HOLM, "p_holm") X(P_IMPROVEMENT, "p_improvement")        \
	X(P_IMPROVEMENT_HOLM, "p_improvement_holm") X(SPREAD, "spread") X(SPREAD_SOURCE, "spread_source")          \
	X(DETECTABLE_CHANGE, "detectable_change") X(RUNS_NEEDED, "runs_needed") X(VERDICT, "verdict")              \
	X(REASON, "reason")
#define RB_CMP_ENUM(id, name) RB_CMP_##id,
enum { RB_COMPARE_COLS(RB_CMP_ENUM) RB_CMP__N };
extern const struct rb_table rb_t_compare;

/* models.csv (a report's data folder): a cost model per configuration swept
 * over size, time = fixed + per_page x pages (pages = size_bytes / 4096),
 * fitted by Theil-Sen to the configuration's p50s across sizes. `fixed` is in
 * `unit`, `per_page` in `unit` per 4 KiB page; `r2` on the log scale; `max_dev`
 * the largest |p50 / model - 1|; `fits` 1 when the model describes every p50
 * (report/estimate.h); `model` the model in words ("1.4 µs + 0.09 µs/page"). */
#define RB_MODELS_COLS(X)                                                                                           \
	X(SCHEMA_VERSION, "schema_version") X(SCENARIO, "scenario") X(BACKEND, "backend") X(FS_TYPE, "fs_type")     \
	X(VARIANT, "variant") X(PROCS, "procs") X(METRIC, "metric") X(UNIT, "unit") X(POINTS, "points")             \
	X(SIZE_MIN_BYTES, "size_min_bytes") X(SIZE_MAX_BYTES, "size_max_bytes") X(FIXED, "fixed")                  \
	X(PER_PAGE, "per_page") X(R2, "r2") X(MAX_DEV, "max_dev") X(FITS, "fits") X(MODEL, "model")
#define RB_MOD_ENUM(id, name) RB_MOD_##id,
enum { RB_MODELS_COLS(RB_MOD_ENUM) RB_MOD__N };
extern const struct rb_table rb_t_models;

/* ratios.csv (a report's data folder): what the comparison charts draw. Per
 * chart and panel (one operation), each backend's value relative to the
 * reference backend's, from per-run values (runs.csv): value = geometric mean
 * of the runs' `stat` (p50 or p99), ratio = value / ref_value, ci_lo..ci_hi its
 * 95 % interval over runs (empty with fewer than two runs a side), rank 1 =
 * lowest ratio in the panel. */
#define RB_RATIOS_COLS(X)                                                                                           \
	X(SCHEMA_VERSION, "schema_version") X(CHART, "chart") X(PANEL, "panel") X(LABEL, "label")                  \
	X(SCENARIO, "scenario") X(VARIANT, "variant") X(METRIC, "metric") X(UNIT, "unit") X(STAT, "stat")         \
	X(BACKEND, "backend") X(SIZE_BYTES, "size_bytes") X(REFERENCE, "reference") X(RUNS, "runs")               \
	X(REF_RUNS, "ref_runs") X(VALUE, "value") X(REF_VALUE, "ref_value") X(RATIO, "ratio") X(CI_LO, "ci_lo")   \
	X(CI_HI, "ci_hi") X(RANK, "rank")
#define RB_RAT_ENUM(id, name) RB_RAT_##id,
enum { RB_RATIOS_COLS(RB_RAT_ENUM) RB_RAT__N };
extern const struct rb_table rb_t_ratios;

/* Every table, NULL-terminated (for the SCHEMA.md test and generic tools). */
extern const struct rb_table *const rb_tables[];

/* ---- writing a row ---- */

#define RB_ROW_MAXCOLS 96
struct rb_row {
	const struct rb_table *t;
	const char *cell[RB_ROW_MAXCOLS]; /* NULL: empty */
	char buf[16384];		  /* formatted cells live here */
	size_t used;
};
/* Start a row of table t: every cell empty, schema_version (when the table has
 * it as its first column) set to RB_SCHEMA_VERSION. */
void rb_row_init(struct rb_row *r, const struct rb_table *t);
/* Set cell `col` to a copy of s (NULL: empty). */
void rb_row_str(struct rb_row *r, int col, const char *s);
void rb_row_fmt(struct rb_row *r, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void rb_row_u64(struct rb_row *r, int col, uint64_t v);
/* A finite double with %.6g (NaN/inf: the cell stays empty). */
void rb_row_num(struct rb_row *r, int col, double v);
/* The header line of table t. */
void rb_table_header(FILE *f, const struct rb_table *t);
/* The row, every field quoted as needed, in table order, then '\n'. */
void rb_row_write(FILE *f, const struct rb_row *r);

/* ---- reading ---- */

struct rb_csv;
/* Bind a loaded CSV to table t: idx[k] = the CSV column holding t->cols[k].
 * Fails (-EINVAL, err names the file and the first missing column) when a
 * column is missing, or when a schema_version cell is not RB_SCHEMA_VERSION. */
int rb_csv_bind(const struct rb_csv *c, const struct rb_table *t, const char *name, int *idx, char *err,
		size_t errlen);
/* The same for a reader that can do without some columns (a column another
 * version of the writer does not have yet): idx[k] = -1 for a missing column;
 * the caller checks the ones it needs. The schema_version check is the same. */
int rb_csv_bind_partial(const struct rb_csv *c, const struct rb_table *t, const char *name, int *idx, char *err,
			size_t errlen);

#endif
