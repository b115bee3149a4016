#!/usr/bin/env bash
# e2e_compare: the gate on run folders: a run against itself passes; a 30% slower
# candidate is a regression (exit 1, with markdown, JUnit and CSV outputs), a 30%
# faster one an improvement (exit 0); a failed stress verdict always fails; runs
# from another kernel need --allow-different; bad input exits 2; baselines are
# saved and found by name; `ab` runs two builds alternately and catches an
# injected slowdown.
. "$(dirname "$0")/lib.sh"
F=$RB_SRC/tests/fixtures
B=$F/run-bench
scale() { # SRC DST FACTOR METRIC: copy a run folder, multiplying METRIC's samples
	cp -r "$1" "$2"
	awk -F, -v OFS=, -v f="$3" -v m="$4" 'NR > 1 && $9 == m { $12 = $12 * f } { print }' "$1/samples.csv" >"$2/samples.csv"
}
rb_run 120 "$RB_BIN" compare "$B" "$B" || fail "a run against itself: exit $?: $(tail -n 3 "$T/out")"
grep -q " 0 regression, 0 improvement" "$T/out" || fail "self-compare: $(tail -n 1 "$T/out")"

scale "$B" "$T/slow" 1.3 create_ns
rb_run 120 "$RB_BIN" compare "$B" "$T/slow" --markdown "$T/c.md" --junit "$T/c.xml" --csv "$T/c.csv"
[ $? = 1 ] || fail "30% slower create: expected exit 1: $(tail -n 3 "$T/out")"
[ "$(grep -c '^regression .*create_ns' "$T/out")" -ge 3 ] || fail "create regressions not found: $(grep regression "$T/out")"
! grep -q '^regression .*attach_ns' "$T/out" || fail "an untouched metric was called a regression"
grep -q '^| regression | create |' "$T/c.md" || fail "markdown lacks the regression"
grep -q '<failure message="regression: median ratio 1.3' "$T/c.xml" || fail "JUnit lacks the failure"
grep -q ',create_ns,.*,regression$' "$T/c.csv" || fail "CSV lacks the regression row"

scale "$B" "$T/fast" 0.7 create_ns
rb_run 120 "$RB_BIN" compare "$B" "$T/fast" || fail "30% faster: expected exit 0"
grep -q '^improvement .*create_ns' "$T/out" || fail "no improvement reported"

# stress verdicts are always gated, whatever --metric says
cp -r "$F/run-stress-poll" "$T/sfail"
sed -i '2s/,pass$/,fail/' "$T/sfail/stress.csv"
rb_run 60 "$RB_BIN" compare "$F/run-stress-poll" "$T/sfail" --metric nothing_matches_this_but_visible_ns
[ $? = 1 ] || fail "a failed stress verdict did not fail the gate"
grep -q "stress verification failed" "$T/out" || fail "stress failure not explained"

# another kernel: an error unless --allow-different
cp -r "$B" "$T/other"
sed -i 's/^kernel_release,.*/kernel_release,9.9.9-other/' "$T/other/meta.csv"
expect_usage_error "kernel_release" "$RB_BIN" compare "$B" "$T/other"
rb_run 60 "$RB_BIN" compare "$B" "$T/other" --allow-different || fail "--allow-different: exit $?"
grep -q "note: comparing runs that differ in kernel_release" "$T/out" || fail "difference not printed"

# bad input
expect_usage_error "/nonexistent" "$RB_BIN" compare /nonexistent "$B"
expect_usage_error "CANDIDATE" "$RB_BIN" compare "$B"
cp -r "$B" "$T/trunc" && head -c 5000 "$B/samples.csv" >"$T/trunc/samples.csv"
expect_usage_error "samples.csv" "$RB_BIN" compare "$B" "$T/trunc"
expect_usage_error "no metric in common" "$RB_BIN" compare "$B" "$B" --metric nomatch
expect_usage_error "--threshold" "$RB_BIN" compare "$B" "$B" --threshold 0
expect_usage_error "--markdown" "$RB_BIN" compare "$B" "$B" --markdown /nonexistent/x.md

# named baselines
rb_run 60 "$RB_BIN" baseline save nightly "$B" || fail "baseline save: $(cat "$T/err")"
[ -s "$RB_ROOT/results/baselines/nightly/samples.csv" ] || fail "baseline not stored"
rb_run 120 "$RB_BIN" compare nightly "$T/slow"
[ $? = 1 ] || fail "compare against a named baseline did not see the regression"
expect_usage_error "exists" "$RB_BIN" baseline save nightly "$B"
expect_usage_error "NAME" "$RB_BIN" baseline save ../evil "$B"

# ab: the same build twice passes; with fchmod (so create) 100 us (several times) slower it is a regression
bench=(-- --filter '^create$' --sizes 4K --iterations 200 --repetitions 2 --no-hyperfine --backend "dir:$SHM")
rb_run 300 "$RB_BIN" ab --baseline "$RB_BIN" --candidate "$RB_BIN" --rounds 2 --out "$T/ab1" --threshold 10 --metric create_ns "${bench[@]}" ||
	fail "A/A: exit $?: $(tail -n 4 "$T/out" "$T/err")"
if [ -n "${RB_SLOWDOWN:-}" ]; then
	rb_run 300 "$RB_BIN" ab --baseline "$RB_BIN" --candidate "env LD_PRELOAD=$RB_SLOWDOWN RB_SLOW_NS=100000 $RB_BIN" \
		--rounds 2 --out "$T/ab2" --threshold 10 --metric create_ns "${bench[@]}"
	[ $? = 1 ] || fail "A/B with a slower create: expected exit 1: $(tail -n 4 "$T/out" "$T/err")"
	grep -q '^regression .*create_ns' "$T/out" || fail "A/B: no regression line"
fi
expect_empty "$SHM"
echo PASS
