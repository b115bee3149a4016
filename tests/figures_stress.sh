#!/usr/bin/env bash
# figures_stress.sh - prints the stress figures of the closing note (issue 11). Not a
# test: run it on a quiet machine, from the repository root, after building:
#
#   tests/figures_stress.sh [BUILD_DIR [BEFORE_REV]]
#
# BUILD_DIR (default build/default) holds src/regionbench and src/regionbench-testhooks.
# BEFORE_REV (default 30114f4, where issue 11 started) is built in a temporary worktree.
#  1. default-configuration verifications/s (`regionbench stress`, 10 s on /dev/shm),
#     before and after, 3 runs each, interleaved; the median ratio (target >= 0.90);
#  2. caught-up visible_ns p50 against bench `pingpong` one-way p50, same session: the
#     default configuration and 1 writer + 1 reader pinned (target <= 1.5x);
#  3. early-commit detections per run in the acceptance configuration (RB_TEST_FAULT=
#     early_commit, RB_TEST_EARLY_COMMIT_NS=0, 1 writer + 1 reader, --pin, 10 runs of 2 s).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build/default}
BEFORE_REV=${2:-30114f4}
NEW=$BUILD/src/regionbench
HOOKS=$BUILD/src/regionbench-testhooks
[ -x "$NEW" ] && [ -x "$HOOKS" ] || { echo "figures_stress: build first: $NEW, $HOOKS" >&2; exit 2; }
T=$(mktemp -d /tmp/rbfig.XXXXXX)
trap 'git -C "$ROOT" worktree remove --force "$T/before" >/dev/null 2>&1; rm -rf "$T"' EXIT
export RB_ROOT=$T/root
mkdir -p "$RB_ROOT"

col() { awk -F, -v c="$2" 'NR==1{for(i=1;i<=NF;i++) if($i==c) k=i; next} k{print $k}' "$1"; }
median() { sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

echo "== building $BEFORE_REV (before) in a temporary worktree"
git -C "$ROOT" worktree add --detach "$T/before" "$BEFORE_REV" >/dev/null 2>&1 || { echo "cannot check out $BEFORE_REV" >&2; exit 1; }
(cd "$T/before" && cmake --preset default -S . >/dev/null && cmake --build build/default -j"$(nproc)" --target regionbench >/dev/null) ||
	{ echo "building $BEFORE_REV failed" >&2; exit 1; }
OLD=$T/before/build/default/src/regionbench

echo "== 1. default-configuration verifications/s (3 runs each, interleaved)"
for i in 1 2 3; do
	for side in before after; do
		bin=$NEW
		[ "$side" = before ] && bin=$OLD
		"$bin" stress --out "$T/$side$i" >"$T/$side$i.log" 2>&1
		v=$(col "$T/$side$i/stress.csv" verified_per_s)
		echo "$v" >>"$T/$side.v"
		echo "  $side run $i: $v verifications/s ($(col "$T/$side$i/stress.csv" verdict))"
	done
done
b=$(median <"$T/before.v") a=$(median <"$T/after.v")
awk -v a="$a" -v b="$b" 'BEGIN{printf "  median: before %.0f, after %.0f verifications/s: after/before = %.3f\n", b, a, a/b}'

echo "== 2. caught-up visible_ns p50 vs pingpong one-way p50 (same session)"
"$NEW" bench --filter '^pingpong$' --sizes 4K --repetitions 3 --no-hyperfine --pin 0 --out "$T/pp" >"$T/pp.log" 2>&1
pp=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) c[$i]=i; next} $c["metric"]=="oneway_ns"{print $c["p50"]}' "$T/pp/summary.csv")
echo "  pingpong one-way p50: $pp ns"
for cfg in "default:" "pinned-1w1r:--writers 1 --readers 1 --pin"; do
	name=${cfg%%:*}
	# shellcheck disable=SC2086
	"$NEW" stress ${cfg#*:} --duration 5s --out "$T/vis-$name" >"$T/vis-$name.log" 2>&1
	v=$(col "$T/vis-$name/stress.csv" visible_p50_ns) s=$(col "$T/vis-$name/stress.csv" caught_up_share)
	awk -v n="$name" -v v="$v" -v p="$pp" -v s="$s" \
		'BEGIN{printf "  %s: caught-up visible_ns p50 %s ns (caught up for %.1f%% of timed records): %.2fx pingpong\n", n, v, 100*s, (p > 0 && v != "") ? v/p : 0}'
done

echo "== 3. early-commit detections per run (1 writer + 1 reader, --pin, 10 runs of 2 s, 0 ns window)"
for i in $(seq 1 10); do
	RB_TEST_FAULT=early_commit RB_TEST_EARLY_COMMIT_NS=0 "$HOOKS" stress --writers 1 --readers 1 --pin --duration 2s \
		--out "$T/ec$i" >"$T/ec$i.log" 2>&1
	echo "  run $i: torn $(col "$T/ec$i/stress.csv" torn) ($(grep -o '[0-9]* records committed early' "$T/ec$i.log"))"
done
