#!/usr/bin/env bash
# e2e_report: `report --from` renders every chart from the committed fixture run
# folders (valid non-empty SVG and PNG), report.md links every chart and has the
# tables, report.html loads in headless Chromium with every chart rendered and no
# resource failing; a chart without data is named with its reason; without gnuplot
# every chart says so and the report is still written.
. "$(dirname "$0")/lib.sh"
F=$RB_SRC/tests/fixtures
export RB_PLOTS=$RB_SRC/plots
rb_run 120 "$RB_BIN" report --out "$T/rep" --from "$F/run-bench" --from "$F/run-stress-doorbell" --from "$F/run-stress-poll" ||
	fail "report exited $?: $(cat "$T/err")"
grep -q "report.html" "$T/out" || fail "report did not say where it is"
[ ! -e "$T/rep/INCOMPLETE" ] || fail "report folder still marked incomplete"
charts="latency resize retouch first_touch overhead concurrent visible grow_to_remap"
for c in $charts; do
	head -c 600 "$T/rep/charts/$c.svg" | grep -q '<svg' || fail "$c.svg is not an SVG"
	[ "$(head -c 8 "$T/rep/charts/$c.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$c.png is not a PNG"
	[ "$(stat -c %s "$T/rep/charts/$c.png")" -gt 5000 ] || fail "$c.png is suspiciously small"
	grep -q "](charts/$c.png)" "$T/rep/report.md" || fail "report.md does not link $c.png"
done
# the SVG has drawn data, not just axes: gnuplot writes one <path> per curve segment
[ "$(grep -c '<path' "$T/rep/charts/latency.svg")" -gt 10 ] || fail "latency.svg has no curves"
for h in "## Stress verdicts" "## Core overhead over raw syscalls" "## p50 / p99 per scenario and size" "## Run metadata"; do
	grep -qF "$h" "$T/rep/report.md" || fail "report.md lacks '$h'"
done
grep -q '^| growth | dir:.* | doorbell/remap | 2 | 2 |.*| 0 | 0 | 0 | 0 | 0 | PASS |$' "$T/rep/report.md" ||
	fail "stress verdict row missing: $(grep growth "$T/rep/report.md" | head -2)"
grep -q '^| create | .* | 4K |' "$T/rep/report.md" || fail "no overhead row for create 4K"
[ "$(grep -c '<svg' "$T/rep/report.html")" = 8 ] || fail "report.html does not inline 8 SVG charts"
! grep -qE '(src|href)="(https?:|//)' "$T/rep/report.html" || fail "report.html refers to the network"
if command -v chromium >/dev/null; then
	rb_run 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$T/chromium" --virtual-time-budget=5000 --dump-dom "file://$T/rep/report.html"
	check=$(grep -o '<p id="selfcheck"[^>]*>' "$T/out")
	echo "$check" | grep -q 'data-charts="8/8"' || fail "Chromium: not every chart rendered: $check"
	echo "$check" | grep -q 'data-resources="0"' || fail "Chromium: external resources: $check"
	echo "$check" | grep -q 'data-errors="0"' || fail "Chromium: load errors: $check"
	note "chromium: $check"
else
	note "chromium not installed: browser check skipped"
fi

# a bench-only report: the stress charts are skipped, each with its reason
rb_run 120 "$RB_BIN" report --out "$T/rep2" --from "$F/run-bench" || fail "bench-only report exited $?"
grep -q "chart visible not drawn: no cdf_stress.csv" "$T/err" || fail "visible chart skip not explained: $(cat "$T/err")"
grep -q "chart grow_to_remap not drawn" "$T/err" || fail "grow_to_remap chart skip not explained"
grep -q "^| visible | no cdf_stress.csv" "$T/rep2/report.md" || fail "report.md does not list the skipped chart"
[ -s "$T/rep2/charts/latency.svg" ] || fail "bench charts missing from the bench-only report"

# no gnuplot on PATH: every chart says why; the report is still written
mkdir "$T/bin"
for t in sh bash; do ln -s "$(command -v $t)" "$T/bin/$t"; done
PATH=$T/bin rb_run 120 "$RB_BIN" report --out "$T/rep3" --from "$F/run-bench" || fail "report without gnuplot exited $?"
[ "$(grep -c 'gnuplot is not installed' "$T/err")" -ge 6 ] || fail "missing gnuplot not reported per chart: $(cat "$T/err")"
[ -s "$T/rep3/report.md" ] && [ -s "$T/rep3/report.html" ] || fail "no report without gnuplot"

# bad input: one line, exit 2, nothing created
expect_usage_error "/nonexistent" "$RB_BIN" report --from /nonexistent
mkdir -p "$T/inc" && cp -r "$F/run-bench/." "$T/inc/" && touch "$T/inc/INCOMPLETE"
expect_usage_error "incomplete" "$RB_BIN" report --from "$T/inc"
cp -r "$F/run-bench" "$T/trunc" && head -c 700 "$F/run-bench/summary.csv" >"$T/trunc/summary.csv"
rb_run 60 "$RB_BIN" report --out "$T/rep4" --from "$T/trunc"
[ $? = 2 ] || fail "a truncated summary.csv did not exit 2"
grep -q "summary.csv:" "$T/err" || fail "truncated CSV error does not name the file: $(cat "$T/err")"
expect_usage_error "--quick" "$RB_BIN" report --quick --full
expect_usage_error "--from" "$RB_BIN" report --from "$F/run-bench" --quick
echo PASS
