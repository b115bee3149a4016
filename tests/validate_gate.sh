#!/usr/bin/env bash
# validate_gate.sh - measure the regression gate's quality on this machine (not part
# of CI): 20 A/A comparisons of the same build (target: 0 false regressions) and 20
# A/B comparisons where the candidate's create is made 5% slower by an LD_PRELOAD
# fixture (tests/fixtures/slowdown.c; target: at least 19 detected). Each comparison
# is one `regionbench ab` run (12 interleaved rounds, pooled samples) gating create_ns
# with --threshold 2 (the gate needs a threshold below the effect it should see).
# Usage: tests/validate_gate.sh [BUILD_DIR]   (default build/default)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/default}
RB=$BUILD/src/regionbench
SLOW=$BUILD/tests/librb_slowdown.so
[ -x "$RB" ] && [ -f "$SLOW" ] || { echo "build first: cmake --preset default && cmake --build --preset default" >&2; exit 2; }
W=$(mktemp -d /tmp/rbvalidate.XXXXXX)
trap 'rm -rf "$W"' EXIT
export RB_ROOT=$W
N=${RB_VALIDATE_N:-20}
bench=(-- --filter "^create$" --sizes 4K --iterations 200 --repetitions 2 --no-hyperfine)
gate=(--rounds 12 --metric create_ns --threshold 2)

# the injected slowdown: 5% of create's p50 on this machine
"$RB" bench --out "$W/probe" "${bench[@]:1}" >/dev/null 2>&1 || { echo "probe run failed" >&2; exit 1; }
p50=$(awk -F, 'NR > 1 && $3 == "create" && $9 == "create_ns" {print $13; exit}' "$W/probe/summary.csv")
delay=$(awk -v p="$p50" 'BEGIN {printf "%d", p * 0.05}')
echo "create p50 here: ${p50} ns; injected slowdown: ${delay} ns (5%)"

false_alarms=0 detected=0 worst=0
for i in $(seq 1 "$N"); do
	t0=$(date +%s)
	"$RB" ab --baseline "$RB" --candidate "$RB" --out "$W/aa$i" "${gate[@]}" "${bench[@]}" >"$W/aa$i.out" 2>&1
	rc=$?
	[ $rc = 1 ] && false_alarms=$((false_alarms + 1))
	[ $rc -gt 1 ] && { echo "A/A run $i failed (exit $rc)"; tail -3 "$W/aa$i.out"; }
	t=$(( $(date +%s) - t0 )); [ $t -gt $worst ] && worst=$t
	"$RB" ab --baseline "$RB" --candidate "env LD_PRELOAD=$SLOW RB_SLOW_NS=$delay $RB" --out "$W/ab$i" "${gate[@]}" \
		"${bench[@]}" >"$W/ab$i.out" 2>&1
	rc=$?
	[ $rc = 1 ] && detected=$((detected + 1))
	[ $rc -gt 1 ] && { echo "A/B run $i failed (exit $rc)"; tail -3 "$W/ab$i.out"; }
	t=$(( $(date +%s) - t0 - t )); [ $t -gt $worst ] && worst=$t
	printf 'round %2d: A/A %s, A/B %s\n' "$i" "$(grep -m1 -o '^[a-z]* *[0-9.]* \[[^]]*\]' "$W/aa$i.out")" \
		"$(grep -m1 -o '^[a-z]* *[0-9.]* \[[^]]*\]' "$W/ab$i.out")"
done
echo "A/A: $false_alarms false regression(s) in $N (target 0)"
echo "A/B: $detected of $N 5% slowdowns detected (target >= $((N - 1)))"
echo "slowest single comparison: ${worst} s (target <= 60 s)"
[ $false_alarms = 0 ] && [ $detected -ge $((N - 1)) ] && [ $worst -le 60 ]
