#!/usr/bin/env bash
# e2e_input: every subcommand refuses bad input before doing anything: one line naming
# the value and what is expected, exit 2, nothing created. Also: a symlink planted at
# the region path is refused and its target left untouched.
. "$(dirname "$0")/lib.sh"
S="$RB_BIN stress"
expect_usage_error "--writers" $S --writers 0
expect_usage_error "--writers" $S --writers 100000
expect_usage_error "--readers" $S --readers -1
expect_usage_error "--duration" $S --duration 1e999
expect_usage_error "--duration" $S --duration 5x
expect_usage_error "--initial-size" $S --initial-size 0
expect_usage_error "18446744073709551616" $S --max-size 18446744073709551616
expect_usage_error "4Q" $S --grow-step 4Q
expect_usage_error "--grow-every" $S --grow-every 0
expect_usage_error "--detect" $S --detect psychic
expect_usage_error "--strategy" $S --strategy teleport
expect_usage_error "--record-size" $S --record-size 50
expect_usage_error "--record-size" $S --record-size 8
expect_usage_error "--max-size" $S --initial-size 2M --max-size 1M
expect_usage_error "--scenario" $S --scenario nope
expect_usage_error "nfs:/x" $S --backend nfs:/x
expect_usage_error "/nonexistent" $S --backend dir:/nonexistent
expect_usage_error "/nonexistent" $S --out /nonexistent/run
expect_usage_error "--seed" $S --seed -5
expect_usage_error "--rate" $S --rate 1000000000
expect_usage_error "--rate" $S --rate fast
# configurations that admit no growth are refused before anything runs
expect_usage_error "--grow-every" $S --duration 50ms --grow-every 50ms
expect_usage_error "--initial-size" $S --initial-size 1M --max-size 1M
expect_usage_error "--cleanup" $S --cleanup sometimes
expect_usage_error "unexpected argument" $S extra
expect_usage_error "--dry-run" "$RB_BIN" clean --dry-run=yes
expect_usage_error "/nonexistent" "$RB_BIN" clean --dir /nonexistent
expect_usage_error "unknown command" "$RB_BIN" frobnicate
[ ! -e "$RB_ROOT/results" ] || fail "a run folder was created"
expect_empty "$SHM"

# A symlink planted where the host will create its region: in a fresh pid namespace the
# host's pid is predictable (the tool is pid 1, its worker pid 2).
if [ "$(id -u)" = 0 ] && unshare --pid --fork --mount-proc true 2>/dev/null; then
	echo precious >"$T/target"
	ln -s "$T/target" "$SHM/regionbench.2.stress.1"
	rb_run 60 unshare --pid --fork --mount-proc "$RB_BIN" stress --duration 1s --backend "dir:$SHM" --out "$T/sym"
	rc=$?
	[ $rc = 2 ] || fail "planted symlink: exit $rc, expected 2: $(cat "$T/out" "$T/err")"
	grep -q "regionbench.2.stress.1': Too many levels of symbolic links" "$T/err" || fail "planted symlink: $(cat "$T/err")"
	[ "$(cat "$T/target")" = precious ] || fail "the symlink's target was changed"
	[ -L "$SHM/regionbench.2.stress.1" ] || fail "the planted symlink was removed"
	rm "$SHM/regionbench.2.stress.1"
else
	note "symlink part skipped (needs root and unshare)"
fi

# The front door, as a user who cannot install: it names the exact packages and exits 2.
# It runs from a copy of the front door in $T: the checkout may sit in a folder
# other users cannot enter (root's home, a mktemp -d clone); the front door
# stops at the package check, before it needs anything else of the tree.
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	mkdir -p "$T/fakebin" "$T/door" && chmod 755 "$T" "$T/fakebin" "$T/door"
	printf '#!/bin/sh\nexit 1\n' >"$T/fakebin/dpkg-query" # every package reads as missing
	chmod 755 "$T/fakebin/dpkg-query"
	cp "$RB_SRC/regionbench" "$T/door/regionbench" && chmod 755 "$T/door/regionbench"
	if ! "${NOBODY[@]}" test -r "$T/door/regionbench"; then
		note "front-door install part skipped (user nobody cannot read $T: a parent folder is closed to others)"
	else
		PATH="$T/fakebin:$PATH" rb_run 60 "${NOBODY[@]}" env PATH="$T/fakebin:$PATH" bash "$T/door/regionbench" bench --help
		rc=$?
		[ $rc = 2 ] || fail "front door without rights to install: exit $rc, expected 2: $(cat "$T/err")"
		grep -q "install them with: sudo apt-get install .*libbenchmark-dev" "$T/err" ||
			fail "front door does not name the packages: $(cat "$T/err")"
	fi
else
	note "front-door install part skipped (needs root and setpriv)"
fi
echo PASS
