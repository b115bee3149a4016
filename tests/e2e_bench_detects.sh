#!/usr/bin/env bash
# e2e_bench_detects: the measurement checkers catch what they exist to catch,
# injected from outside the code under test.
# 1. interference: a second process busy-loops on the measuring CPU (both
#    pinned to CPU 0); the configuration gets status interference, the command
#    says how many on stderr, runs.csv shows the CPU others took, and
#    --retry-interfered measures the runs again (and counts it in meta.csv).
# 2. unstable: an LD_PRELOAD fixture makes ftruncate (so create) 2 ms slower
#    in the first worker process only; that run's median is many times the
#    others' and the configuration gets status unstable (the interference bound
#    is raised out of reach so that this machine's own load cannot mask it).
# 3. a worker killed mid-run: the fixture stalls the first unlink (create's
#    region file still exists) and names the stalled process; it is killed from
#    here; the region files it left go at once, its run is an error that says
#    so, and the other run is measured.
# Both effects are made large: no timing decides more than they make certain.
. "$(dirname "$0")/lib.sh"
: "${RB_SLOWDOWN:?RB_SLOWDOWN must point at the slowdown fixture}"
command -v taskset >/dev/null || skip "taskset (util-linux) is not installed"
status_of() { # FILE METRIC: the status of every row of that metric
	awk -F, -v m="$2" 'NR==1{for(i=1;i<=NF;i++) c[$i]=i; next} $c["metric"]==m {print $c["status"]}' "$1" | sort -u
}

# 1. interference
taskset -c 0 bash -c 'while :; do :; done' &
loop=$!
cleanup_hooks+=("kill $loop")
rb_run 120 "$RB_BIN" bench --out "$T/busy" --backend "dir:$SHM" --filter '^create$' --sizes 4K --pin 0 \
	--min-time 0.3 --repetitions 2 --retry-interfered 1 --no-hyperfine ||
	fail "bench beside a busy loop exited $?: $(tail -n 5 "$T/err")"
kill "$loop"
wait "$loop" 2>/dev/null
[ "$(status_of "$T/busy/summary.csv" create_ns)" = interference ] ||
	fail "create beside a busy loop on its CPU: status $(status_of "$T/busy/summary.csv" create_ns), expected interference"
grep -q "warning: 2 configuration(s) measured under interference" "$T/err" ||
	fail "no warning line naming the count: $(cat "$T/err")"
[ "$(grep -c '^regionbench bench: warning' "$T/err")" = 1 ] || fail "more than one warning line: $(grep warning "$T/err")"
awk -F, 'NR==1{for(i=1;i<=NF;i++) c[$i]=i; next} $c["metric"]=="create_ns" && !($c["other_cpu_s"] > 0.05) {bad=1} END {exit bad}' \
	"$T/busy/runs.csv" || fail "runs.csv does not show the CPU the loop took: $(cat "$T/busy/runs.csv")"
grep -q '^interference_retries,[1-9]' "$T/busy/meta.csv" || fail "no run was measured again: $(grep retries "$T/busy/meta.csv")"
grep -q '^warning.0,.*interference' "$T/busy/meta.csv" || fail "meta.csv lacks the warning"
note "busy loop: $(grep -m1 create_ns "$T/busy/summary.csv" | cut -c1-200)"

# 2. unstable
rb_run 120 env LD_PRELOAD="$RB_SLOWDOWN" RB_SLOW_CALLS=ftruncate RB_SLOW_NS=2000000 RB_SLOW_ONCE="$T/slow-once" \
	"$RB_BIN" bench --out "$T/uneven" --backend "dir:$SHM" --filter '^create$' --sizes 4K --iterations 100 \
	--repetitions 3 --interference-bound 1000 --no-hyperfine ||
	fail "bench with one slow run exited $?: $(tail -n 5 "$T/err")"
[ -e "$T/slow-once" ] || fail "the fixture never slowed a process"
[ "$(status_of "$T/uneven/summary.csv" create_ns)" = unstable ] ||
	fail "one run 2 ms slower: status $(status_of "$T/uneven/summary.csv" create_ns), expected unstable"
grep -q "warning: 2 configuration(s) unstable" "$T/err" || fail "no warning line naming the count: $(cat "$T/err")"
# the runs say why: one median far above the others (rep 0 made the file, so it is the slow one)
awk -F, 'NR==1{for(i=1;i<=NF;i++) c[$i]=i; next} $c["metric"]=="create_ns" {n[$c["rep"]]++; if ($c["rep"]==0) slow[$c["variant"]]=$c["p50"]; else fast[$c["variant"]]=$c["p50"]}
	END {for (v in slow) if (!(slow[v] > 2000000 && fast[v] < slow[v] / 3)) exit 1; exit length(n) != 3}' "$T/uneven/runs.csv" ||
	fail "runs.csv does not show one slow run: $(grep create_ns "$T/uneven/runs.csv")"
note "one slow run: $(grep -m1 create_ns "$T/uneven/summary.csv" | cut -c1-200)"

# 3. a worker killed while its region file exists
mkdir "$T/d"
"$SETSID" env LD_PRELOAD="$RB_SLOWDOWN" RB_SLOW_CALLS=unlink RB_SLOW_NS=120000000000 RB_SLOW_ONCE="$T/kill-once" \
	"$RB_BIN" bench --out "$T/killed" --backend "dir:$T/d" --filter '^create$' --sizes 4K --iterations 20 \
	--repetitions 2 --interference-bound 1000 --no-hyperfine >"$T/out" 2>"$T/err" &
bpid=$!
cleanup_hooks+=("kill -KILL -- -$bpid 2>/dev/null || true")
for _ in $(seq 1 600); do [ -s "$T/kill-once" ] && break; "$SLEEP" 0.1; done
victim=$(cat "$T/kill-once" 2>/dev/null)
[ -n "$victim" ] || fail "the fixture never stalled a process: $(tail -n 3 "$T/err")"
[ "$victim" != "$bpid" ] || fail "the stalled process is the coordinator, not a worker"
ls "$T/d" | grep -q '^regionbench\.' || fail "no region file while the worker is stalled in unlink: $(ls "$T/d")"
kill -KILL "$victim"
for _ in $(seq 1 1200); do kill -0 "$bpid" 2>/dev/null || break; "$SLEEP" 0.1; done
kill -0 "$bpid" 2>/dev/null && fail "bench did not end after its worker was killed"
wait "$bpid"
rc=$?
[ "$rc" = 1 ] || fail "bench with a killed worker exited $rc, expected 1: $(tail -n 5 "$T/err")"
expect_empty "$T/d"
grep -q 'killed by signal 9' "$T/killed/summary.csv" || fail "no row says the worker was killed: $(grep create_ns "$T/killed/summary.csv")"
awk -F, 'NR==1{for(i=1;i<=NF;i++) c[$i]=i; next} $c["metric"]=="create_ns" && $c["status"]=="ok" {ok++} END {exit !(ok >= 1)}' \
	"$T/killed/runs.csv" || fail "the run that was not killed was not measured: $(grep create_ns "$T/killed/runs.csv")"
note "killed worker: $(grep -m1 create_ns "$T/killed/summary.csv" | cut -c1-200)"
expect_empty "$SHM"
echo PASS
