#!/usr/bin/env bash
# e2e_ab: real processes, effects far beyond any timing noise (an LD_PRELOAD
# fixture adds milliseconds to calls that take microseconds; thresholds of
# 200-900 %), so no timing decides pass or fail:
# - the timer-coverage check: with close and munmap 5 ms slower, compare calls
#   close_ns a regression, and create_ns's candidate median stays below half
#   that delay (a create timer covering the close would be above the delay
#   itself; a verdict on create_ns could flake with the busy wait's side
#   effects, a 2.5 ms median of a ~20 us call cannot);
# - `ab` pairs rounds of two builds: create slowed 5 ms is a regression after 3
#   rounds, and --until-decided stops there (no more rounds than needed); the
#   same build twice is never a regression; every option is checked before the
#   first round (nothing is run or created on bad input); --allow-different is
#   forwarded; a command line side is split into words (no shell).
. "$(dirname "$0")/lib.sh"
[ -n "${RB_SLOWDOWN:-}" ] || skip "RB_SLOWDOWN (the slowdown fixture) is not set"
cell() { # FILE SCENARIO METRIC COLUMN: that column of compare's CSV, p50 rows
	awk -F, -v s="$2" -v m="$3" -v col="$4" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["scenario"] == s && $c["metric"] == m && $c["stat"] == "p50" { print $c[col] }' "$1"
}
# --interference-bound 1000: a loaded test machine is not what is tested here (the gate leaves
# runs with status interference out)
bench=(--filter '^(create|close)$' --sizes 4K --iterations 30 --repetitions 1 --no-hyperfine --interference-bound 1000 --backend "dir:$SHM")

# timer coverage: close and munmap 5 ms slower each. close_ns grows a
# thousandfold: a regression even with one run a side. create_ns itself moves
# 2-10x here (the busy wait right before it costs it its caches and often its
# time slice), so no verdict on it is asserted, only what cannot flake: its
# median stays far below the delay a timer covering the close would add.
delay=5000000
rb_run 300 "$RB_BIN" bench --out "$T/plain" "${bench[@]}" || fail "bench: $(tail -n 3 "$T/err")"
rb_run 300 env LD_PRELOAD="$RB_SLOWDOWN" RB_SLOW_CALLS=close,munmap RB_SLOW_NS=$delay "$RB_BIN" bench --out "$T/slowclose" "${bench[@]}" ||
	fail "bench with slow close: $(tail -n 3 "$T/err")"
rb_run 60 "$RB_BIN" compare "$T/plain" "$T/slowclose" --threshold 900 --csv "$T/tc.csv"
[ $? = 1 ] || fail "slow close: expected exit 1: $(tail -n 4 "$T/out")"
[ "$(cell "$T/tc.csv" close close_ns verdict | sort -u)" = regression ] || fail "close_ns: $(cell "$T/tc.csv" close close_ns verdict)"
med=$(cell "$T/tc.csv" create create_ns median_candidate)
[ -n "$med" ] || fail "no create_ns row"
for m in $med; do
	awk -v m="$m" -v d=$delay 'BEGIN { exit !(m < d / 2) }' ||
		fail "create_ns's median is $m ns with close and munmap $delay ns slower: does its timer cover them?"
done

# ab: options are checked before anything runs
expect_usage_error "--csv" "$RB_BIN" ab --baseline "$RB_BIN" --candidate "$RB_BIN" --out "$T/never" --csv /nonexistent/x.csv
expect_usage_error "--threshold" "$RB_BIN" ab --baseline "$RB_BIN" --candidate "$RB_BIN" --out "$T/never" --threshold 0
expect_usage_error "--metric" "$RB_BIN" ab --baseline "$RB_BIN" --candidate "$RB_BIN" --out "$T/never" --metric '('
expect_usage_error "--until-decided" "$RB_BIN" ab --baseline "$RB_BIN" --candidate "$RB_BIN" --max-rounds 4
expect_usage_error "--candidate" "$RB_BIN" ab --baseline "$RB_BIN" --candidate /nonexistent/regionbench
[ ! -e "$T/never" ] || fail "ab made its output folder before checking its options"

gate=(--threshold 200 --metric '^create_ns$' --filter '^create$' --allow-different)
# create 5 ms slower (fchmod): a regression after the first look (3 rounds), so --until-decided stops there
rb_run 300 "$RB_BIN" ab --baseline "$RB_BIN" --candidate "env LD_PRELOAD=$RB_SLOWDOWN RB_SLOW_NS=5000000 $RB_BIN" \
	--rounds 3 --until-decided --max-rounds 6 --out "$T/ab1" --csv "$T/ab1.csv" "${gate[@]}" -- "${bench[@]}"
[ $? = 1 ] || fail "A/B with create 5 ms slower: expected exit 1: $(tail -n 4 "$T/out" "$T/err")"
[ "$(cell "$T/ab1.csv" create create_ns verdict | sort -u)" = regression ] || fail "A/B: no regression rows"
[ "$(cell "$T/ab1.csv" create create_ns rounds | sort -u)" = 3 ] || fail "A/B: not paired over 3 rounds"
[ "$(ls -d "$T"/ab1/b/round-* | grep -vc log)" = 3 ] || fail "--until-decided ran more rounds than needed: $(ls "$T/ab1/b")"

# the same build twice: never a regression (unchanged, or at worst inconclusive)
rb_run 300 "$RB_BIN" ab --baseline "$RB_BIN" --candidate "$RB_BIN" --rounds 3 --out "$T/ab0" --csv "$T/ab0.csv" "${gate[@]}" -- "${bench[@]}"
rc=$?
[ $rc = 0 ] || [ $rc = 3 ] || fail "A/A: exit $rc: $(tail -n 4 "$T/out" "$T/err")"
! cell "$T/ab0.csv" create create_ns verdict | grep -q regression || fail "A/A: a regression"
expect_empty "$SHM"
echo PASS
