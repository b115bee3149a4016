#!/usr/bin/env bash
# e2e_history: `regionbench history` from the front door. Real bench and stress
# run folders import (idempotently), list and show; an incomplete folder is
# skipped with its reason while the rest import; a synthetic history with a
# +10 % step planted at a known commit (history_synth) makes `steps` name that
# commit and `--fail-on-regression` exit 1, but not `--since` a later commit;
# `trend` draws its charts and page by commit, time and kernel; bad input and
# databases that are not ours exit 2 with one line and nothing written.
. "$(dirname "$0")/lib.sh"
: "${RB_HISTORY_SYNTH:?RB_HISTORY_SYNTH must point at history_synth}"
H="$RB_BIN history"
DB=$T/h.db

# --- bad input: one line, exit 2, nothing made ---
expect_usage_error "unknown subcommand" $H frobnicate
expect_usage_error "no RUN_DIR" $H import --db "$DB"
expect_usage_error "--time" $H import --db "$DB" --time yesterday "$T"
expect_usage_error "--commit" $H import --db "$DB" --commit "a b" "$T"
expect_usage_error "not a directory" $H import --db "$DB" "$T/nonexistent"
expect_usage_error "does not exist" $H import --db "$T/no/such/dir/h.db" "$T"
expect_usage_error "no history database" $H list --db "$DB"
expect_usage_error "--metric" $H steps --db "$DB" --metric "("
expect_usage_error "--alpha" $H steps --db "$DB" --alpha 1.5
expect_usage_error "--by" $H trend --db "$DB" --by weekday
[ ! -e "$DB" ] || fail "a database was made by bad input"
[ ! -e "$RB_ROOT/results" ] || fail "results/ was made by bad input"
head -c 8192 /dev/urandom >"$T/junk.db"
sqlite3 "$T/foreign.db" "CREATE TABLE photos (id INTEGER); INSERT INTO photos VALUES (1);"
for bad in junk foreign; do
	sum=$(md5sum <"$T/$bad.db")
	expect_usage_error "$bad.db" $H import --db "$T/$bad.db" "$T"
	expect_usage_error "$bad.db" $H list --db "$T/$bad.db"
	[ "$(md5sum <"$T/$bad.db")" = "$sum" ] || fail "$bad.db was changed"
	[ ! -e "$T/$bad.db-wal" ] && [ ! -e "$T/$bad.db-shm" ] || fail "$bad.db got a WAL"
done

# --- real run folders ---
mkdir "$T/runs"
rb_run 120 "$RB_BIN" bench --out "$T/runs/bench" --filter '^create$' --sizes 4K --iterations 20 --repetitions 1 \
	--no-hyperfine || fail "bench failed: $(cat "$T/err")"
rb_run 120 "$RB_BIN" stress --out "$T/runs/stress" --duration 300ms || fail "stress failed: $(cat "$T/err")"
mkdir "$T/runs/broken" && cp "$T/runs/bench/meta.csv" "$T/runs/broken/" && touch "$T/runs/broken/INCOMPLETE"
rb_run 60 $H import --db "$DB" "$T/runs"
[ $? = 1 ] || fail "import with a broken folder should exit 1: $(cat "$T/out" "$T/err")"
grep -q "skipped $T/runs/broken: incomplete" "$T/out" || fail "no reason for the broken folder: $(cat "$T/out")"
[ "$(grep -c '^history: imported' "$T/out")" = 2 ] || fail "bench and stress not both imported: $(cat "$T/out")"
rm -r "$T/runs/broken"
rb_run 60 $H import --db "$DB" "$T/runs" || fail "re-import failed: $(cat "$T/out" "$T/err")"
[ "$(grep -c 'is already in the database' "$T/out")" = 2 ] || fail "re-import was not a no-op: $(cat "$T/out")"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM runs')" = 2 ] || fail "re-import added runs"
[ "$(sqlite3 "$DB" 'PRAGMA journal_mode')" = wal ] || fail "the database is not in WAL mode"
rb_run 30 $H list --db "$DB" || fail "list failed: $(cat "$T/err")"
grep -q "bench" "$T/out" && grep -q "stress" "$T/out" && grep -q "2 of 2 run folder" "$T/out" || fail "list: $(cat "$T/out")"
rb_run 30 $H list --db "$DB" --filter stress || fail "list --filter failed"
grep -q "1 of 2 run folder" "$T/out" || fail "list --filter: $(cat "$T/out")"
rb_run 30 $H show --db "$DB" 'create/manual/4K/p1/create_ns' || fail "show failed: $(cat "$T/err")"
grep -q "^== create/manual/4K/p1/create_ns" "$T/out" || fail "show: $(cat "$T/out")"
expect_usage_error "no series" $H show --db "$DB" 'nosuchmetric'
[ "$(sqlite3 "$DB" "SELECT count(*) FROM stress_counts WHERE kind = 'torn'")" = 1 ] || fail "stress verdict counts missing"

# --- a synthetic history: +10 % at commit 25 of 40, 3 runs per commit, two kernels ---
rb_run 60 "$RB_HISTORY_SYNTH" "$T/synth" 40 3 25 10 6.1.0 7 || fail "history_synth: $(cat "$T/err")"
rb_run 60 "$RB_HISTORY_SYNTH" "$T/synth" 40 3 0 0 6.6.0 8 || fail "history_synth: $(cat "$T/err")"
rb_run 120 $H import --db "$DB" "$T/synth" || fail "synthetic import failed: $(cat "$T/out" "$T/err")"
step=$(printf 'c025%036d' 0)
rb_run 60 $H steps --db "$DB" --metric create_ns || fail "steps failed: $(cat "$T/err")"
grep -q "^regression create/manual/4K/p1/create_ns .*host synth-host · kernel 6.1.0: at ${step:0:12}" "$T/out" ||
	fail "the planted step is not reported at its commit: $(cat "$T/out")"
grep -q "kernel 6.6.0" "$T/out" && fail "a step in the flat kernel 6.6.0 series: $(cat "$T/out")"
rb_run 60 $H steps --db "$DB" --metric create_ns --fail-on-regression
[ $? = 1 ] || fail "--fail-on-regression did not exit 1 on the planted regression"
rb_run 60 $H steps --db "$DB" --metric create_ns --fail-on-regression --since "$(printf 'c030%036d' 0)" ||
	fail "--since after the step still failed: $(cat "$T/out")"
grep -q "^0 step(s)" "$T/out" || fail "--since: $(cat "$T/out")"
rb_run 60 $H steps --db "$DB" --metric create_ns --fail-on-regression --since c020
[ $? = 1 ] || fail "--since before the step (a commit prefix) did not fail"
expect_usage_error "--since" $H steps --db "$DB" --since deadbeef

# --- trend charts and page ---
for by in commit time kernel; do
	rb_run 120 $H trend --db "$DB" --metric '^create/manual/4K' --by $by --out "$T/trend-$by" ||
		fail "trend --by $by failed: $(cat "$T/out" "$T/err")"
	[ -s "$T/trend-$by/trend.md" ] && grep -q "<svg" "$T/trend-$by/trend.html" || fail "trend --by $by: no page"
	head -c 8 "$T/trend-$by/charts/panel-1.png" | grep -q PNG || fail "trend --by $by: no PNG"
done
# by commit: one panel per series (host x kernel: the real run and two synthetic kernels); the step marked
[ "$(ls "$T/trend-commit/charts/"*.svg | wc -l)" = 3 ] || fail "trend by commit: $(ls "$T/trend-commit/charts")"
grep -q "+10\|+9\|+11" "$T/trend-commit/data/"panel-*-steps.csv || fail "no step marked in the chart data"
grep -q "| regression | create/manual/4K/p1/create_ns" "$T/trend-commit/trend.md" || fail "no step in trend.md"
# by kernel: the two synthetic kernels share one panel
[ "$(ls "$T/trend-kernel/charts/"*.svg | wc -l)" = 2 ] || fail "trend by kernel: $(ls "$T/trend-kernel/charts")"
grep -q "6.6.0" "$T/trend-kernel/data/"panel-*-median.csv || fail "trend by kernel: no kernel axis"
expect_usage_error "not empty" $H trend --db "$DB" --out "$T/trend-commit"

# --- --history DB on the commands that make run folders, and as the gate's prior ---
expect_usage_error "--history" "$RB_BIN" bench --history "$T/junk.db" --sizes 4K
expect_usage_error "--history" "$RB_BIN" stress --history "$T/no/such/dir/h.db"
expect_usage_error "--history" "$RB_BIN" report --from "$T/runs/bench" --history "$DB"
expect_usage_error "--history" "$RB_BIN" matrix --fs memfd --history "$T/foreign.db"
expect_usage_error "no history database" "$RB_BIN" compare "$T/runs/bench" "$T/runs/bench" --history "$T/none.db"
H2=$T/h2.db
mkdir "$T/runs2"
rb_run 120 "$RB_BIN" bench --out "$T/runs2/b" --filter '^create$' --sizes 4K --iterations 20 --repetitions 1 \
	--no-hyperfine --history "$H2" || fail "bench --history failed: $(cat "$T/err")"
grep -q "history: imported" "$T/err" || fail "bench --history did not import: $(cat "$T/err")"
rb_run 120 "$RB_BIN" stress --out "$T/runs2/s" --duration 300ms --history "$H2" || fail "stress --history failed: $(cat "$T/err")"
[ "$(sqlite3 "$H2" 'SELECT group_concat(kind) FROM (SELECT kind FROM runs ORDER BY kind)')" = "bench,stress" ] ||
	fail "bench and stress --history did not both land"
# a recorded spread for this machine's create series: compare with one run a side takes it from the history
rb_run 60 "$RB_HISTORY_SYNTH" "$T/here" 20 3 0 0 "$(uname -r)" 9 "$(uname -n)" || fail "history_synth: $(cat "$T/err")"
rb_run 120 $H import --db "$H2" "$T/here" || fail "import: $(cat "$T/out" "$T/err")"
rb_run 120 "$RB_BIN" compare "$T/runs2/b" "$T/runs/bench" --history "$H2" --csv "$T/cmp.csv"
[ $? -le 3 ] || fail "compare --history failed: $(cat "$T/out" "$T/err")"
grep -q "history $H2: a recorded spread for [1-9]" "$T/out" || fail "compare took no spread from the history: $(cat "$T/out")"
[ "$(awk -F, 'NR==1{for(i=1;i<=NF;i++){if($i=="spread_source")s=i; if($i=="variant")v=i; if($i=="metric")m=i}; next}
	$v=="manual" && $m=="create_ns" {print $s}' "$T/cmp.csv")" = "prior:history" ] ||
	fail "create_ns was not gated on the history's spread: $(cat "$T/cmp.csv")"
# ab: the gate's priors from the history, then its rounds go into it
rb_run 300 "$RB_BIN" ab --baseline "$RB_BIN" --candidate "$RB_BIN" --rounds 2 --out "$T/ab" --history "$H2" -- \
	--filter '^create$' --sizes 4K --iterations 20 --repetitions 1 --no-hyperfine
[ $? -le 3 ] || fail "ab --history failed: $(cat "$T/out" "$T/err")"
grep -q "history $H2: a recorded spread" "$T/out" || fail "ab took no spread from the history: $(cat "$T/out")"
[ "$(grep -c 'history: imported' "$T/err")" = 4 ] || fail "ab did not import its 4 run folders: $(cat "$T/err")"
exit 0
