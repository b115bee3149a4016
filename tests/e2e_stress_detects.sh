#!/usr/bin/env bash
# e2e_stress_detects: the verifier fails, with the right diagnostic, when a record is
# corrupted behind the writer's back, a record is dropped, a guest never remaps after
# growth, or a commit word is published before its payload.
. "$(dirname "$0")/lib.sh"
: "${RB_TESTHOOKS:?RB_TESTHOOKS must point at regionbench-testhooks}"
common=(--writers 2 --readers 2 --duration 1500ms --initial-size 64K --grow-step 64K --grow-every 10ms --max-size 64M)
expect_fail() {
	local name=$1 want=$2
	shift 2
	rb_run 120 "$@"
	local rc=$?
	[ $rc = 1 ] || fail "$name: exit $rc, expected 1: $(tail -n 5 "$T/out" "$T/err")"
	grep -q '^FAIL' "$T/out" || fail "$name: no FAIL line"
	grep -q -- "$want" "$T/out" || fail "$name: no '$want' in: $(grep FAIL "$T/out")"
	note "$name: $(grep -m1 "$want" "$T/out")"
}
# 1. corruption from outside: a stranger flips bytes inside committed records while the run goes on
( sleep 0.7
  f=$(ls "$SHM"/regionbench.*.stress.* 2>/dev/null | head -1)
  [ -n "$f" ] && printf '\xde\xad\xbe\xef\xde\xad\xbe\xef' | dd of="$f" bs=1 seek=$((4096 + 64 * 5 + 48)) conv=notrunc status=none ) &
expect_fail corrupt "not-intact\|torn" "$RB_BIN" stress --backend "dir:$SHM" "${common[@]}"
wait
expect_empty "$SHM"
RB_TEST_FAULT=drop expect_fail drop "lost" "$RB_TESTHOOKS" stress --backend "dir:$SHM" "${common[@]}"
RB_TEST_FAULT=noremap expect_fail noremap "never caught up\|lost" "$RB_TESTHOOKS" stress --backend "dir:$SHM" "${common[@]}"
RB_TEST_FAULT=early_commit expect_fail early_commit "torn" "$RB_TESTHOOKS" stress --backend "dir:$SHM" "${common[@]}" --rate 20000
# and without a fault the same binary passes (the hooks are off unless asked for)
rb_run 120 "$RB_TESTHOOKS" stress --backend "dir:$SHM" "${common[@]}" || fail "clean testhooks run failed: $(tail -n 5 "$T/out")"
expect_empty "$SHM"
echo PASS
