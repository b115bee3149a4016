#!/usr/bin/env bash
# e2e_stress_damage: a stranger (a second process, tests/fixtures/stress_damage.c)
# damages the region file of a running stress run; the run fails and stress.csv
# counts exactly the records of the right kind (every other kind 0), violations.csv
# names the slot. The run is held (RB_TEST_PAUSE) once every writer ended and every
# reader verified every record live, so the counts are exact: the damage is found
# by the final sweeps of every process, nothing is lost. Also the last committed
# record (a sweep that stops early misses it) and bytes only the checksum covers.
. "$(dirname "$0")/lib.sh"
: "${RB_TESTHOOKS:?RB_TESTHOOKS must point at regionbench-testhooks}"
: "${RB_DAMAGE:?RB_DAMAGE must point at the stress_damage fixture}"
common=(--writers 2 --readers 2 --duration 1s --initial-size 1M --grow-step 1M --grow-every 20ms --backend "dir:$SHM")
KINDS="lost erased torn duplicate misplaced header sigbus"
# RB_CASES="a b": run only these cases (for mutation checks); default all
want() { [ -z "${RB_CASES:-}" ] || [[ " $RB_CASES " == *" $1 "* ]]; }
REC=64
off() { echo $((4096 + REC * $1)); }

# damaged NAME SHELL-SNIPPET [STRESS-ARGS...]: run, wait for the pause, run the snippet
# with $FILE set to the region file, release the run, wait for it (bounded). Sets $rc.
damaged() {
	local name=$1 snippet=$2 d="$T/$1.hook" i
	shift 2
	want "$name" || return 0
	mkdir -p "$d"
	RB_TEST_PAUSE=1 RB_TEST_DIR="$d" "$SETSID" "$RB_TESTHOOKS" stress "${common[@]}" "$@" --out "$T/$name" \
		>"$T/$name.out" 2>"$T/$name.err" &
	local pid=$!
	for i in $(seq 1 900); do
		[ -e "$d/paused" ] && break
		kill -0 "$pid" 2>/dev/null || break
		"$SLEEP" 0.1
	done
	if [ ! -e "$d/paused" ]; then
		kill -KILL -- "-$pid" 2>/dev/null
		fail "$name: the run never paused: $(tail -n 5 "$T/$name.out" "$T/$name.err")"
	fi
	FILE=$(head -n 1 "$d/paused")
	eval "$snippet" || { touch "$d/go"; wait "$pid"; fail "$name: the damage failed"; }
	touch "$d/go"
	for i in $(seq 1 1200); do
		kill -0 "$pid" 2>/dev/null || break
		"$SLEEP" 0.1
	done
	kill -0 "$pid" 2>/dev/null && { kill -KILL -- "-$pid"; fail "$name: the run did not end after the damage"; }
	wait "$pid"
	rc=$?
}

# expect NAME KIND COUNT [SLOT]: exit 1, verdict fail, KIND counted COUNT times and
# every other kind 0, every record verified live by every reader, and violations.csv
# has a KIND row (at SLOT when given).
expect() {
	local name=$1 kind=$2 count=$3 slot=${4:-} k v s="$T/$1/stress.csv"
	want "$name" || return 0
	[ "$rc" = 1 ] || fail "$name: exit $rc, expected 1: $(tail -n 5 "$T/$name.out" "$T/$name.err")"
	[ "$(csv_col "$s" verdict)" = fail ] || fail "$name: stress.csv verdict is not fail"
	for k in $KINDS; do
		v=$(csv_col "$s" "$k")
		if [ "$k" = "$kind" ]; then
			[ "$v" = "$count" ] || fail "$name: $k = $v, expected $count: $(grep '^FAIL' "$T/$name.out")"
		else
			[ "$v" = 0 ] || fail "$name: $k = $v, expected 0: $(grep '^FAIL' "$T/$name.out")"
		fi
	done
	[ "$(csv_col "$s" records_verified)" = "$(csv_col "$s" live_expected)" ] ||
		fail "$name: the live pass was not complete: $(csv_col "$s" records_verified) of $(csv_col "$s" live_expected)"
	awk -F, -v k="$kind" -v s="$slot" 'NR==1{for(i=1;i<=NF;i++) c[$i]=i; next}
		$c["kind"]==k && (s=="" || $c["slot"]==s){f=1} END{exit !f}' "$T/$name/violations.csv" ||
		fail "$name: violations.csv has no '$kind' row${slot:+ at slot $slot}: $(cat "$T/$name/violations.csv")"
	note "$name: $kind $count: $(grep -m1 "^FAIL: $kind" "$T/$name.out" | cut -c1-200)"
}

damaged zero_record '"$RB_DAMAGE" "$FILE" zero-record 1000'
expect zero_record erased 1 1000
damaged zero_commit '"$RB_DAMAGE" "$FILE" zero-commit 1000'
expect zero_commit erased 1 1000
damaged zero_1m '"$RB_DAMAGE" "$FILE" zero "$(off 1000)" 1048576'
expect zero_1m erased 16384 1000
# a page-aligned hole: slots 16320 .. 16320+16383
damaged punch '"$RB_DAMAGE" "$FILE" punch 1048576 1048576'
expect punch erased 16384 16320
damaged header '"$RB_DAMAGE" "$FILE" header'
expect header header 1
# re-validated by every process in its final sweep: one header row each (4 guests and the host)
if want header; then
	[ "$(awk -F, 'NR==1{for(i=1;i<=NF;i++) c[$i]=i; next} $c["kind"]=="header"{n++} END{print n+0}' "$T/header/violations.csv")" = 5 ] ||
		fail "header: not every process found the damaged header: $(cat "$T/header/violations.csv")"
fi
# the file grown past the region's recorded size (a stranger's ftruncate): the header no
# longer describes the file: header 1, found by the host's final sweep
damaged grown 'truncate -s $(($(stat -c %s "$FILE") + 1048576)) "$FILE"'
expect grown header 1
if want grown; then
	grep -q "grown past the region's recorded size" "$T/grown/violations.csv" || fail "grown: violations.csv does not say why"
fi
# the rest of the header: the growth count (generation, offset 32) and the page's unused bytes
damaged generation '"$RB_DAMAGE" "$FILE" flip 32'
expect generation header 1
damaged header_page '"$RB_DAMAGE" "$FILE" flip 2000'
expect header_page header 1
# a well-formed record in a slot no writer claimed (past the frontier, inside the region:
# paced writers leave most of it unclaimed)
damaged beyond 'last=$("$RB_DAMAGE" "$FILE" last) && "$RB_DAMAGE" "$FILE" forge $((last + 3)) 0 0' --rate 2000
expect beyond duplicate 1 "$((${last:-0} + 3))"
damaged copy_next '"$RB_DAMAGE" "$FILE" copy-next 1000'
expect copy_next misplaced 1 1001
damaged swap '"$RB_DAMAGE" "$FILE" swap 1000 1001'
expect swap misplaced 2
damaged checksum_only '"$RB_DAMAGE" "$FILE" t-write 1000'
expect checksum_only torn 1 1000
damaged duplicate '"$RB_DAMAGE" "$FILE" duplicate 1000 1001'
expect duplicate duplicate 1 1001
damaged last 'last=$("$RB_DAMAGE" "$FILE" last) && "$RB_DAMAGE" "$FILE" flip $(($(off "$last") + 48))'
expect last torn 1 "${last:-}"
# every process's final sweep found the damage: none accounted for every record
if want last; then
	[ "$(csv_col "$T/last/stress.csv" sweeps_complete)" = 0 ] || fail "last: a final sweep missed the damaged last record"
	[ "$(csv_col "$T/last/stress.csv" sweeps)" = 5 ] || fail "last: expected 5 final sweeps (4 guests and the host)"
fi
expect_empty "$SHM"
echo PASS
