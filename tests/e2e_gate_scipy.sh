#!/usr/bin/env bash
# e2e_gate_scipy: our Mann-Whitney U statistic and two-sided p-value agree with
# scipy.stats.mannwhitneyu (Debian python3-scipy, used only here) to 1e-9 on many
# random and tied samples, small (exact) and large (asymptotic, tie-corrected).
. "$(dirname "$0")/lib.sh"
: "${RB_GATE_CLI:?RB_GATE_CLI must point at gate_cli}"
PY=/usr/bin/python3
"$PY" -c 'import scipy.stats' 2>/dev/null || skip "python3-scipy is not installed"
"$PY" - "$RB_GATE_CLI" <<'PYEOF' || exit 1
import random, subprocess, sys
from scipy.stats import mannwhitneyu
rnd = random.Random(20261129)
cases = []
for i in range(400):
    kind = i % 4
    nx, ny = (rnd.randint(1, 8), rnd.randint(1, 30)) if kind < 2 else (rnd.randint(9, 300), rnd.randint(9, 300))
    if kind % 2 == 0:   # continuous: no ties
        x = [rnd.lognormvariate(8, 0.3) for _ in range(nx)]
        y = [rnd.lognormvariate(8.05, 0.3) for _ in range(ny)]
    else:               # heavy ties: integers from a small range
        x = [float(rnd.randint(1, 6)) for _ in range(nx)]
        y = [float(rnd.randint(1, 7)) for _ in range(ny)]
    cases.append((x, y))
cases.append(([1.0] * 20, [1.0] * 20))           # all tied
cases.append(([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]))  # exact, extreme
inp = "".join(" ".join(repr(v) for v in x) + " | " + " ".join(repr(v) for v in y) + "\n" for x, y in cases)
out = subprocess.run([sys.argv[1]], input=inp, capture_output=True, text=True, check=True).stdout.split("\n")
bad = 0
exact = 0
for (x, y), line in zip(cases, out):
    u, p, ex = line.split()
    exact += int(ex)
    ref = mannwhitneyu(x, y, alternative="two-sided", method="auto")
    rp = float(ref.pvalue)
    if rp != rp:  # scipy gives NaN when every value is tied; we report p = 1 (no evidence)
        rp = 1.0
    if abs(float(u) - ref.statistic) > 1e-9 or abs(float(p) - rp) > 1e-9:
        bad += 1
        if bad < 5:
            print("MISMATCH n=%d,%d U %s vs %s, p %s vs %s" % (len(x), len(y), u, ref.statistic, p, rp))
print("%d cases (%d exact), %d mismatches" % (len(cases), exact, bad))
sys.exit(1 if bad or exact < 50 else 0)
PYEOF
echo PASS
