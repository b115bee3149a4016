#!/usr/bin/env bash
# e2e_gate_attacks: the gate attacked with synthetic run folders driven through
# the real `compare` and `ab` (no timing decides anything; `ab` runs fake
# sides: executables that write a synthetic run folder for `bench --out DIR`):
# - a run counted twice (the same run_id, configuration and rep on two rows)
#   is bad input, not two runs (it would halve the spread and make noise a
#   regression); a merged folder's runs (other run_ids, same rep) still count;
# - identical runs (no spread measured: quantised values) are not evidence of
#   no spread: a change of exactly the threshold, or one clock tick, is never a
#   regression, a 3x change still is;
# - a p99 (tail) row with one run a side uses a wider prior than the p50: a
#   1.5x p99 wobble is not a regression, a 3x p99 slowdown is;
# - the power columns are filled for rows decided on the prior (one run a side),
#   which can call nothing unchanged below --threshold 13 (the README says so);
# - an improvement row shows the p-value of the improvement test; huge and
#   tiny ratios are printed whole in text, markdown and JUnit;
# - a candidate without the stress verdicts its baseline has fails the gate;
# - an output path that is a folder is refused before the first round;
# - JUnit stays well-formed XML whatever bytes a scenario name holds;
# - `ab` pairs rounds and spends alpha over the looks of --until-decided (a
#   regression significant at alpha but not at the first look's share is not
#   called at the first look); a side the gate cannot read stops ab after the
#   first round; each side's bench runs with RB_ROOT at that side's source
#   tree (its meta.csv names its own commit).
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
F=$RB_SRC/tests/fixtures/run-bench

# mk DIR ROWS...: a run folder (the fixture's meta.csv) with one metric per
# "scenario:metric:direction:tail" named in ROWS, and runs.csv rows
# "scenario:metric:rep:p50:p99[:run_id]".
mk() {
	local d=$1
	shift
	mkdir -p "$d"
	cp "$F/meta.csv" "$d/meta.csv"
	"$PY" - "$d" "$@" <<'PYEOF'
import sys
d, rows = sys.argv[1], sys.argv[2:]
desc = {tuple(r.split(":")[:2]): r.split(":")[2:] for r in rows if r.count(":") == 3}
with open(d + "/metrics.csv", "w") as f:
    f.write("schema_version,scenario,metric,unit,direction,axis,tail,description\n")
    for (s, m), (dr, tail) in desc.items():
        f.write("2,%s,%s,ns,%s,none,%s,x\n" % (s, m, dr, tail))
with open(d + "/runs.csv", "w") as f:
    f.write("schema_version,run_id,scenario,backend,fs_type,size_bytes,variant,procs,metric,unit,rep,n,p50,p99,mean,status\n")
    for r in rows:
        c = r.split(":")
        if len(c) < 5:
            continue
        rid = c[5] if len(c) > 5 else "r1"
        f.write("2,%s,%s,dir:/dev/shm,tmpfs,4096,auto,1,%s,ns,%s,20,%s,%s,%s,ok\n" % (rid, c[0], c[1], c[2], c[3], c[4], c[3]))
PYEOF
}
cell() { # FILE METRIC STAT COLUMN
	awk -F, -v m="$2" -v st="$3" -v col="$4" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["metric"] == m && $c["stat"] == st { print $c[col] }' "$1"
}

# a run counted twice: bad input
mk "$T/b" s:m:lower:0 s:m:0:100:200 s:m:1:108:200
mk "$T/dup" s:m:lower:0 s:m:0:112:200 s:m:1:120:200 s:m:0:112:200 s:m:1:120:200 s:m:0:112:200 s:m:1:120:200
expect_usage_error "twice" "$RB_BIN" compare "$T/b" "$T/dup"
# a merged folder: the same reps from other runs are other runs
mk "$T/merged" s:m:lower:0 s:m:0:112:200:r1 s:m:1:120:200:r1 s:m:0:113:200:r2 s:m:1:119:200:r2
rb_run 60 "$RB_BIN" compare "$T/b" "$T/merged" --csv "$T/mg.csv"
[ "$(cell "$T/mg.csv" m p50 runs_candidate)" = 4 ] || fail "a merged folder's runs: $(cat "$T/err")"

# identical runs: no spread measured is not no spread
mk "$T/q20" s:m:lower:0 s:m:0:20:20 s:m:1:20:20 s:m:2:20:20
mk "$T/q21" s:m:lower:0 s:m:0:21:21 s:m:1:21:21 s:m:2:21:21
mk "$T/q100" s:m:lower:0 s:m:0:100:100 s:m:1:100:100 s:m:2:100:100
mk "$T/q110" s:m:lower:0 s:m:0:110:110 s:m:1:110:110 s:m:2:110:110
mk "$T/q60" s:m:lower:0 s:m:0:60:60 s:m:1:60:60 s:m:2:60:60
for pair in q20:q21 q100:q110; do
	rb_run 60 "$RB_BIN" compare "$T/${pair%:*}" "$T/${pair#*:}" --csv "$T/q.csv"
	[ "$(cell "$T/q.csv" m p50 verdict)" != regression ] || fail "identical runs ${pair/:/ vs }: a regression on no measured spread"
	[ "$(cell "$T/q.csv" m p50 spread)" != 0 ] || fail "${pair/:/ vs }: spread 0 used"
done
rb_run 60 "$RB_BIN" compare "$T/q20" "$T/q60" --csv "$T/q.csv"
[ $? = 1 ] && [ "$(cell "$T/q.csv" m p50 verdict)" = regression ] || fail "identical runs, 3x: not a regression"

# the tail: one run a side; p99 wobbles far more than p50 between runs
mk "$T/t1" s:lat:lower:1 s:lat:0:100:1000
mk "$T/t15" s:lat:lower:1 s:lat:0:100:1500
mk "$T/t3" s:lat:lower:1 s:lat:0:100:3000
rb_run 60 "$RB_BIN" compare "$T/t1" "$T/t15" --csv "$T/t.csv"
[ "$(cell "$T/t.csv" lat p99 verdict)" != regression ] || fail "one run a side: a 1.5x p99 wobble called a regression"
[ "$(cell "$T/t.csv" lat p99 spread)" != "$(cell "$T/t.csv" lat p50 spread)" ] || fail "the p99 row uses the p50's prior"
rb_run 60 "$RB_BIN" compare "$T/t1" "$T/t3" --csv "$T/t.csv"
[ $? = 1 ] && [ "$(cell "$T/t.csv" lat p99 verdict)" = regression ] || fail "one run a side: a 3x p99 slowdown not a regression"

# the README: one run a side (a stored baseline) can call nothing unchanged below --threshold 13
rb_run 60 "$RB_BIN" compare "$T/t1" "$T/t1" --threshold 12
[ $? = 3 ] || fail "one run a side, identical, --threshold 12: expected inconclusive (exit 3)"
rb_run 60 "$RB_BIN" compare "$T/t1" "$T/t1" --threshold 13 --csv "$T/u.csv"
[ "$(cell "$T/u.csv" lat p50 verdict)" = unchanged ] || fail "one run a side, identical, --threshold 13: p50 not unchanged"

# power columns on the prior (one run a side): filled
[ -n "$(cell "$T/t.csv" lat p50 runs_needed)" ] && [ -n "$(cell "$T/t.csv" lat p50 detectable_change)" ] ||
	fail "one run a side: runs_needed/detectable_change empty"

# an improvement shows its own p-value
mk "$T/i1" s:m:lower:0 s:m:0:100:1 s:m:1:101:1 s:m:2:99:1
mk "$T/i2" s:m:lower:0 s:m:0:50:1 s:m:1:50.5:1 s:m:2:49.5:1
rb_run 60 "$RB_BIN" compare "$T/i1" "$T/i2" --markdown "$T/i.md" --junit "$T/i.xml" --csv "$T/i.csv" || fail "improvement: exit $?"
p=$(grep '^improvement' "$T/out" | awk '{ print $6 }')
[ "$p" != 1 ] && awk -v p="$p" 'BEGIN { exit !(p < 0.05) }' || fail "an improvement's text shows p (Holm) '$p', not its own"
[ "$(awk -F' [|] ' '$1 == "| improvement" { print $12 }' "$T/i.md")" = "$p" ] || fail "markdown: an improvement does not show its p (Holm) $p"
grep -q 'improvement: .*p (Holm) 1,' "$T/i.xml" && fail "JUnit: an improvement shows p (Holm) 1"

# a stress run's candidate without its verdicts (stress.csv): the verification
# did not happen, which fails the gate like a failed one
cp -r "$RB_SRC/tests/fixtures/run-stress-poll" "$T/nostress"
rm "$T/nostress/stress.csv"
rb_run 60 "$RB_BIN" compare "$RB_SRC/tests/fixtures/run-stress-poll" "$T/nostress" --threshold 60 --inconclusive pass
[ $? = 1 ] && grep -q "stress verification failed.*no stress.csv" "$T/out" || fail "a candidate without stress.csv passed: $(tail -n 2 "$T/out")"

# huge and tiny ratios: printed in full (not cut at a buffer's end) in every format
mk "$T/h1" s:m:lower:0 s:m:0:1:1 s:m:1:1.01:1 s:m:2:0.99:1
mk "$T/h2" s:m:lower:0 s:m:0:1e100:1 s:m:1:1.01e100:1 s:m:2:0.99e100:1
rb_run 60 "$RB_BIN" compare "$T/h1" "$T/h2" --markdown "$T/h.md" --junit "$T/h.xml"
grep -Eq '^regression +- +1e\+100 \[9\.[0-9]+e\+99, 1\.[0-9]+e\+100\]' "$T/out" || fail "a 1e100 ratio in text: $(grep '^regression' "$T/out" | cut -c1-120)"
grep -Eq '\| 1e\+100 \| \[9\.[0-9]+e\+99, 1\.[0-9]+e\+100\] \|' "$T/h.md" &&
	grep -Eq 'ratio 1e\+100, interval \[9\.[0-9]+e\+99, 1\.[0-9]+e\+100\]' "$T/h.xml" ||
	fail "a 1e100 ratio in markdown or JUnit"
rb_run 60 "$RB_BIN" compare "$T/h2" "$T/h1"
grep -Eq '^improvement +- +1e-100 \[9\.[0-9]+e-101, 1\.[0-9]+e-100\]' "$T/out" || fail "a 1e-100 ratio in text: $(grep '^improvement' "$T/out" | cut -c1-120)"

# an output path that is a folder: refused before anything runs
mkdir "$T/adir"
expect_usage_error "--csv" "$RB_BIN" compare "$T/i1" "$T/i2" --csv "$T/adir"
expect_usage_error "--junit" "$RB_BIN" compare "$T/i1" "$T/i2" --junit "$T/adir/"
expect_usage_error "--markdown" "$RB_BIN" ab --baseline "$RB_BIN" --candidate "$RB_BIN" --out "$T/never" --markdown "$T/adir"
[ ! -e "$T/never" ] || fail "ab ran before refusing an output path that is a folder"

# JUnit is well-formed XML whatever a scenario name holds
mkdir -p "$T/x1" "$T/x2"
for d in x1 x2; do
	cp "$F/meta.csv" "$T/$d/"
	printf 'schema_version,scenario,metric,unit,direction,axis,tail,description\n2,"a<&>""\001\tb\nc",m,ns,lower,none,0,x\n' >"$T/$d/metrics.csv"
	printf 'schema_version,run_id,scenario,backend,fs_type,size_bytes,variant,procs,metric,unit,rep,n,p50,p99,mean,status\n2,r,"a<&>""\001\tb\nc",b,t,1,v,1,m,ns,0,20,%s,1,1,ok\n' \
		"$([ $d = x1 ] && echo 100 || echo 300)" >"$T/$d/runs.csv"
done
rb_run 60 "$RB_BIN" compare "$T/x1" "$T/x2" --junit "$T/x.xml"
[ $? = 1 ] || fail "odd scenario name: expected exit 1: $(cat "$T/err")"
"$PY" -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$T/x.xml" || fail "JUnit is not well-formed XML"

# ab with fake sides: FAKE_A / FAKE_B list one p50 per round (the last repeats)
fake=$T/fake/build/default/src/regionbench
mkdir -p "$(dirname "$fake")"
cat >"$fake" <<EOF
#!/usr/bin/env bash
# fake regionbench: \`bench --out DIR ...\` writes a synthetic run folder
[ "\$1" = bench ] && [ "\$2" = --out ] || exit 2
d=\$3 r=\${3##*round-}
side=\$(basename "\$(dirname "\$d")")
[ "\$side" = a ] && vals=\$FAKE_A || vals=\$FAKE_B
v=\$(echo "\$vals" | tr , '\n' | sed -n "\${r}p")
[ -n "\$v" ] || v=\$(echo "\$vals" | tr , '\n' | tail -n 1)
mkdir -p "\$d" && cp "$F/meta.csv" "\$d/" && echo "\${RB_ROOT:-}" >"\$d/rb_root"
printf 'schema_version,scenario,metric,unit,direction,axis,tail,description\n2,s,m,ns,lower,none,0,x\n' >"\$d/metrics.csv"
sv=2
[ "\$side" = a ] && sv=\${FAKE_SV:-2}
printf 'schema_version,run_id,scenario,backend,fs_type,size_bytes,variant,procs,metric,unit,rep,n,p50,p99,mean,status\n%s,r%s,s,b,t,1,v,1,m,ns,0,20,%s,%s,%s,ok\n' "\$sv" "\$r" "\$v" "\$v" "\$v" >>"\$d/runs.csv"
EOF
chmod +x "$fake"
# pairing: a drift of 2x between rounds, shared by both sides, cancels
export FAKE_A=100,200,101,199,100,201 FAKE_B=100.5,199.5,100.5,200,100.2,200.4
rb_run 120 "$RB_BIN" ab --baseline "$T/fake" --candidate "$T/fake" --rounds 6 --out "$T/abp" --csv "$T/abp.csv" --threshold 5 ||
	fail "ab: shared drift did not cancel (exit $?): $(tail -n 3 "$T/out")"
[ "$(cell "$T/abp.csv" m p50 verdict)" = unchanged ] || fail "ab: not unchanged"
# alpha spending: 5 rounds whose per-round log ratios give a one-sided p (against
# 1.05) between alpha/4 (the first look's share of 5/20) and alpha
export FAKE_A=100 FAKE_B=105.5,108,110,106,111
rb_run 120 "$RB_BIN" ab --baseline "$T/fake" --candidate "$T/fake" --rounds 5 --out "$T/ab5" --csv "$T/ab5.csv"
[ $? = 1 ] || fail "ab, 5 rounds, alpha 0.05: expected a regression: $(tail -n 3 "$T/out")"
p=$(cell "$T/ab5.csv" m p50 p)
awk -v p="$p" 'BEGIN { exit !(p > 0.0125 && p < 0.05) }' || fail "the fake data's p is $p, not between 0.0125 and 0.05"
rb_run 120 "$RB_BIN" ab --baseline "$T/fake" --candidate "$T/fake" --rounds 5 --until-decided --max-rounds 20 --out "$T/abu" --csv "$T/abu.csv"
[ "$(ls -d "$T"/abu/b/round-* | grep -vc log)" -gt 5 ] || fail "--until-decided called a regression at the first look on its full alpha"
# a side whose run folders the gate cannot read (another schema_version): ab
# stops after the first round, not after --rounds of them
FAKE_SV=1 rb_run 120 "$RB_BIN" ab --baseline "$T/fake" --candidate "$fake" --rounds 5 --out "$T/absv"
[ $? = 2 ] && grep -q "schema_version" "$T/err" || fail "ab with an unreadable side: exit 2 expected: $(tail -n 2 "$T/err")"
[ "$(ls -d "$T"/absv/b/round-* | grep -vc log)" = 1 ] || fail "ab ran $(ls -d "$T"/absv/b/round-* | grep -vc log) rounds before finding an unreadable side"
# each side's bench runs with RB_ROOT at its own source tree
[ "$(cat "$T/abp/a/round-1/rb_root")" = "$T/fake" ] || fail "ab: the baseline's bench ran with RB_ROOT '$(cat "$T/abp/a/round-1/rb_root")', not its tree '$T/fake'"
echo PASS
