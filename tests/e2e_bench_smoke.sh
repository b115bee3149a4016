#!/usr/bin/env bash
# e2e_bench_smoke: every benchmark scenario runs (tiny sizes, a few iterations) on a
# directory backend and on memfd; the run folder holds the documented files and
# columns, every scenario has rows (ok or skipped with a reason, never an error),
# and the backend directory is empty afterwards.
. "$(dirname "$0")/lib.sh"
out=$T/run
rb_run 300 "$RB_BIN" bench --out "$out" --backend "dir:$SHM" --backend memfd --sizes 4K,64K --iterations 3 ||
	fail "bench exited $?: $(tail -5 "$T/err")"
for f in summary.csv samples.csv runs.csv metrics.csv meta.csv overhead.csv gbench.json; do
	[ -s "$out/$f" ] || fail "$f missing or empty"
done
[ ! -e "$out/INCOMPLETE" ] || fail "run folder still marked incomplete"
head -1 "$out/summary.csv" | grep -q '^schema_version,run_id,scenario,backend,fs_type,size_bytes,variant,procs,metric,unit,n,min,p50,p90,p99,p999,max,mean,stddev' ||
	fail "summary.csv header: $(head -1 "$out/summary.csv")"
for s in $("$RB_BIN" bench --list | awk '{print $1}'); do
	n=$(csv_col "$out/summary.csv" scenario | grep -cx "$s")
	[ "$n" -gt 0 ] || fail "scenario $s has no row in summary.csv"
done
errors=$(awk -F, 'NR>1 && $20=="error"' "$out/summary.csv")
[ -z "$errors" ] || fail "error rows: $errors"
# rows with samples have them in samples.csv: count matches n
awk -F, 'NR>1 && $20=="ok" {print $3"|"$4"|"$6"|"$7"|"$8"|"$9, $11}' "$out/summary.csv" | sort >"$T/n_summary"
awk -F, 'NR>1 {print $3"|"$4"|"$6"|"$7"|"$8"|"$9}' "$out/samples.csv" | sort | uniq -c | awk '{print $2, $1}' >"$T/n_samples"
diff "$T/n_summary" "$T/n_samples" >/dev/null || fail "sample counts differ from summary n: $(diff "$T/n_summary" "$T/n_samples" | head)"
# memfd has no path: attach is skipped with its reason
grep -q '^[0-9]*,[^,]*,attach,memfd,.*skipped,memfd regions have no path' "$out/summary.csv" || fail "attach on memfd not skipped with a reason"
for k in kernel_release cpu_model page_size thp_enabled compiler git_commit google_benchmark_version hyperfine_version timer_overhead_ns command_line start_time end_time backend.0.fs_type backend.0.mount_options; do
	grep -q "^$k," "$out/meta.csv" || fail "meta.csv lacks $k"
done
grep -q ',create,raw_create,' "$out/overhead.csv" || fail "no create overhead ratio"
expect_empty "$SHM"
echo PASS
