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
# - a candidate that lost a configuration the baseline measured (status error
#   with or without runs, vanished, skipped) is verdict fail, exit 1, also with
#   --inconclusive pass;
# - runs with status interference or unstable are left out unless
#   --include-disturbed (counted, reported; none left: excluded_runs);
# - a folder whose runs.csv disagrees with its summary.csv or meta.csv
#   (configurations, run ids, schema version) is bad input;
# - backends are matched by identity, not by position;
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

# synth DIR: a synthetic folder's summary.csv (one row per configuration,
# metric and run id of its runs.csv; status ok) and the run
# ids of its meta.csv (the fixture's, with run.<i>.run_id for each run id),
# so that runs.csv agrees with them.
cat >"$T/synth.py" <<'PYEOF'
import csv, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/runs.csv", newline="")))
hdr = ("schema_version,run_id,scenario,backend,fs_type,size_bytes,variant,procs,metric,unit,n,min,p50,p90,p99,p999,max,"
       "mean,stddev,status,reason,host,kernel,runs,run_p50_min,run_p50_max,wall_s,other_cpu_s,steal_s,nivcsw").split(",")
keys = ["run_id", "scenario", "backend", "fs_type", "size_bytes", "variant", "procs", "metric", "unit"]
agg = {}
for r in rows:
    k = tuple(r[c] for c in keys)
    agg.setdefault(k, 0)
    agg[k] += int(float(r["n"]))
with open(d + "/summary.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(hdr)
    for k, n in agg.items():
        v = dict(zip(keys, k), schema_version="2", n=str(n), status="ok")
        w.writerow([v.get(c, "") for c in hdr])
meta = [l for l in open(d + "/meta.csv") if not l.startswith("run_id,") and not l.startswith("run.")]
ids = sorted({r["run_id"] for r in rows})
with open(d + "/meta.csv", "w") as f:
    f.writelines(meta[:2] + ["run_id,%s\n" % (ids[0] if ids else "none")] + meta[2:])
    f.writelines("run.%d.run_id,%s\n" % (i, x) for i, x in enumerate(ids))
PYEOF
synth() { "$PY" "$T/synth.py" "$1"; }

# mk DIR ROWS...: a run folder (the fixture's meta.csv) with one metric per
# "scenario:metric:direction:tail" named in ROWS, and runs.csv rows
# "scenario:metric:rep:p50:p99[:run_id[:status]]"; summary.csv and meta.csv agree.
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
    f.write("schema_version,run_id,scenario,backend,fs_type,size_bytes,variant,procs,metric,unit,rep,n,p50,p99,mean,status,wall_s,other_cpu_s,steal_s,nivcsw\n")
    for r in rows:
        c = r.split(":")
        if len(c) < 5:
            continue
        rid = c[5] if len(c) > 5 else "r1"
        f.write("2,%s,%s,dir:/dev/shm,tmpfs,4096,auto,1,%s,ns,%s,20,%s,%s,%s,%s,,,,\n" % (rid, c[0], c[1], c[2], c[3], c[4], c[3],
                c[6] if len(c) > 6 else "ok"))
PYEOF
	synth "$d"
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

# a candidate that lost what the baseline measured fails the gate (verdict
# fail, exit 1), also with --inconclusive pass (that is for statistics only):
# a configuration with status error (runs or not), a vanished scenario, a
# skipped one; missing in the baseline stays inconclusive
mk "$T/l0" s:m:lower:0 s2:m:lower:0 s:m:0:100:1 s:m:1:101:1 s:m:2:99:1 s2:m:0:50:1 s2:m:1:51:1 s2:m:2:49:1
mk "$T/lgone" s:m:lower:0 s2:m:lower:0 s2:m:0:50:1 s2:m:1:51:1 s2:m:2:49:1
cp -r "$T/l0" "$T/lerr" # one run of s crashed: its other runs are in runs.csv, summary.csv says error
awk -F, -v OFS=, 'NR > 1 && $3 == "s" { $20 = "error"; $21 = "run 3: worker killed by SIGSEGV" } { print }' "$T/l0/summary.csv" >"$T/lerr/summary.csv"
cp -r "$T/lgone" "$T/lerr0" # the worker died before any sample: no runs.csv row, summary.csv says error
awk -F, -v OFS=, 'NR == 2 { print; $3 = "s"; $11 = 0; $20 = "error"; $21 = "worker killed by SIGSEGV" } { print }' \
	"$T/lgone/summary.csv" >"$T/lerr0/summary.csv"
cp -r "$T/lgone" "$T/lskip"
awk -F, -v OFS=, 'NR == 2 { print; $3 = "s"; $11 = 0; $20 = "skipped"; $21 = "not here" } { print }' \
	"$T/lgone/summary.csv" >"$T/lskip/summary.csv"
for cand in lerr:error_in_candidate lerr0:error_in_candidate lgone:missing_in_candidate lskip:missing_in_candidate; do
	for inc in "" "--inconclusive pass"; do
		# shellcheck disable=SC2086
		rb_run 60 "$RB_BIN" compare "$T/l0" "$T/${cand%:*}" --csv "$T/l.csv" --junit "$T/l.xml" $inc
		rc=$?
		[ "$(awk -F, '$2 == "s" && $8 == "p50"' "$T/l.csv" | grep -c "fail,${cand#*:}$")" = 1 ] && [ $rc = 1 ] ||
			fail "candidate ${cand%:*} $inc: exit $rc, expected 1 and verdict fail ${cand#*:}: $(tail -n 4 "$T/out")"
	done
	grep -q "^FAIL: $(echo "${cand#*:}" | sed 's/_in_/ in the /') (1):" "$T/out" || fail "${cand%:*}: the text does not name it: $(cat "$T/out")"
	grep -q "failure message=\"fail ${cand#*:}" "$T/l.xml" || fail "${cand%:*}: JUnit has no failure"
	[ "$(awk -F, '$2 == "s2" && $8 == "p50" { print $NF, $(NF-1) }' "$T/l.csv")" = " unchanged" ] || fail "${cand%:*}: s2 is not unchanged"
done
rb_run 60 "$RB_BIN" compare "$T/lgone" "$T/l0" --inconclusive pass || fail "missing in the baseline, --inconclusive pass: exit $?"

# runs with status interference or unstable are left out by default (counted,
# listed); --include-disturbed takes them; none left is inconclusive, not a fail
mk "$T/d0" s:m:lower:0 s:m:0:100:1 s:m:1:101:1 s:m:2:99:1 s:m:3:100:1
mk "$T/d1" s:m:lower:0 s:m:0:100:1 s:m:1:101:1 s:m:2:99:1 s:m:3:100:1 s:m:4:300:1:r1:interference s:m:5:310:1:r1:interference \
	s:m:6:290:1:r1:unstable s:m:7:300:1:r1:interference
rb_run 60 "$RB_BIN" compare "$T/d0" "$T/d1" --csv "$T/d.csv" || fail "disturbed runs: exit $?, expected 0 (they are left out): $(tail -n 3 "$T/out")"
[ "$(cell "$T/d.csv" m p50 runs_candidate) $(cell "$T/d.csv" m p50 excluded_candidate) $(cell "$T/d.csv" m p50 verdict)" = "4 4 unchanged" ] ||
	fail "disturbed runs: runs/excluded/verdict $(cell "$T/d.csv" m p50 runs_candidate) $(cell "$T/d.csv" m p50 excluded_candidate) $(cell "$T/d.csv" m p50 verdict)"
grep -q "0 baseline and 4 candidate run(s) with status interference or unstable left out" "$T/out" || fail "the left-out runs are not reported: $(tail -n 2 "$T/out")"
rb_run 60 "$RB_BIN" compare "$T/d0" "$T/d1" --csv "$T/d.csv" --include-disturbed
[ "$(cell "$T/d.csv" m p50 runs_candidate) $(cell "$T/d.csv" m p50 excluded_candidate)" = "8 0" ] || fail "--include-disturbed did not take them"
mk "$T/d3" s:m:lower:0 s:m:0:300:1:r1:interference s:m:1:310:1:r1:interference s:m:2:290:1:r1:interference s:m:3:300:1:r1:unstable
rb_run 60 "$RB_BIN" compare "$T/d0" "$T/d3" --csv "$T/d.csv"
[ $? = 3 ] && [ "$(cell "$T/d.csv" m p50 verdict) $(cell "$T/d.csv" m p50 reason)" = "inconclusive excluded_runs" ] ||
	fail "only disturbed candidate runs: not inconclusive excluded_runs: $(tail -n 3 "$T/out")"
rb_run 60 "$RB_BIN" compare "$T/d0" "$T/d3" --csv "$T/d.csv" --include-disturbed
[ $? = 1 ] && [ "$(cell "$T/d.csv" m p50 verdict)" = regression ] || fail "--include-disturbed: 3x not a regression"

# a run folder whose runs.csv disagrees with its summary.csv or meta.csv is bad input
cp -r "$T/l0" "$T/xs"
awk -F, 'NR == 1 || $3 != "s"' "$T/l0/summary.csv" >"$T/xs/summary.csv"
expect_usage_error "is not in summary.csv" "$RB_BIN" compare "$T/l0" "$T/xs"
cp -r "$T/l0" "$T/xr"
awk -F, 'NR == 1 || $3 != "s"' "$T/l0/runs.csv" >"$T/xr/runs.csv"
expect_usage_error "has no run in runs.csv" "$RB_BIN" compare "$T/xr" "$T/l0"
cp -r "$T/l0" "$T/xi"
sed -i 's/^\(2,\)r1,/\1r9,/' "$T/xi/runs.csv"
expect_usage_error "run_id 'r9' is not a run of its meta.csv" "$RB_BIN" compare "$T/l0" "$T/xi"
cp -r "$T/l0" "$T/xv"
sed -i 's/^schema_version,.*/schema_version,1/' "$T/xv/meta.csv"
expect_usage_error "meta.csv: schema_version '1'" "$RB_BIN" compare "$T/l0" "$T/xv"

# backends are matched by identity (meta.csv's backend spec), not by position
bk() { # DIR SPEC:FS...: meta.csv's backends replaced by these, in this order
	local d=$1 i=0
	shift
	grep -v '^backend\.' "$d/meta.csv" >"$d/meta.tmp"
	for b in "$@"; do
		printf 'backend.%d,%s\nbackend.%d.fs_type,%s\n' $i "${b%=*}" $i "${b#*=}" >>"$d/meta.tmp"
		i=$((i + 1))
	done
	mv "$d/meta.tmp" "$d/meta.csv"
}
cp -r "$T/l0" "$T/k1" && bk "$T/k1" dir:/dev/shm=tmpfs memfd=memfd
cp -r "$T/l0" "$T/k2" && bk "$T/k2" memfd=memfd dir:/dev/shm=tmpfs
rb_run 60 "$RB_BIN" compare "$T/k1" "$T/k2" || fail "the same backends in another order: exit $?: $(cat "$T/err")"
! grep -q "differ" "$T/out" || fail "the same backends in another order differ: $(grep differ "$T/out")"
cp -r "$T/l0" "$T/k3" && bk "$T/k3" memfd=memfd dir:/dev/shm=ext4
expect_usage_error "backend dir:/dev/shm fs_type ('tmpfs' vs 'ext4')" "$RB_BIN" compare "$T/k1" "$T/k3"
rb_run 60 "$RB_BIN" compare "$T/k1" "$T/k3" --allow-different || fail "--allow-different: exit $?"
grep -q "note: comparing runs that differ in backend dir:/dev/shm fs_type" "$T/out" || fail "--allow-different: no note"
cp -r "$T/l0" "$T/k4" && bk "$T/k4" dir:/dev/shm=tmpfs
expect_usage_error "backend memfd ('measured' vs '-')" "$RB_BIN" compare "$T/k1" "$T/k4"

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
	printf 'schema_version,run_id,scenario,backend,fs_type,size_bytes,variant,procs,metric,unit,rep,n,p50,p99,mean,status,wall_s,other_cpu_s,steal_s,nivcsw\n2,r,"a<&>""\001\tb\nc",b,t,1,v,1,m,ns,0,20,%s,1,1,ok,,,,\n' \
		"$([ $d = x1 ] && echo 100 || echo 300)" >"$T/$d/runs.csv"
	synth "$T/$d"
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
printf 'schema_version,run_id,scenario,backend,fs_type,size_bytes,variant,procs,metric,unit,rep,n,p50,p99,mean,status,wall_s,other_cpu_s,steal_s,nivcsw\n2,r%s,s,b,t,1,v,1,m,ns,0,20,%s,%s,%s,ok,,,,\n' "\$r" "\$v" "\$v" "\$v" >>"\$d/runs.csv"
"$PY" "$T/synth.py" "\$d"
sed -i "s/^2,/\$sv,/" "\$d/runs.csv"
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
