#!/usr/bin/env bash
# e2e_matrix: `matrix` over tmpfs, ramfs, ext4 (loop-mounted image) and memfd with tiny
# sizes: the combined CSV has every backend with its filesystem type, the comparison
# charts are drawn, a backend that cannot be had is skipped with its reason, and no
# mount, loop device or image is left afterwards - also when the run is interrupted
# (SIGTERM) or killed (SIGKILL, then `regionbench clean`). `merge` keys two runs from
# different kernels apart and `report --from` draws the merged folder.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || skip "matrix needs root (mounts, loop devices)"
nothing_left() {
	local m l i
	m=$(grep ' /tmp/regionbench\.' /proc/self/mountinfo)
	l=$(losetup -a 2>/dev/null | grep regionbench)
	i=$(ls -d /tmp/regionbench.* 2>/dev/null)
	[ -z "$m$l$i" ] || fail "$1: left behind: $m $l $i"
}
export RB_PLOTS=$RB_SRC/plots
args=(--sizes 4K,64K --duration 400ms --image-size 512M)
rb_run 600 "$RB_BIN" matrix --fs tmpfs,ramfs,ext4,memfd --out "$T/mx" "${args[@]}" ||
	fail "matrix exited $?: $(tail -n 5 "$T/err")"
nothing_left "after the matrix"
for b in tmpfs ramfs ext4 memfd; do
	grep -q "^[0-9]*,[^,]*,create,$b,$b," "$T/mx/data/summary.csv" || fail "no create row for $b (with fs_type $b)"
	grep -q ",$b,$b,doorbell/remap," "$T/mx/data/stress.csv" || fail "no stress verdict for $b"
done
[ "$(awk -F, 'NR>1 && $20=="error"' "$T/mx/data/summary.csv" | wc -l)" = 0 ] || fail "error rows in the matrix"
for c in matrix_ops matrix_resize matrix_fault matrix_visible; do
	head -c 600 "$T/mx/charts/$c.svg" | grep -q '<svg' || fail "comparison chart $c missing"
	[ -s "$T/mx/charts/$c.png" ] || fail "$c.png missing"
done
grep -q 'ext4' "$T/mx/report.md" || fail "report.md does not mention ext4"
# mount options and block sizes are recorded per backend
grep -q '^backend.0.mount_options,.*rw' "$T/mx/runs/ext4-bench/meta.csv" || fail "ext4 mount options not recorded"
grep -q '^backend.0.block_size,[0-9]' "$T/mx/runs/ext4-bench/meta.csv" || fail "ext4 block size not recorded"

# a backend that cannot be had is skipped with its reason; the matrix still passes
rb_run 300 "$RB_BIN" matrix --fs memfd,tmpfs-huge --out "$T/mx2" --sizes 4K --duration 300ms --image-size 64M
rc=$?
[ $rc = 0 ] || fail "matrix with memfd: exit $rc"
expect_usage_error "nosuchfs" "$RB_BIN" matrix --fs nosuchfs
expect_usage_error "/nonexistent" "$RB_BIN" matrix --fs dir:/nonexistent

# SIGTERM: the current run stops, the backends are torn down, the folder stays incomplete
"$SETSID" "$RB_BIN" matrix --fs ext4,tmpfs --out "$T/mx3" --sizes 4K --duration 20s >"$T/out" 2>"$T/err" &
pid=$!
for _ in $(seq 1 100); do grep -q ' /tmp/regionbench\.[0-9]*\.ext4' /proc/self/mountinfo && break; "$SLEEP" 0.1; done
"$SLEEP" 1
kill -TERM "$pid"
wait "$pid"
rc=$?
[ $rc = 143 ] || fail "SIGTERM: exit $rc, expected 143: $(tail -n 3 "$T/err")"
[ -e "$T/mx3/INCOMPLETE" ] || fail "SIGTERM: not marked incomplete"
"$SLEEP" 0.5
nothing_left "after SIGTERM"

# SIGKILL: what is left, clean removes (and nothing else)
"$SETSID" "$RB_BIN" matrix --fs ext4 --out "$T/mx4" --sizes 4K --duration 20s >"$T/out" 2>"$T/err" &
pid=$!
for _ in $(seq 1 100); do grep -q ' /tmp/regionbench\.[0-9]*\.ext4' /proc/self/mountinfo && break; "$SLEEP" 0.1; done
"$SLEEP" 1
kill -KILL -- "-$pid"
wait "$pid" 2>/dev/null
"$SLEEP" 0.5
[ -n "$(losetup -a | grep regionbench)" ] || fail "SIGKILL left no loop device (nothing for clean to do?)"
rb_run 60 "$RB_BIN" clean --dry-run || fail "clean --dry-run: exit $?"
grep -q "loop device /dev/loop" "$T/out" || fail "clean --dry-run does not list the loop device: $(cat "$T/out")"
rb_run 60 "$RB_BIN" clean || fail "clean: exit $?"
nothing_left "after clean"

# merge: two runs from different kernels
F=$RB_SRC/tests/fixtures
cp -r "$F/run-bench" "$T/k1" && cp -r "$F/run-bench" "$T/k2"
sed -i 's/^kernel_release,.*/kernel_release,6.1.0-test/' "$T/k1/meta.csv"
sed -i 's/^kernel_release,.*/kernel_release,6.6.0-test/' "$T/k2/meta.csv"
awk -F, 'NR == 1 || $3 != "pingpong"' "$F/run-bench/summary.csv" >"$T/k2/summary.csv"
rb_run 60 "$RB_BIN" merge "$T/k1" "$T/k2" --out "$T/merged" || fail "merge: exit $?: $(cat "$T/err")"
grep -q "scenario pingpong of .* is not in every run: left out" "$T/out" || fail "merge did not say what it left out"
grep -q ',create,dir:[^,]*@6.1.0-test,' "$T/merged/summary.csv" || fail "rows not keyed by kernel (6.1)"
grep -q ',create,dir:[^,]*@6.6.0-test,' "$T/merged/summary.csv" || fail "rows not keyed by kernel (6.6)"
! grep -q ',pingpong,' "$T/merged/summary.csv" || fail "a scenario not in every run was merged"
rb_run 120 "$RB_BIN" report --from "$T/merged" --out "$T/mrep" || fail "report --from merged: exit $?"
grep -q '6.1.0-test, 6.6.0-test' "$T/mrep/report.md" || fail "report does not name both kernels"
[ -s "$T/mrep/charts/matrix_ops.svg" ] || fail "kernel comparison chart missing"
expect_usage_error "--out" "$RB_BIN" merge "$T/k1" "$T/k2"
expect_usage_error "at least two" "$RB_BIN" merge "$T/k1" --out "$T/m2"
echo PASS
