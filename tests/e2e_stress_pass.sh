#!/usr/bin/env bash
# e2e_stress_pass: a clean run with 4 writers, 4 readers and hundreds of growth steps
# passes on tmpfs, on memfd and (as root) on a loop-mounted ext4; each detection mode
# passes; the arithmetic holds (live verifications = readers x written, slots = written
# + abandoned, 9 complete final sweeps); no remap by the doorbell's safety timeout;
# nothing is left in the backend.
. "$(dirname "$0")/lib.sh"
run_ok() {
	local name=$1
	shift
	rb_run 120 "$RB_BIN" stress --out "$T/$name" --writers 4 --readers 4 --duration 2s --initial-size 64K \
		--grow-step 64K --grow-every 5ms --max-size 256M "$@"
	local rc=$?
	[ $rc = 0 ] || fail "$name: exit $rc: $(cat "$T/out" "$T/err" | tail -8)"
	local growths
	growths=$(csv_col "$T/$name/stress.csv" growths)
	[ "$growths" -ge 100 ] || fail "$name: only $growths growth steps"
	local s="$T/$name/stress.csv" k
	for k in lost erased torn duplicate misplaced header sigbus; do
		[ "$(csv_col "$s" "$k")" = 0 ] || fail "$name: $k = $(csv_col "$s" "$k")"
	done
	[ "$(csv_col "$s" verdict)" = pass ] || fail "$name: verdict"
	# the arithmetic: every reader verified every record live; every process's final sweep found them all
	[ "$(csv_col "$s" records_verified)" = $((4 * $(csv_col "$s" records_written))) ] || fail "$name: live verifications"
	[ "$(csv_col "$s" slots)" = $(($(csv_col "$s" records_written) + $(csv_col "$s" abandoned))) ] || fail "$name: slots"
	[ "$(csv_col "$s" sweeps_complete)" = 9 ] || fail "$name: $(csv_col "$s" sweeps_complete) of 9 final sweeps complete"
	[ "$(csv_col "$s" reverified)" = $((9 * $(csv_col "$s" records_written))) ] || fail "$name: re-verified"
	grep -q ',visible\(_behind\)\?_ns,ns,' "$T/$name/summary.csv" || fail "$name: no visible_ns row (caught up or behind)"
	# doorbell mode: no growth is found by the safety timeout (e2e_stress_detects checks
	# that guests waiting for growth remap after a ring)
	[ "$(csv_col "$s" safety_remaps)" = 0 ] || fail "$name: remaps by the safety timeout"
	note "$name: $(head -2 "$T/out" | tail -1)"
}
run_ok tmpfs --backend "dir:$SHM"
expect_empty "$SHM"
run_ok memfd --backend memfd
run_ok poll --backend "dir:$SHM" --detect poll --strategy mremap
run_ok fstat --backend "dir:$SHM" --detect fstat
expect_empty "$SHM"
# a region far larger than what is written (64 GiB, sparse): the harness's bookkeeping
# grows with the records written, not with the region's size (its largest process stays
# well under 1 GiB; looking at every slot the region could hold would touch 2 GiB)
rb_run 120 /usr/bin/python3 -c 'import resource, subprocess, sys
rc = subprocess.call(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)' "$RB_BIN" stress --out "$T/huge" --backend "dir:$SHM" --writers 1 --readers 1 --duration 50ms \
	--initial-size 64G --grow-step 64G --max-size 128G --grow-every 10ms --rate 1000 ||
	fail "huge: exit $?: $(tail -n 5 "$T/out" "$T/err")"
rss_kb=$(tail -n 1 "$T/out")
[ "$rss_kb" -lt 262144 ] || fail "huge: a process of the run used $((rss_kb / 1024)) MiB"
note "huge: largest process $((rss_kb / 1024)) MiB"
expect_empty "$SHM"
if [ "$(id -u)" = 0 ] && command -v mkfs.ext4 >/dev/null; then
	truncate -s 512M "$T/ext4.img" && mkfs.ext4 -q -F "$T/ext4.img" && mkdir "$T/ext4" &&
		mount -o loop "$T/ext4.img" "$T/ext4" || fail "cannot mount an ext4 image"
	cleanup_hooks+=("umount -d '$T/ext4'")
	run_ok ext4run --backend "dir:$T/ext4"
	[ -z "$(ls -A "$T/ext4" | grep -v lost+found)" ] || fail "ext4 backend not empty"
else
	note "ext4 part skipped (needs root and mkfs.ext4)"
fi
echo PASS
