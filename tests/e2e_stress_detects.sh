#!/usr/bin/env bash
# e2e_stress_detects: faults while a run goes on, each found as what it is, with counts
# and relations read from stress.csv and guests.csv:
# - a stranger damages a record every reader verified long ago: torn 1 (final sweeps);
# - a stranger damages the header mid-run: header 1, found after remaps and in the sweeps;
# - a stranger forges a well-formed record ahead of the readers into a claimed slot
#   whose writer then writes its own record there: duplicate 1, nothing lost (the
#   readers judge it against the claim and wait for the owner; no cascade);
# - the same into the slot of a writer that is then killed: duplicate 1, the slot
#   abandoned, nothing lost (the forgery is counted as what it is);
# - a writer reports a record it never wrote (drop): erased 1, lost 1, and each reader
#   verified written - 1 (lost = written - seen);
# - guests that never notice growth (noremap): their mappings stay short, the run fails;
# - a writer killed between claiming a slot and committing it (stall, then SIGKILL from
#   here): the slot is named abandoned, nothing lost or erased, every record verified;
# - commit words published 20 ms before their payload (the writer sleeps meanwhile): torn > 0, all verified once complete;
# - a writer stuck after the stop: the reader gives up naming it and the slot; lost =
#   written - verified;
# - a reader that passes a record without verifying it (skip): only the live arithmetic
#   (verified = readers x written) notices, and fails the run;
# - a silenced doorbell (nobell): no remap after a ring, growth found by the safety
#   timeout, the run fails;
# and the testhooks binary without a fault passes. (Commit words published before their
# payload: e2e_stress_sensitivity.)
. "$(dirname "$0")/lib.sh"
: "${RB_TESTHOOKS:?RB_TESTHOOKS must point at regionbench-testhooks}"
: "${RB_DAMAGE:?RB_DAMAGE must point at the stress_damage fixture}"
growth=(--initial-size 64K --grow-step 64K --grow-every 10ms --max-size 64M --backend "dir:$SHM")
common=(--writers 2 --readers 2 --duration 1500ms "${growth[@]}")
col() { csv_col "$T/$1/stress.csv" "$2"; }
# RB_CASES="a b": run only these cases (for mutation checks); default all
want() { [ -z "${RB_CASES:-}" ] || [[ " $RB_CASES " == *" $1 "* ]]; }
# gcol RUN ROLE INDEX COLUMN: a cell of guests.csv
gcol() {
	awk -F, -v r="$2" -v i="$3" -v k="$4" 'NR==1{for(j=1;j<=NF;j++) c[$j]=j; next}
		$c["role"]==r && $c["index"]==i {print $c[k]}' "$T/$1/guests.csv"
}
# failed NAME KIND=N...: the run exited 1 with verdict fail and these exact counts
failed() {
	local name=$1 kv
	shift
	[ "$rc" = 1 ] || fail "$name: exit $rc, expected 1: $(tail -n 5 "$T/out" "$T/err")"
	[ "$(col "$name" verdict)" = fail ] || fail "$name: verdict is not fail"
	for kv in "$@"; do
		[ "$(col "$name" "${kv%%=*}")" = "${kv#*=}" ] ||
			fail "$name: ${kv%%=*} = $(col "$name" "${kv%%=*}"), expected ${kv#*=}: $(grep '^FAIL' "$T/out" | head -5)"
	done
	note "$name: $(grep -m1 '^FAIL' "$T/out" | cut -c1-200)"
}
# background RUN ENV... -- ARGS: start a testhooks run in its own session; sets $pid
background() {
	local name=$1
	shift
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	env "${envs[@]}" "$SETSID" "$RB_TESTHOOKS" stress "$@" --out "$T/$name" >"$T/out" 2>"$T/err" &
	pid=$!
}
finish() { # wait (bounded) for $pid; sets $rc
	local i
	for i in $(seq 1 1200); do kill -0 "$pid" 2>/dev/null || break; "$SLEEP" 0.1; done
	kill -0 "$pid" 2>/dev/null && { kill -KILL -- "-$pid"; fail "$1: the run did not end"; }
	wait "$pid"
	rc=$?
}

# 1. a stranger flips a payload byte of slot 5 while the run goes on (readers passed it long ago)
if want corrupt; then
	background corrupt -- "${common[@]}"
	"$SLEEP" 0.7
	f=$(ls "$SHM"/regionbench.*.stress.* 2>/dev/null | head -n 1)
	[ -n "$f" ] && printf '\xde\xad\xbe\xef' | dd of="$f" bs=1 seek=$((4096 + 64 * 5 + 48)) conv=notrunc status=none
	finish corrupt
	failed corrupt torn=1 lost=0 erased=0 misplaced=0 duplicate=0
	expect_empty "$SHM"
fi

# 1b. a stranger damages the header's magic while the region keeps growing: fstat guests
# (which need no header to grow) find it after their next remap, and again in their final
# sweep; counted once for the run
if want header_live; then
	background header_live -- "${common[@]}" --detect fstat
	"$SLEEP" 0.5
	f=$(ls "$SHM"/regionbench.*.stress.* 2>/dev/null | head -n 1)
	[ -n "$f" ] && printf 'XXXXXXXX' | dd of="$f" bs=1 seek=0 conv=notrunc status=none
	finish header_live
	failed header_live header=1 lost=0 erased=0 torn=0
	n=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) c[$i]=i; next} $c["kind"]=="header" && $c["role"]=="writer" && $c["count"]>=2{n++}
		END{print n+0}' "$T/header_live/violations.csv")
	[ "$n" = 2 ] || fail "header_live: the writers did not find the header damaged after their remaps: $(cat "$T/header_live/violations.csv")"
	expect_empty "$SHM"
fi

# 2. drop: writer 0 reports record 100 written and never writes it
if want drop; then
	RB_TEST_FAULT=drop rb_run 120 "$RB_TESTHOOKS" stress "${common[@]}" --out "$T/drop"
	rc=$?
	failed drop lost=1 erased=1 torn=0 misplaced=0 duplicate=0
	w=$(col drop records_written)
	for r in 0 1; do
		[ "$(gcol drop reader $r records)" = $((w - 1)) ] || fail "drop: reader $r verified $(gcol drop reader $r records) of $w"
	done
fi

# 3. noremap: guests never notice growth
if want noremap; then
	RB_TEST_FAULT=noremap rb_run 120 "$RB_TESTHOOKS" stress "${common[@]}" --out "$T/noremap"
	rc=$?
	failed noremap
	[ "$(gcol noremap reader 0 final_len_bytes)" -lt "$(col noremap final_size_bytes)" ] || fail "noremap: reader 0 caught up"
fi

# 4. writer 0 stalls between claiming its slot for record 1000 and writing it; killed from here
if want stallkill; then
	mkdir -p "$T/hk"
	background stallkill RB_TEST_FAULT=stall RB_TEST_DIR="$T/hk" -- "${common[@]}"
	for _ in $(seq 1 300); do [ -e "$T/hk/stalled" ] && break; "$SLEEP" 0.1; done
	[ -e "$T/hk/stalled" ] || { kill -KILL -- "-$pid"; fail "stall: writer 0 never stalled"; }
	read -r wpid wslot <"$T/hk/stalled"
	kill -KILL "$wpid"
	finish stallkill
	failed stallkill lost=0 erased=0 torn=0 misplaced=0 duplicate=0 abandoned=1
	[ "$(gcol stallkill writer 0 abandoned_slot)" = "$wslot" ] ||
		fail "stall+kill: abandoned slot $(gcol stallkill writer 0 abandoned_slot), expected $wslot"
	[ "$(gcol stallkill writer 0 records)" = 1000 ] || fail "stall+kill: writer 0 wrote $(gcol stallkill writer 0 records), expected 1000"
	[ "$(col stallkill records_verified)" = "$(col stallkill live_expected)" ] || fail "stall+kill: not every record verified"
	grep -q "writer 0 (pid $wpid) ended with signal 9.*every one verified live by every reader; it left slot $wslot " "$T/out" ||
		fail "stall+kill: the kill is not explained: $(grep '^FAIL' "$T/out" | head -3)"
fi

# stall_forge RUN ENV... -- ARGS: a run whose writer 0 stalls between claiming a slot and
# writing it; a stranger forges there, well formed, the record writer 1 publishes next as
# far as a reader knows. Sets $pid, $wpid (writer 0) and $wslot.
stall_forge() {
	local name=$1 f k
	shift
	rm -rf "$T/hk" && mkdir -p "$T/hk"
	background "$name" RB_TEST_FAULT=stall RB_TEST_DIR="$T/hk" "$@"
	for _ in $(seq 1 300); do [ -e "$T/hk/stalled" ] && break; "$SLEEP" 0.1; done
	[ -e "$T/hk/stalled" ] || { kill -KILL -- "-$pid"; fail "$name: writer 0 never stalled"; }
	read -r wpid wslot <"$T/hk/stalled"
	f=$(ls "$SHM"/regionbench.*.stress.* 2>/dev/null | head -n 1)
	k=$("$RB_DAMAGE" "$f" rank "$wslot" 1) && "$RB_DAMAGE" "$f" forge "$wslot" 1 "$k" ||
		{ kill -KILL -- "-$pid"; fail "$name: the forgery failed"; }
}

# 4b. a stranger forges, ahead of the readers, a well-formed record of writer 1 (the one
# writer 1 publishes next as far as a reader knows) into the slot writer 0 claimed and is
# stalled on; writer 0 then writes its own record there. Each reader sees a record that
# is not the slot owner's, notes it and waits for the owner: duplicate 1, nothing lost
# (every record verified live, writer 0's once written), and nothing else; every final
# sweep finds every record intact.
if want forge_ahead; then
	stall_forge forge_ahead RB_TEST_STALL_MS=2500 -- --writers 2 --readers 2 --duration 2s "${growth[@]}"
	finish forge_ahead
	failed forge_ahead duplicate=1 lost=0 erased=0 torn=0 misplaced=0 header=0 sweeps_complete=5
	[ "$(col forge_ahead records_verified)" = "$(col forge_ahead live_expected)" ] ||
		fail "forge_ahead: $(col forge_ahead records_verified) verified live of $(col forge_ahead live_expected)"
fi

# 4c. the same forgery into the slot of stalled writer 0, which is then killed: the
# slot was never written, so nothing is lost: duplicate 1 (the forgery), the slot
# abandoned, every written record verified live by every reader
if want forge_dead; then
	stall_forge forge_dead -- "${common[@]}"
	"$SLEEP" 0.2 # the readers reach the slot and see the forgery while its writer lives
	kill -KILL "$wpid"
	finish forge_dead
	failed forge_dead duplicate=1 lost=0 erased=0 torn=0 misplaced=0 header=0 abandoned=1
	[ "$(gcol forge_dead writer 0 abandoned_slot)" = "$wslot" ] ||
		fail "forge_dead: abandoned slot $(gcol forge_dead writer 0 abandoned_slot), expected $wslot"
	[ "$(col forge_dead records_verified)" = "$(col forge_dead live_expected)" ] ||
		fail "forge_dead: $(col forge_dead records_verified) verified live of $(col forge_dead live_expected)"
	awk -F, 'NR==1{for(i=1;i<=NF;i++) c[$i]=i; next} $c["kind"]=="duplicate" && $c["slot"]=='"$wslot"'{f=1} END{exit !f}' \
		"$T/forge_dead/violations.csv" || fail "forge_dead: violations.csv has no duplicate at slot $wslot"
fi

# 5. writer 0 stalls for 4 s in a 1 s run: the reader gives up 2 s after the stop, naming it
if want stuck; then
	rm -rf "$T/hk" && mkdir -p "$T/hk"
	RB_TEST_FAULT=stall RB_TEST_STALL_MS=4000 RB_TEST_DIR="$T/hk" rb_run 120 "$RB_TESTHOOKS" stress "${growth[@]}" \
		--writers 2 --readers 1 --duration 1s --out "$T/stuck"
	rc=$?
	read -r _ wslot <"$T/hk/stalled"
	w=$(col stuck records_written) v=$(gcol stuck reader 0 records)
	failed stuck lost=$((w - v)) erased=0 torn=0
	[ "$(gcol stuck reader 0 stuck_writer)" = 0 ] || fail "stuck: reader named writer '$(gcol stuck reader 0 stuck_writer)'"
	[ "$(gcol stuck reader 0 stuck_slot)" = "$wslot" ] || fail "stuck: reader named slot $(gcol stuck reader 0 stuck_slot), expected $wslot"
fi

# 5a. the same, and a stranger writes a commit word into the stalled writer's slot: the
# reader sees it torn, waits for the writer to finish the record, and gives up 2 s after
# the stop the same way, naming the writer and that slot
if want stuck_torn; then
	rm -rf "$T/hk" && mkdir -p "$T/hk"
	background stuck_torn RB_TEST_FAULT=stall RB_TEST_STALL_MS=6000 RB_TEST_DIR="$T/hk" -- "${growth[@]}" \
		--writers 2 --readers 1 --duration 1s
	for _ in $(seq 1 300); do [ -e "$T/hk/stalled" ] && break; "$SLEEP" 0.1; done
	[ -e "$T/hk/stalled" ] || { kill -KILL -- "-$pid"; fail "stuck_torn: writer 0 never stalled"; }
	read -r _ wslot <"$T/hk/stalled"
	f=$(ls "$SHM"/regionbench.*.stress.* 2>/dev/null | head -n 1)
	printf '\x01' | dd of="$f" bs=1 seek=$((4096 + 64 * wslot)) conv=notrunc status=none
	finish stuck_torn
	failed stuck_torn torn=1 erased=0
	[ "$(gcol stuck_torn reader 0 stuck_writer)" = 0 ] ||
		fail "stuck_torn: reader named writer '$(gcol stuck_torn reader 0 stuck_writer)'"
	[ "$(gcol stuck_torn reader 0 stuck_slot)" = "$wslot" ] ||
		fail "stuck_torn: reader named slot $(gcol stuck_torn reader 0 stuck_slot), expected $wslot"
	grep -q 'did not finish within the deadline' "$T/out" && fail "stuck_torn: the reader waited out the deadline"
fi

# 5b. commit words published 2 ms before their payload (early_commit with a window): every
# reader sees records torn live and verifies them once complete (the 0 ns window on CPUs of
# their own: e2e_stress_sensitivity)
if want torn_live; then
	RB_TEST_FAULT=early_commit RB_TEST_EARLY_COMMIT_NS=20000000 rb_run 120 "$RB_TESTHOOKS" stress "${common[@]}" \
		--rate 1000 --out "$T/torn_live"
	rc=$?
	failed torn_live lost=0 erased=0 misplaced=0 duplicate=0
	[ "$(col torn_live torn)" -ge 1 ] || fail "torn_live: no torn record seen"
	[ "$(col torn_live records_verified)" = "$(col torn_live live_expected)" ] || fail "torn_live: torn records not verified once complete"
fi

# 6. a reader bug: reader 0 passes slot 1000 without a word; only the live arithmetic notices
if want skip; then
	RB_TEST_FAULT=skip rb_run 120 "$RB_TESTHOOKS" stress "${common[@]}" --out "$T/skip"
	rc=$?
	failed skip lost=0 erased=0 torn=0 misplaced=0 duplicate=0
	w=$(col skip records_written)
	[ "$(gcol skip reader 0 records)" = $((w - 1)) ] || fail "skip: reader 0 verified $(gcol skip reader 0 records) of $w"
	[ "$(col skip records_verified)" = $(($(col skip live_expected) - 1)) ] || fail "skip: live verifications"
fi

# 7. the doorbell silenced: growth reaches the guests only by the safety timeout
if want nobell; then
	RB_TEST_FAULT=nobell rb_run 120 "$RB_TESTHOOKS" stress --initial-size 64K --grow-step 64K --grow-every 500ms \
		--duration 2500ms --backend "dir:$SHM" --out "$T/nobell"
	rc=$?
	failed nobell remaps_ring=0 lost=0
	[ "$(col nobell safety_remaps)" -ge 1 ] || fail "nobell: no remap by the safety timeout"
fi

# 8. the host (the supervised worker) killed mid-run: exit 1 with a FAIL line (the README's
# exit statuses), every guest gone, no region file left
if want host_killed; then
	background host_killed -- "${common[@]}"
	"$SLEEP" 0.7
	host=$(pgrep -P "$pid" | head -n 1)
	[ -n "$host" ] && kill -KILL "$host"
	finish host_killed
	[ "$rc" = 1 ] || fail "host_killed: exit $rc, expected 1: $(tail -n 3 "$T/out" "$T/err")"
	grep -q '^FAIL: ' "$T/out" || fail "host_killed: no FAIL line: $(tail -n 3 "$T/out")"
	pgrep -g "$pid" >/dev/null && fail "host_killed: guests still running"
	expect_empty "$SHM"
fi

# and without a fault the same binary passes (the hooks are off unless asked for); with a
# growth every 50 ms the (paced) writers wait for each growth: each remaps after rings
if want clean; then
	rb_run 120 "$RB_TESTHOOKS" stress --writers 2 --readers 2 --duration 1500ms --initial-size 64K --grow-step 64K \
		--grow-every 50ms --backend "dir:$SHM" --out "$T/clean" || fail "clean testhooks run failed: $(tail -n 5 "$T/out")"
	for i in 0 1; do
		[ "$(gcol clean writer $i remaps_ring)" -ge 1 ] || fail "clean: writer $i never remapped after a ring"
	done
	[ "$(col clean safety_remaps)" = 0 ] || fail "clean: remaps by the safety timeout"
fi
expect_empty "$SHM"
echo PASS
