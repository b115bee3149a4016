#!/usr/bin/env bash
# e2e_bench_smoke: every benchmark scenario runs (tiny sizes, a few iterations, two
# runs) on a directory backend and on memfd; the run folder holds the documented
# files and columns, every scenario has rows (measured or skipped with a reason,
# never an error), the histogram holds every sample of a row (its counts add up to
# n), the samples kept are each run's reservoir, runs.csv has a row per run, and
# the backend directory is empty afterwards.
. "$(dirname "$0")/lib.sh"
out=$T/run
rb_run 300 "$RB_BIN" bench --out "$out" --backend "dir:$SHM" --backend memfd --sizes 4K,64K --iterations 3 --repetitions 2 ||
	fail "bench exited $?: $(tail -5 "$T/err")"
for f in summary.csv samples.csv runs.csv hist.csv metrics.csv meta.csv overhead.csv gbench-0.json gbench-1.json; do
	[ -s "$out/$f" ] || fail "$f missing or empty"
done
[ ! -e "$out/INCOMPLETE" ] || fail "run folder still marked incomplete"
head -1 "$out/summary.csv" | grep -q '^schema_version,run_id,scenario,backend,fs_type,size_bytes,variant,procs,metric,unit,n,min,p50,p90,p99,p999,max,mean,stddev' ||
	fail "summary.csv header: $(head -1 "$out/summary.csv")"
for s in $("$RB_BIN" bench --list | awk '{print $1}'); do
	n=$(csv_col "$out/summary.csv" scenario | grep -cx "$s")
	[ "$n" -gt 0 ] || fail "scenario $s has no row in summary.csv"
done
col() { # FILE NAME...: a "|"-joined key of those columns per data row (no quoted commas in them)
	awk -F, -v want="${*:2}" 'NR==1{n=split(want,w," "); for(i=1;i<=NF;i++) c[$i]=i; next}
		{s=""; for(i=1;i<=n;i++) s=s (i>1?"|":"") $c[w[i]]; print s}' "$1"
}
key="scenario backend size_bytes variant procs metric"
errors=$(col "$out/summary.csv" status | grep -c '^error$')
[ "$errors" = 0 ] || fail "error rows: $(grep ',error,' "$out/summary.csv")"
# every sample is in the histogram: its counts add up to n
col "$out/summary.csv" $key status n | awk -F'|' '$7!="skipped" {print $1"|"$2"|"$3"|"$4"|"$5"|"$6, $8}' | sort >"$T/n_summary"
col "$out/hist.csv" $key count | awk -F'|' '{n[$1"|"$2"|"$3"|"$4"|"$5"|"$6]+=$7} END {for (k in n) print k, n[k]}' | sort >"$T/n_hist"
diff "$T/n_summary" "$T/n_hist" >/dev/null || fail "histogram counts differ from summary n: $(diff "$T/n_summary" "$T/n_hist" | head)"
# samples kept: each run's reservoir (3 measured iterations: all of them), runs 0 and 1
col "$out/samples.csv" $key rep | sort | uniq -c | awk '$1 > 1000 {print}' | grep . && fail "a run kept more than its reservoir"
[ "$(col "$out/samples.csv" rep | sort -u | tr '\n' ' ')" = "0 1 " ] || fail "samples.csv runs: $(col "$out/samples.csv" rep | sort -u)"
# runs.csv: two runs of create; summary says so
[ "$(col "$out/runs.csv" scenario metric variant size_bytes backend rep | grep -c '^create|create_ns|manual|4096|memfd|')" = 2 ] ||
	fail "runs.csv: expected 2 runs of create: $(grep create_ns "$out/runs.csv")"
col "$out/summary.csv" scenario metric runs | grep -q '^create|create_ns|2$' || fail "summary.csv runs is not 2 for create"
# honest percentiles: 6 samples give a p50 and no p99, and the reason says so
col "$out/summary.csv" scenario variant size_bytes metric p50 p99 | grep -q '^create|manual|4096|create_ns|[0-9.e+]*|$' ||
	fail "create p99 written from 6 samples: $(grep -m1 create_ns "$out/summary.csv")"
grep -q 'create_ns.*p99 needs n >= 1000' "$out/summary.csv" ||
	fail "no reason for the missing p99: $(grep -m1 create_ns "$out/summary.csv")"
# per-operation faults and context switches beside the latency
for m in minflt_per_op majflt_per_op ctxsw_per_op; do
	col "$out/summary.csv" scenario metric | grep -q "^create|$m$" || fail "no $m for create"
done
# memfd has no path: attach is skipped with its reason
grep -q '^[0-9]*,[^,]*,attach,memfd,.*skipped,memfd regions have no path' "$out/summary.csv" || fail "attach on memfd not skipped with a reason"
for k in kernel_release cpu_model page_size thp_enabled compiler git_commit google_benchmark_version hyperfine_version timer_overhead_ns command_line start_time end_time backend.0.fs_type backend.0.mount_options; do
	grep -q "^$k," "$out/meta.csv" || fail "meta.csv lacks $k"
done
grep -q ',create,raw_create,' "$out/overhead.csv" || fail "no create overhead ratio"
# results/SCHEMA.md documents every column bench writes
for f in summary samples runs hist metrics overhead; do
	for c in $(head -1 "$out/$f.csv" | tr ',' ' '); do
		grep -q "$c" "$RB_SRC/results/SCHEMA.md" || fail "results/SCHEMA.md does not document $f.csv column $c"
	done
done
expect_empty "$SHM"
echo PASS
