#!/usr/bin/env bash
# e2e_report: `report --from` renders every chart from the committed fixture run
# folders (valid non-empty SVG and PNG), report.md opens with findings linked to
# their charts, has the cost models and the tables; templates read columns by
# header name and units from metrics.csv; with a second backend the comparison
# charts are drawn from ratios.csv relative to --reference; report.html loads in
# headless Chromium at desktop and laptop widths (screenshots taken) with every
# chart rendered, none clipped, the value under the pointer shown and nothing
# fetched; a chart without data is named with its reason; without gnuplot every
# chart says so and the report is still written; bad input exits 2.
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
	# every marker carries its values for the pointer (gnuplot's hypertext, made self-contained)
	grep -q 'data-tip="' "$T/rep/charts/$c.svg" || fail "$c.svg has no value under the pointer"
	! grep -q 'gnuplot_svg\.' "$T/rep/charts/$c.svg" || fail "$c.svg still calls gnuplot's mouse script"
done
# the SVG has drawn data, not just axes: gnuplot writes one <path> per curve segment
[ "$(grep -c '<path' "$T/rep/charts/latency.svg")" -gt 10 ] || fail "latency.svg has no curves"
# templates read columns by header name only, never by number
! grep -nE '(\$[0-9]+|column\([0-9]+\))' "$RB_SRC"/plots/*.gp || fail "a template reads a CSV column by number"

# the findings open the report, each linked to a chart or table that exists
sed -n '/^## Findings/,/^## /p' "$T/rep/report.md" >"$T/findings"
[ "$(grep -c '^- ' "$T/findings")" -ge 5 ] || fail "fewer than 5 findings: $(cat "$T/findings")"
grep -q '^- Resizing 1M → 2M with the old mapping written on dir:/dev/shm: .*(\[resize chart\](#chart-resize))$' \
	"$T/findings" || fail "no resize finding linked to its chart: $(cat "$T/findings")"
grep -q 'one run each: no interval, so no claim' "$T/findings" || fail "one run a side was not said: $(cat "$T/findings")"
! grep -q 'cheaper than' "$T/findings" || fail "a difference was claimed from one run a side"
grep -q '^- All 2 stress runs passed: .*zero violations.*(\[stress verdicts\](#stress))$' "$T/findings" ||
	fail "no stress finding"
grep -q '^- A first write to a fresh mapping costs .* per 4 KiB page on dir:/dev/shm' "$T/findings" || fail "no page-fault finding"
grep -q '^- create (MANUAL) .* p50 at 4K on dir:/dev/shm; attach by path' "$T/findings" || fail "no create/attach finding"
grep -q '(\[table of every configuration\](#configurations))$' "$T/findings" || fail "no status finding"
for a in $(grep -o '](#[a-z_-]*)' "$T/findings" | tr -d '](#)' | sort -u); do
	grep -q "<a id=\"$a\"></a>" "$T/rep/report.md" || fail "report.md has no anchor $a"
	grep -q "id=\"$a\"" "$T/rep/report.html" || fail "report.html has no anchor $a"
done
grep -q '<li>Resizing 1M → 2M.*<a href="#chart-resize">resize chart</a></li>' "$T/rep/report.html" ||
	fail "report.html findings do not link their charts"

# cost models instead of O(N) fits: a table and the model in words in the legend
[ -s "$T/rep/data/models.csv" ] && [ ! -e "$T/rep/data/fits.csv" ] || fail "models.csv missing or fits.csv still there"
grep -q '^## Cost models' "$T/rep/report.md" || fail "no cost model table"
grep -q '^| resize resize_ns, double/remap/touched | dir:/dev/shm | [0-9.]* [nµ]s + [0-9.]* [nµ]s/page |' "$T/rep/report.md" ||
	fail "the remap, touched model is not in the table"
grep -qE 'remap, touched: [0-9.]+ [nµ]s \+ [0-9.]+ [nµ]s/page|remap, touched: no model fits' "$T/rep/charts/resize.svg" ||
	fail "the resize legend does not state the model"
for h in "## Stress verdicts" "## Core overhead over raw syscalls" "## p50 / p99 per scenario and size" "## Run metadata"; do
	grep -qF "$h" "$T/rep/report.md" || fail "report.md lacks '$h'"
done
grep -q '^| growth | dir:.* | doorbell/remap | 2 | 2 |.*| 0 | 0 | 0 | 0 | 0 | PASS |$' "$T/rep/report.md" ||
	fail "stress verdict row missing: $(grep growth "$T/rep/report.md" | head -2)"
grep -q '^| create | .* | 4K |' "$T/rep/report.md" || fail "no overhead row for create 4K"
[ "$(grep -c '<svg' "$T/rep/report.html")" = 8 ] || fail "report.html does not inline 8 SVG charts"
! grep -qE '(src|href)="(https?:|//)' "$T/rep/report.html" || fail "report.html refers to the network"

# units come from metrics.csv, not from a metric's name
cp -r "$F/run-bench" "$T/units"
sed -i 's/^\([0-9]*,first_touch,per_page_ns,\)ns,/\1count,/' "$T/units/metrics.csv"
rb_run 120 "$RB_BIN" report --out "$T/rep5" --from "$T/units" || fail "report with another unit exited $?"
grep -q 'time per page (count)' "$T/rep5/charts/first_touch.svg" || fail "the y axis does not take its unit from metrics.csv"
grep -q 'time per page (µs)' "$T/rep/charts/first_touch.svg" || fail "ns are not shown as µs"

# a second backend: comparison charts relative to the reference, sorted, one panel per operation
cp -r "$F/run-bench" "$T/b2"
sed -i 's#dir:/dev/shm#memfd#g' "$T/b2"/*.csv
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR > 1 && $c["scenario"] == "create" { $c["p50"] = $c["p50"] * 2 } { print }' \
	"$F/run-bench/runs.csv" | sed 's#dir:/dev/shm#memfd#g' >"$T/b2/runs.csv"
rb_run 120 "$RB_BIN" report --out "$T/rep6" --from "$F/run-bench" --from "$T/b2" --from "$F/run-stress-doorbell" \
	--reference memfd || fail "two-backend report exited $?: $(cat "$T/err")"
for c in matrix_ops matrix_resize matrix_fault; do
	grep -q 'data-tip="' "$T/rep6/charts/$c.svg" || fail "comparison chart $c missing or without values"
done
grep -q '^[0-9]*,matrix_ops,1,create (MANUAL) at 4K,create,manual,create_ns,ns,p50,dir:/dev/shm,4096,memfd,1,1,.*,0\.5,,,1$' \
	"$T/rep6/data/ratios.csv" || fail "create is not 0.5 × the reference, ranked first: $(grep create "$T/rep6/data/ratios.csv")"
grep -q '^[0-9]*,matrix_ops,1,create (MANUAL) at 4K,create,manual,create_ns,ns,p50,memfd,4096,memfd,1,1,.*,1,,,2$' \
	"$T/rep6/data/ratios.csv" || fail "the reference row is not 1.0"
expect_usage_error "--reference" "$RB_BIN" report --out "$T/rep7" --from "$F/run-bench" --reference nosuch
[ ! -e "$T/rep7" ] || fail "a bad --reference left a folder behind"

if command -v chromium >/dev/null; then
	# laptop and desktop widths: every chart rendered, none sticks out of the page, the
	# value under the pointer shows, nothing fetched; a screenshot of each
	for w in 1280 1920; do
		for rep in rep rep6; do
			rb_run 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
				--disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
				--user-data-dir="$T/chromium" --window-size=$w,900 --virtual-time-budget=5000 \
				--dump-dom "file://$T/$rep/report.html"
			check=$(grep -o '<p id="selfcheck"[^>]*>' "$T/out")
			n=$(grep -c '<svg' "$T/$rep/report.html")
			echo "$check" | grep -q "data-charts=\"$n/$n\"" || fail "Chromium $w: not every chart rendered: $check"
			echo "$check" | grep -q 'data-clipped="none"' || fail "Chromium $w: a chart is clipped: $check"
			echo "$check" | grep -q 'data-hover="ok"' || fail "Chromium $w: no value under the pointer: $check"
			echo "$check" | grep -q 'data-resources="0"' || fail "Chromium $w: external resources: $check"
			echo "$check" | grep -q 'data-errors="0"' || fail "Chromium $w: load errors: $check"
			note "chromium $w $rep: $check"
		done
		rb_run 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
			--disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$T/chromium" \
			--window-size=$w,4000 --virtual-time-budget=5000 --screenshot="$T/shot-$w.png" "file://$T/rep6/report.html"
		[ "$(head -c 8 "$T/shot-$w.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "no screenshot at $w"
		[ -z "${RB_E2E_SHOTS:-}" ] || cp "$T/shot-$w.png" "$RB_E2E_SHOTS/report-$w.png"
	done
else
	note "chromium not installed: browser check skipped"
fi

# a bench-only report: the stress charts are skipped, each with its reason
rb_run 120 "$RB_BIN" report --out "$T/rep2" --from "$F/run-bench" || fail "bench-only report exited $?"
grep -q "chart visible not drawn: no cdf_stress.csv" "$T/err" || fail "visible chart skip not explained: $(cat "$T/err")"
grep -q "chart grow_to_remap not drawn" "$T/err" || fail "grow_to_remap chart skip not explained"
grep -q "^| visible | no cdf_stress.csv" "$T/rep2/report.md" || fail "report.md does not list the skipped chart"
[ -s "$T/rep2/charts/latency.svg" ] || fail "bench charts missing from the bench-only report"

# stress guests that never waited for a growth have no grow-to-remap samples (empty cells):
# the chart is skipped with that reason, not handed to gnuplot with nothing to draw
cp -r "$F/run-stress-doorbell" "$T/nog2r"
awk -F, -v OFS=, 'NR==1{for(i=1;i<=NF;i++) if($i ~ /^grow_to_remap_/) b[i]=1; print; next} {for(i in b) $i=""; print}' \
	"$F/run-stress-doorbell/guests.csv" >"$T/nog2r/guests.csv"
rb_run 120 "$RB_BIN" report --out "$T/rep_nog2r" --from "$F/run-bench" --from "$T/nog2r" || fail "report without grow-to-remap samples exited $?"
grep -q "chart grow_to_remap not drawn: guests.csv has no rows with a value in grow_to_remap_p50_ns" "$T/err" ||
	fail "grow_to_remap without samples: $(grep grow_to_remap "$T/err")"
! grep -q "gnuplot failed" "$T/err" || fail "a chart failed in gnuplot: $(grep 'gnuplot failed' "$T/err")"

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
cp -r "$F/run-bench" "$T/nomet" && rm "$T/nomet/metrics.csv"
expect_usage_error "metrics.csv" "$RB_BIN" report --from "$T/nomet"
cp -r "$F/run-bench" "$T/trunc" && head -c 700 "$F/run-bench/summary.csv" >"$T/trunc/summary.csv"
rb_run 60 "$RB_BIN" report --out "$T/rep4" --from "$T/trunc"
[ $? = 2 ] || fail "a truncated summary.csv did not exit 2"
grep -q "summary.csv:" "$T/err" || fail "truncated CSV error does not name the file: $(cat "$T/err")"
expect_usage_error "--quick" "$RB_BIN" report --quick --full
expect_usage_error "--from" "$RB_BIN" report --from "$F/run-bench" --quick
expect_usage_error "--reference" "$RB_BIN" report --backend memfd --reference dir:/dev/shm
echo PASS
