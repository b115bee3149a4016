#!/usr/bin/env bash
# validate_gate.sh - measure the regression gate on this machine with real runs
# (not part of CI; run it on a quiet machine). N A/A comparisons (the same build
# on both sides) and N A/B comparisons in which an LD_PRELOAD fixture
# (tests/fixtures/slowdown.c) makes create slower by a given share of its p50.
# Each comparison is one `regionbench ab` with the README's recommended
# settings (--rounds 5 --until-decided --max-rounds 20 --threshold T), gating
# create_ns on 4K. Prints false regressions (A/A exit 1), inconclusive results
# (exit 3) and detections (A/B exit 1), each with its 95 % Clopper-Pearson interval.
# Usage: tests/validate_gate.sh [BUILD_DIR]   (default build/default)
# Environment: RB_VALIDATE_N (default 20 of each), RB_VALIDATE_SLOWDOWN (percent,
# default 20), RB_VALIDATE_THRESHOLD (percent, default 10), RB_VALIDATE_KEEP=1 keeps the runs.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/default}
RB=$BUILD/src/regionbench
SLOW=$BUILD/tests/librb_slowdown.so
PY=/usr/bin/python3
[ -x "$RB" ] && [ -f "$SLOW" ] || { echo "build first: cmake --preset default && cmake --build --preset default" >&2; exit 2; }
"$PY" -c 'import scipy.stats' 2>/dev/null || { echo "python3-scipy is needed for the Clopper-Pearson bounds" >&2; exit 2; }
W=$(mktemp -d /tmp/rbvalidate.XXXXXX)
[ "${RB_VALIDATE_KEEP:-0}" = 1 ] || trap 'rm -rf "$W"' EXIT
export RB_ROOT=$W
N=${RB_VALIDATE_N:-20}
PCT=${RB_VALIDATE_SLOWDOWN:-20}
THR=${RB_VALIDATE_THRESHOLD:-10}
bench=(-- --filter "^create$" --sizes 4K --iterations 200 --repetitions 3 --no-hyperfine)
gate=(--rounds 5 --until-decided --max-rounds 20 --threshold "$THR" --metric '^create_ns$')

# the injected slowdown: PCT % of create's p50 on this machine
"$RB" bench --out "$W/probe" "${bench[@]:1}" >/dev/null 2>&1 || { echo "probe run failed" >&2; exit 1; }
p50=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["scenario"] == "create" && $c["metric"] == "create_ns" { print $c["p50"]; exit }' "$W/probe/summary.csv")
delay=$(awk -v p="$p50" -v s="$PCT" 'BEGIN { printf "%d", p * s / 100 }')
echo "create p50 here: ${p50} ns; injected slowdown: ${delay} ns (${PCT} %); threshold ${THR} %; ${N} comparisons each"

aa1=0 aa3=0 ab1=0 ab3=0 rounds_aa=0 rounds_ab=0 worst=0
count_rounds() { ls -d "$1"/b/round-* 2>/dev/null | grep -vc '\.log$'; }
for i in $(seq 1 "$N"); do
	t0=$(date +%s)
	"$RB" ab --baseline "$RB" --candidate "$RB" --out "$W/aa$i" "${gate[@]}" "${bench[@]}" >"$W/aa$i.out" 2>&1
	rc=$?
	case $rc in 0) ;; 1) aa1=$((aa1 + 1)) ;; 3) aa3=$((aa3 + 1)) ;; *) echo "A/A $i failed (exit $rc)"; tail -3 "$W/aa$i.out" ;; esac
	rounds_aa=$((rounds_aa + $(count_rounds "$W/aa$i")))
	t1=$(date +%s)
	"$RB" ab --baseline "$RB" --candidate "env LD_PRELOAD=$SLOW RB_SLOW_NS=$delay $RB" --out "$W/ab$i" "${gate[@]}" \
		"${bench[@]}" >"$W/ab$i.out" 2>&1
	rc=$?
	case $rc in 0) ;; 1) ab1=$((ab1 + 1)) ;; 3) ab3=$((ab3 + 1)) ;; *) echo "A/B $i failed (exit $rc)"; tail -3 "$W/ab$i.out" ;; esac
	rounds_ab=$((rounds_ab + $(count_rounds "$W/ab$i")))
	t2=$(date +%s)
	[ $((t1 - t0)) -gt $worst ] && worst=$((t1 - t0))
	[ $((t2 - t1)) -gt $worst ] && worst=$((t2 - t1))
	printf 'comparison %2d: A/A %s; A/B %s\n' "$i" "$(grep -m1 -o '^[a-z]* *[a-z_-]* *[0-9.]* \[[^]]*\]' "$W/aa$i.out")" \
		"$(grep -m1 -o '^[a-z]* *[a-z_-]* *[0-9.]* \[[^]]*\]' "$W/ab$i.out")"
done
"$PY" - "$N" "$aa1" "$aa3" "$ab1" "$ab3" "$rounds_aa" "$rounds_ab" "$PCT" "$THR" "$worst" <<'PYEOF'
import sys
from scipy.stats import beta
n, aa1, aa3, ab1, ab3, ra, rb, pct, thr, worst = sys.argv[1:]
n = int(n)
def cp(x):
    x = int(x)
    lo = beta.ppf(0.025, x, n - x + 1) if x > 0 else 0.0
    hi = beta.ppf(0.975, x + 1, n - x) if x < n else 1.0
    return "%d of %d = %.1f %% (95 %% Clopper-Pearson %.1f-%.1f %%)" % (x, n, 100.0 * x / n, 100 * lo, 100 * hi)
print("A/A false regressions:   " + cp(aa1))
print("A/A inconclusive:        " + cp(aa3))
print("A/B (%s %% slower, threshold %s %%) detected: %s" % (pct, thr, cp(ab1)))
print("A/B inconclusive:        " + cp(ab3))
print("rounds per comparison: A/A %.1f, A/B %.1f on average; slowest comparison %s s" % (int(ra) / n, int(rb) / n, worst))
PYEOF
