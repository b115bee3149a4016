#!/usr/bin/env bash
# e2e_faults: each fault scenario is caught, explained and fails the run (exit 1) without
# hanging or leaving anything behind: a guest killed mid-write, a stranger truncating the
# file, a full filesystem (SIGBUS, and ENOSPC with --reserve), a resize whose new mapping
# cannot be made; a host killed with AUTO and MANUAL cleanup; SIGINT/SIGTERM to a run.
. "$(dirname "$0")/lib.sh"
common=(--duration 1500ms --initial-size 1M --grow-step 1M --grow-every 20ms --rate 50000)
fault() {
	local name=$1 want=$2
	shift 2
	rb_run 120 "$RB_BIN" stress "${common[@]}" --out "$T/$name" "$@"
	local rc=$?
	if [ $rc = 77 ]; then note "$name skipped: $(cat "$T/out")"; return; fi
	[ $rc = 1 ] || fail "$name: exit $rc, expected 1: $(tail -n 5 "$T/out" "$T/err")"
	grep -q -- "$want" "$T/out" || fail "$name: no '$want' in: $(grep FAIL "$T/out")"
	[ "$(csv_col "$T/$name/stress.csv" verdict)" = fail ] || fail "$name: stress.csv verdict is not fail"
	note "$name: $(grep -m1 -- "$want" "$T/out" | cut -c1-160)"
}
fault kill_guest "writer 0 (pid [0-9]*) ended with signal 9" --scenario kill_guest --backend "dir:$SHM"
[ "$(csv_col "$T/kill_guest/stress.csv" lost)" = 0 ] || fail "kill_guest: records committed before the kill were not all verified"
[ "$(csv_col "$T/kill_guest/stress.csv" records_verified)" = "$(csv_col "$T/kill_guest/stress.csv" live_expected)" ] ||
	fail "kill_guest: not every record written was verified by every reader"
fault kill_guest_stop "run stopped at once" --scenario kill_guest --on-death stop --backend "dir:$SHM"
fault truncate "SIGBUS at address 0x[0-9a-f]* (offset [0-9]*) with a mapping of [0-9]* bytes and a file of 1048576 bytes" \
	--scenario truncate --backend "dir:$SHM"
fault map_fail "resize failed [0-9]* time(s): Cannot allocate memory; the region stayed at" --scenario map_fail --backend "dir:$SHM"
for k in lost erased torn; do
	[ "$(csv_col "$T/map_fail/stress.csv" "$k")" = 0 ] || fail "map_fail: data not intact ($k)"
done
expect_empty "$SHM"
# page-sized records: the writers pass the 8 MiB of the filesystem early, however slow the build
fault fs_full "backing store full at that offset" --scenario fs_full --record-size 4096
fault fs_full_reserve "No space left on device; the region stayed at" --scenario fs_full --reserve --record-size 4096
[ ! -f "$T/fs_full_reserve/stress.csv" ] || [ "$(csv_col "$T/fs_full_reserve/stress.csv" sigbus)" = 0 ] ||
	fail "fs_full --reserve still raised SIGBUS"
[ -z "$(grep ' /tmp/regionbench\.[0-9]*\.fsfull' /proc/self/mountinfo)" ] || fail "a mount was left: $(grep fsfull /proc/self/mountinfo)"

# the host (and the whole tool) killed with SIGKILL
kill_all_after() { # SECONDS CMD...: start CMD in its own session, SIGKILL the session after SECONDS
	local secs=$1
	shift
	"$SETSID" "$@" >"$T/out" 2>"$T/err" &
	local pid=$!
	"$SLEEP" "$secs"
	kill -KILL -- "-$pid"
	wait "$pid" 2>/dev/null
	"$SLEEP" 0.3
}
kill_all_after 1 "$RB_BIN" stress --duration 5s --backend "dir:$SHM" --cleanup auto --out "$T/kill_auto"
expect_empty "$SHM"
[ -e "$T/kill_auto/INCOMPLETE" ] || fail "a killed run is not marked incomplete"
kill_all_after 1 "$RB_BIN" stress --duration 5s --backend "dir:$SHM" --cleanup manual --out "$T/kill_manual"
left=$(ls "$SHM")
[ -n "$left" ] || fail "MANUAL: the killed host left no file (expected one for clean to find)"
rb_run 30 "$RB_BIN" clean --dry-run --dir "$SHM" || fail "clean --dry-run exited $?"
grep -q "$SHM/regionbench\." "$T/out" || fail "clean --dry-run did not list the leftover: $(cat "$T/out")"
[ -n "$(ls "$SHM")" ] || fail "clean --dry-run removed something"
# a file clean must never touch: one of a live process, and a stranger's
touch "$SHM/regionbench.$$.mine.1" "$SHM/not-ours.shm"
rb_run 30 "$RB_BIN" clean --dir "$SHM" || fail "clean exited $?"
grep -q "removed 1 region file" "$T/out" || fail "clean: $(cat "$T/out")"
[ "$(ls "$SHM" | sort | tr '\n' ' ')" = "not-ours.shm regionbench.$$.mine.1 " ] || fail "clean removed the wrong files: $(ls "$SHM")"
rm -f "$SHM"/*
# a killed fs_full run leaves its mount: clean removes it (and only it)
if [ "$(id -u)" = 0 ]; then
	kill_all_after 1 "$RB_BIN" stress --scenario fs_full --duration 5s --rate 1000
	grep -q ' /tmp/regionbench\.[0-9]*\.fsfull' /proc/self/mountinfo || fail "the killed fs_full run left no mount to clean"
	rb_run 30 "$RB_BIN" clean --dir "$SHM" || fail "clean exited $?"
	grep -q "removed /tmp/regionbench" "$T/out" || fail "clean did not remove the mount: $(cat "$T/out")"
	[ -z "$(grep ' /tmp/regionbench\.[0-9]*\.fsfull' /proc/self/mountinfo)" ] || fail "mount still there after clean"
fi

# SIGINT and SIGTERM: every worker stops, regions are removed, the run folder stays incomplete
for sig in INT TERM; do
	"$SETSID" "$RB_BIN" stress --duration 20s --backend "dir:$SHM" --out "$T/sig$sig" >"$T/out" 2>"$T/err" &
	pid=$!
	"$SLEEP" 1
	kill -"$sig" "$pid"
	for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; "$SLEEP" 0.1; done
	kill -0 "$pid" 2>/dev/null && { kill -KILL -- "-$pid"; fail "SIG$sig: the run did not stop"; }
	wait "$pid"
	rc=$?
	want=$((128 + $(kill -l "$sig")))
	[ $rc = $want ] || fail "SIG$sig: exit $rc, expected $want"
	[ -e "$T/sig$sig/INCOMPLETE" ] || fail "SIG$sig: run folder not marked incomplete"
	[ -z "$(ls "$T/sig$sig" | grep -v INCOMPLETE)" ] || fail "SIG$sig: half-written results: $(ls "$T/sig$sig")"
	"$SLEEP" 0.5
	live=$(ps -eo sid=,stat=,pid=,comm= | awk -v s="$pid" '$1 == s && $2 !~ /^Z/')
	[ -z "$live" ] || fail "SIG$sig: processes left: $live"
	expect_empty "$SHM"
done
echo PASS
