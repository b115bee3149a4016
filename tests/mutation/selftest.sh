#!/usr/bin/env bash
# selftest.sh - the mutation check's machinery on a tiny fixture (fast; in CTest):
# a mutant the fixture's test kills is KILLED, one it cannot see SURVIVED, a
# pattern that matches nothing NOT-APPLIED and a selection without tests
# NO-TESTS; all four are reported by id and counted in the score; the exit
# status is 1; the fixture itself is never edited, and the scratch copy is
# restored after each mutant.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/rbmutself.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
fx=$here/selftest/fixture
before=$(cat "$fx"/*.c | md5sum)
/usr/bin/python3 "$here/mutate.py" --root "$fx" --list "$here/selftest/mutants.txt" --work "$T/w" --timeout 60 >"$T/out" 2>&1
rc=$?
cat "$T/out"
[ "$rc" = 1 ] || fail "exit $rc, expected 1 (not every mutant killed)"
grep -Eq '^\[1/4\] KILLED +add-minus ' "$T/out" || fail "add-minus not reported killed"
grep -Eq '^\[2/4\] SURVIVED +mul-plus ' "$T/out" || fail "mul-plus not reported survived"
grep -Eq '^\[3/4\] NOT-APPLIED +gone ' "$T/out" || fail "gone not reported not-applied"
grep -Eq '^\[4/4\] NO-TESTS +no-test ' "$T/out" || fail "no-test not reported as selecting no test"
grep -q '^mutate: score 1/4 killed (25 %)' "$T/out" || fail "score is not 1/4"
grep -q '^mutate: survived: mul-plus$' "$T/out" || fail "the survivors are not listed"
grep -q '^mutate: not-applied: gone$' "$T/out" || fail "the mutants that do not apply are not listed"
[ "$(cat "$fx"/*.c | md5sum)" = "$before" ] || fail "the fixture itself was edited"
cmp -s "$fx/arith.c" "$T/w/src/arith.c" || fail "the scratch copy was not restored"
# --only and --check: a pattern that no longer applies fails the check
/usr/bin/python3 "$here/mutate.py" --root "$fx" --list "$here/selftest/mutants.txt" --work "$T/w" --only '^(add-minus|gone)$' --check >"$T/chk" 2>&1
rc=$?
[ "$rc" = 1 ] && grep -q '^gone .*NOT-APPLIED: pattern matches nothing' "$T/chk" && grep -q '^1 of 2 mutant(s) apply' "$T/chk" ||
	fail "--check: exit $rc: $(cat "$T/chk")"
# bad input: one line naming what was wrong, exit 2
printf 'id: x\nfile: arith.c\n' >"$T/bad.txt"
/usr/bin/python3 "$here/mutate.py" --root "$fx" --list "$T/bad.txt" --work "$T/w" >"$T/bad" 2>&1
rc=$?
[ "$rc" = 2 ] && [ "$(wc -l <"$T/bad")" = 1 ] && grep -q 'lacks find, replace, ctest, why' "$T/bad" || fail "bad list: exit $rc: $(cat "$T/bad")"
echo PASS
