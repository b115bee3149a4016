#!/usr/bin/env bash
# e2e_compare: the gate on synthetic run folders driven through the real
# `compare` (no timing decides anything): runs are the unit; verdicts,
# p_holm (>= p, and really Holm over every compared row) and reasons read from
# the CSV; a slower metric is a regression, a faster one an improvement, the
# direction comes from metrics.csv; metrics missing in the candidate are listed
# in every output and fail the gate (exit 1, whatever --inconclusive says),
# missing in the baseline make it inconclusive (exit 3); one run a
# side uses the prior spread (3x is a regression, 3 % never); zero values give
# a reason and no nan/inf anywhere; the median of an even, lopsided set of runs;
# stress verdicts always gate; other kernels need --allow-different; bad input
# exits 2 with one line; baselines are saved and found by name.
. "$(dirname "$0")/lib.sh"
F=$RB_SRC/tests/fixtures
B=$F/run-bench
PY=/usr/bin/python3

# runs SRC DST K [METRIC FACTOR]: copy a run folder, giving each configuration K
# runs (rep 0..K-1) whose p50/p99/mean are the fixture's times a fixed pattern
# within +-2 %, and METRIC's runs FACTOR times that (where the fixture's runs are
# too small for a p99, 1.5 times the p50 stands in for it).
runs() {
	local src=$1 dst=$2 k=$3 metric=${4:-} factor=${5:-1}
	cp -r "$src" "$dst"
	awk -F, -v OFS=, -v k="$k" -v m="$metric" -v f="$factor" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
		{ for (j = 0; j < k; j++) {
			s = (k > 1 ? 0.04 * (j / (k - 1) - 0.5) : 0) + 1
			if ($c["metric"] == m) s *= f
			r = $0; split(r, a, ",")
			a[c["rep"]] = j; a[c["p50"]] = a[c["p50"]] * s; a[c["mean"]] = a[c["mean"]] * s
			if (a[c["p99"]] == "") a[c["p99"]] = a[c["p50"]] * 1.5 # 20 samples a run allow no p99: make one
			else a[c["p99"]] = a[c["p99"]] * s
			line = a[1]; for (i = 2; i <= NF; i++) line = line "," a[i]; print line } }' "$src/runs.csv" >"$dst/runs.csv"
}
# cell FILE METRIC STAT COLUMN [SCENARIO]: the values of COLUMN in compare's CSV for those rows
cell() {
	awk -F, -v m="$2" -v st="$3" -v col="$4" -v sc="${5:-}" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["metric"] == m && $c["stat"] == st && (sc == "" || $c["scenario"] == sc) { print $c[col] }' "$1"
}
no_nan_inf() { ! grep -Eiq '(^|[^a-z])(nan|inf|infinity)([^a-z]|$)' "$@"; }

runs "$B" "$T/a" 5
runs "$B" "$T/a2" 5
rb_run 120 "$RB_BIN" compare "$T/a" "$T/a2" --csv "$T/aa.csv" || fail "A/A with 5 runs a side: exit $?: $(tail -n 3 "$T/out")"
[ "$(csv_col "$T/aa.csv" verdict | sort -u)" = unchanged ] || fail "A/A: verdicts $(csv_col "$T/aa.csv" verdict | sort | uniq -c)"
[ "$(cell "$T/aa.csv" oneway_ns p99 verdict)" = unchanged ] || fail "the tail metric has no p99 row"

# a 30 % slower create_ns: a regression, in every format; nothing else is
runs "$B" "$T/slow" 5 create_ns 1.3
rb_run 120 "$RB_BIN" compare "$T/a" "$T/slow" --markdown "$T/c.md" --junit "$T/c.xml" --csv "$T/c.csv"
[ $? = 1 ] || fail "30% slower create: expected exit 1: $(tail -n 3 "$T/out")"
[ "$(cell "$T/c.csv" create_ns p50 verdict create | sort -u)" = regression ] || fail "create_ns rows: $(cell "$T/c.csv" create_ns p50 verdict create)"
[ "$(cell "$T/c.csv" attach_ns p50 verdict attach | sort -u)" = unchanged ] || fail "an untouched metric was not unchanged"
[ "$(awk -F, 'NR > 1 && $NF != "" ' "$T/c.csv" | wc -l)" = 0 ] || fail "a decided row has a reason"
grep -q '^| regression | - | create |' "$T/c.md" || fail "markdown lacks the regression"
grep -q '<failure message="regression: ratio 1.3' "$T/c.xml" || fail "JUnit lacks the failure"
grep -q '^regression .*create_ns' "$T/out" || fail "text lacks the regression"
# p_holm >= p on every row, and p_holm is Holm's adjustment of p over all tested rows
"$PY" - "$T/c.csv" <<'PYEOF' || fail "p_holm is not Holm over every compared row"
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["p"] != ""]
p = [float(r["p"]) for r in rows]
got = [float(r["p_holm"]) for r in rows]
order = sorted(range(len(p)), key=lambda i: p[i])
want, run = [0.0] * len(p), 0.0
for j, i in enumerate(order):
    run = max(run, min(1.0, (len(p) - j) * p[i]))
    want[i] = run
assert len(rows) > 50, len(rows)
assert all(g >= q * (1 - 1e-5) for g, q in zip(got, p)), "p_holm < p"
bad = [(q, g, w) for q, g, w in zip(p, got, want) if abs(g - w) > 1e-5 * max(w, 1e-300) + 1e-12]
assert not bad, bad[:3]
assert any(g > q * 1.5 for g, q in zip(got, p) if q > 0), "Holm never raised a p-value"
PYEOF

runs "$B" "$T/fast" 5 create_ns 0.7
rb_run 120 "$RB_BIN" compare "$T/a" "$T/fast" --csv "$T/f.csv" || fail "30% faster: expected exit 0, got $?"
[ "$(cell "$T/f.csv" create_ns p50 verdict create | sort -u)" = improvement ] || fail "no improvement"

# the direction comes from metrics.csv, not from the name: create_ns declared "higher is better"
for d in a slow; do
	cp -r "$T/$d" "$T/${d}_hi"
	sed -i 's/^\([0-9]*\),create,create_ns,ns,lower,/\1,create,create_ns,ns,higher,/' "$T/${d}_hi/metrics.csv"
done
rb_run 120 "$RB_BIN" compare "$T/a_hi" "$T/slow_hi" --csv "$T/hi.csv" --filter "^create$" || fail "higher-is-better: exit $?"
[ "$(cell "$T/hi.csv" create_ns p50 verdict create | sort -u)" = improvement ] || fail "direction not taken from metrics.csv"

# a scenario the candidate lost: listed in every output, verdict fail (exit 1),
# also with --inconclusive pass; missing in the baseline: inconclusive (exit 3)
cp -r "$T/a" "$T/noclose"
awk -F, 'NR == 1 || $3 != "close"' "$T/a/runs.csv" >"$T/noclose/runs.csv"
awk -F, 'NR == 1 || $3 != "close"' "$T/a/summary.csv" >"$T/noclose/summary.csv"
rb_run 120 "$RB_BIN" compare "$T/a" "$T/noclose" --markdown "$T/m.md" --junit "$T/m.xml" --csv "$T/m.csv"
[ $? = 1 ] || fail "a candidate missing a scenario: expected exit 1: $(tail -n 3 "$T/out")"
[ "$(cell "$T/m.csv" close_ns p50 verdict close | sort -u) $(cell "$T/m.csv" close_ns p50 reason close | sort -u)" = "fail missing_in_candidate" ] ||
	fail "CSV lacks the missing rows"
grep -q "^FAIL: missing in the candidate (6):" "$T/out" && grep -q "^  close dir:" "$T/out" || fail "text lacks the missing list"
grep -q "FAIL: missing in the candidate (6)" "$T/m.md" && grep -q "^- close " "$T/m.md" && grep -q "^### regionbench compare: FAIL" "$T/m.md" ||
	fail "markdown lacks the missing list"
grep -q 'failure message="fail missing_in_candidate' "$T/m.xml" || fail "JUnit lacks the missing rows"
no_nan_inf "$T/out" "$T/m.md" "$T/m.xml" "$T/m.csv" || fail "nan/inf in an output"
rb_run 120 "$RB_BIN" compare "$T/a" "$T/noclose" --inconclusive pass
[ $? = 1 ] || fail "--inconclusive pass made a lost scenario pass"
rb_run 120 "$RB_BIN" compare "$T/noclose" "$T/a" --csv "$T/mb.csv"
[ $? = 3 ] && [ "$(cell "$T/mb.csv" close_ns p50 reason close | sort -u)" = missing_in_baseline ] || fail "missing in baseline"
rb_run 120 "$RB_BIN" compare "$T/noclose" "$T/a" --inconclusive pass || fail "missing in the baseline, --inconclusive pass: exit $?"

# one run a side (the fixture as it is): the prior spread; 3x is a regression, 3 % never
runs "$B" "$T/one" 1
runs "$B" "$T/one3x" 1 create_ns 3
runs "$B" "$T/one3p" 1 create_ns 1.03
rb_run 60 "$RB_BIN" compare "$T/one" "$T/one3x" --csv "$T/o.csv"
[ $? = 1 ] && [ "$(cell "$T/o.csv" create_ns p50 verdict create | sort -u)" = regression ] || fail "3x with one run a side"
[ "$(cell "$T/o.csv" create_ns p50 spread_source create | sort -u)" = prior:default ] || fail "the prior is not named"
rb_run 60 "$RB_BIN" compare "$T/one" "$T/one3p" --csv "$T/o3.csv"
[ $? = 3 ] || fail "3 % with one run a side: expected exit 3 (inconclusive)"
[ "$(cell "$T/o3.csv" create_ns p50 reason create | sort -u)" = too_few_runs ] || fail "3 %: $(cell "$T/o3.csv" create_ns p50 reason create)"

# zero values: a reason, no nan or inf in any output
cp -r "$T/a" "$T/zero"
awk -F, -v OFS=, 'NR > 1 && $9 == "create_ns" { $13 = 0; $14 = 0; $15 = 0 } { print }' "$T/a/runs.csv" >"$T/zero/runs.csv"
rb_run 60 "$RB_BIN" compare "$T/zero" "$T/a" --markdown "$T/z.md" --junit "$T/z.xml" --csv "$T/z.csv"
[ $? = 3 ] || fail "zero baseline: expected exit 3: $(tail -n 2 "$T/out")"
[ "$(cell "$T/z.csv" create_ns p50 reason create | sort -u)" = non_positive ] || fail "zero baseline: no reason"
no_nan_inf "$T/out" "$T/z.md" "$T/z.xml" "$T/z.csv" || fail "nan/inf in an output: $(grep -Ei 'nan|inf' "$T/out" | head -2)"

# the median of an even, lopsided set of runs: 100, 101, 102, 1000 -> 101.5
cp -r "$T/a" "$T/lop"
awk -F, -v OFS=, 'NR > 1 && $3 == "create" && $6 == 4096 && $7 == "manual" { v[0] = 100; v[1] = 101; v[2] = 102; v[3] = 1000; v[4] = 1000; if ($11 < 4) { $13 = v[$11]; print } ; next } { print }' \
	"$T/a/runs.csv" >"$T/lop/runs.csv"
rb_run 60 "$RB_BIN" compare "$T/lop" "$T/lop" --csv "$T/l.csv" --metric '^create_ns$' --filter '^create$'
med=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["size_bytes"] == 4096 && $c["variant"] == "manual" && $c["stat"] == "p50" { print $c["runs_baseline"], $c["median_baseline"] }' "$T/l.csv")
[ "$med" = "4 101.5" ] || fail "median of the runs 100, 101, 102, 1000: got '$med', expected '4 101.5'"

# runs without a p99 (too few samples for it: an empty cell) are no evidence of it
for d in a a2; do
	cp -r "$T/$d" "$T/${d}_nop99"
	awk -F, -v OFS=, 'NR > 1 { $14 = "" } { print }' "$T/$d/runs.csv" >"$T/${d}_nop99/runs.csv"
done
rb_run 60 "$RB_BIN" compare "$T/a_nop99" "$T/a2_nop99" --csv "$T/np.csv" || fail "no p99 anywhere: exit $?"
[ -z "$(cell "$T/np.csv" oneway_ns p99 verdict)" ] && [ "$(cell "$T/np.csv" oneway_ns p50 verdict)" = unchanged ] ||
	fail "without p99s: a p99 row, or no p50 row"
rb_run 60 "$RB_BIN" compare "$T/a" "$T/a2_nop99" --csv "$T/np1.csv"
[ $? = 3 ] && [ "$(cell "$T/np1.csv" oneway_ns p99 reason)" = too_few_samples ] || fail "p99 on one side only"

# a bad number in runs.csv: one line, exit 2
cp -r "$T/a" "$T/badnum"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 2 { $c["p50"] = "nan" } { print }' "$T/a/runs.csv" >"$T/badnum/runs.csv"
expect_usage_error "not a finite number" "$RB_BIN" compare "$T/a" "$T/badnum"

# stress verdicts are always gated, whatever --metric says
cp -r "$F/run-stress-poll" "$T/sfail"
sed -i '2s/,pass$/,fail/' "$T/sfail/stress.csv"
rb_run 60 "$RB_BIN" compare "$F/run-stress-poll" "$T/sfail" --filter growth
[ $? = 1 ] || fail "a failed stress verdict did not fail the gate"
grep -q "stress verification failed" "$T/out" || fail "stress failure not explained"
# a violation counted in stress.csv fails the gate even where the verdict says pass
cp -r "$F/run-stress-poll" "$T/skinds"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 2 { $c["torn"] = 1 } { print }' \
	"$F/run-stress-poll/stress.csv" >"$T/skinds/stress.csv"
[ "$(csv_col "$T/skinds/stress.csv" verdict)" = pass ] && [ "$(csv_col "$T/skinds/stress.csv" torn)" = 1 ] ||
	fail "could not make a stress.csv with verdict pass and torn 1"
rb_run 60 "$RB_BIN" compare "$F/run-stress-poll" "$T/skinds" --filter growth
[ $? = 1 ] || fail "a stress.csv counting a torn record (verdict pass) did not fail the gate"
grep -q "stress verification failed.*torn 1" "$T/out" || fail "the torn record is not named: $(cat "$T/out")"

# another kernel: an error unless --allow-different
cp -r "$T/a" "$T/other"
sed -i 's/^kernel_release,.*/kernel_release,9.9.9-other/' "$T/other/meta.csv"
expect_usage_error "kernel_release" "$RB_BIN" compare "$T/a" "$T/other"
rb_run 60 "$RB_BIN" compare "$T/a" "$T/other" --allow-different || fail "--allow-different: exit $?"
grep -q "note: comparing runs that differ in kernel_release" "$T/out" || fail "difference not printed"

# bad input
expect_usage_error "/nonexistent" "$RB_BIN" compare /nonexistent "$B"
expect_usage_error "CANDIDATE" "$RB_BIN" compare "$B"
cp -r "$B" "$T/trunc" && head -c 3000 "$B/runs.csv" >"$T/trunc/runs.csv"
expect_usage_error "runs.csv" "$RB_BIN" compare "$B" "$T/trunc"
cp -r "$B" "$T/nometrics" && rm "$T/nometrics/metrics.csv"
expect_usage_error "metrics.csv" "$RB_BIN" compare "$B" "$T/nometrics"
expect_usage_error "no gated metric" "$RB_BIN" compare "$B" "$B" --metric nomatch
expect_usage_error "--threshold" "$RB_BIN" compare "$B" "$B" --threshold 0
expect_usage_error "--alpha" "$RB_BIN" compare "$B" "$B" --alpha 0.5
expect_usage_error "--prior-cv" "$RB_BIN" compare "$B" "$B" --prior-cv 0
expect_usage_error "--inconclusive" "$RB_BIN" compare "$B" "$B" --inconclusive maybe
expect_usage_error "--markdown" "$RB_BIN" compare "$B" "$B" --markdown /nonexistent/x.md

# named baselines
rb_run 60 "$RB_BIN" baseline save nightly "$T/a" || fail "baseline save: $(cat "$T/err")"
[ -s "$RB_ROOT/results/baselines/nightly/runs.csv" ] || fail "baseline not stored"
rb_run 120 "$RB_BIN" compare nightly "$T/slow"
[ $? = 1 ] || fail "compare against a named baseline did not see the regression"
expect_usage_error "exists" "$RB_BIN" baseline save nightly "$B"
expect_usage_error "NAME" "$RB_BIN" baseline save ../evil "$B"
echo PASS
