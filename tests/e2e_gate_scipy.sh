#!/usr/bin/env bash
# e2e_gate_scipy: the gate's t tests (results/gate.c: one-sample on paired
# per-round log ratios, Welch on two sides' log run values; one-sided p-values
# against a shifted null and the one-sided bounds) agree with scipy.stats
# (ttest_1samp, ttest_ind(equal_var=False), t.ppf; Debian python3-scipy, used
# only here) to 1e-9 (bounds 1e-7) on many random cases, small and large, tiny and wide spreads.
. "$(dirname "$0")/lib.sh"
: "${RB_GATE_CLI:?RB_GATE_CLI must point at gate_cli}"
PY=/usr/bin/python3
"$PY" -c 'import scipy.stats' 2>/dev/null || skip "python3-scipy is not installed"
"$PY" - "$RB_GATE_CLI" <<'PYEOF' || exit 1
import math, random, subprocess, sys
from scipy import stats
rnd = random.Random(20261129)
cases = []
for i in range(600):
    kind = 1 + i % 2
    alpha = rnd.choice([0.05, 0.01, 0.05 / 90, 0.2])
    mu0 = rnd.choice([0.0, math.log(1.05), -math.log(1.02), 0.3])
    sd = rnd.choice([0.001, 0.02, 0.05, 0.5])
    nx = rnd.choice([2, 3, 5, 10, 40])
    x = [rnd.gauss(rnd.uniform(-0.2, 0.3), sd) for _ in range(nx)]
    y = [rnd.gauss(rnd.uniform(-0.2, 0.3), sd * rnd.choice([0.5, 1, 3])) for _ in range(rnd.choice([2, 3, 7, 25]))]
    cases.append((kind, mu0, alpha, x, y if kind == 2 else []))
inp = "".join("%d %r %r %s%s\n" % (k, m, a, " ".join(repr(v) for v in x), (" | " + " ".join(repr(v) for v in y)) if y else "")
              for k, m, a, x, y in cases)
out = subprocess.run([sys.argv[1]], input=inp, capture_output=True, text=True, check=True).stdout.split("\n")
bad = 0
for (k, mu0, alpha, x, y), line in zip(cases, out):
    if k == 1:
        g = stats.ttest_1samp(x, mu0, alternative="greater")
        l = stats.ttest_1samp(x, mu0, alternative="less")
        n = len(x); mean = sum(x) / n; df = n - 1
        se = math.sqrt(sum((v - mean) ** 2 for v in x) / (n - 1) / n)
    else:  # mean(y) - mean(x) against mu0: shift y by mu0
        ys = [v - mu0 for v in y]
        g = stats.ttest_ind(ys, x, equal_var=False, alternative="greater")
        l = stats.ttest_ind(ys, x, equal_var=False, alternative="less")
        a = stats.tvar(x) / len(x); b = stats.tvar(y) / len(y)
        df = (a + b) ** 2 / (a * a / (len(x) - 1) + b * b / (len(y) - 1))
        se = math.sqrt(a + b); mean = sum(y) / len(y) - sum(x) / len(x)
    q = stats.t.ppf(1 - alpha, df)
    ref = [float(g.statistic), float(g.pvalue), float(l.pvalue), mean - q * se, mean + q * se, df]
    got = [float(v) for v in line.split()]
    # t, p-values and df to 1e-9; the bounds to 1e-7 (GSL's t quantile is good to about 1e-9 relative)
    tol = [1e-9, 1e-9, 1e-9, 1e-7, 1e-7, 1e-9]
    if len(got) != 6 or any(abs(u - v) > t * max(1.0, abs(v)) for u, v, t in zip(got, ref, tol)):
        bad += 1
        if bad < 5:
            print("MISMATCH kind %d n=%d,%d: got %s want %s" % (k, len(x), len(y), got, ref))
print("%d cases, %d mismatches" % (len(cases), bad))
sys.exit(1 if bad else 0)
PYEOF
echo PASS
