# dotplot.gp - a comparison chart across backends from ratios.csv (rows of chart
# CHART), loaded by matrix_ops, matrix_fault and matrix_visible. The caller loads
# common.gp, then sets CHART and TITLE. One panel per operation (ratios.csv `panel`),
# each on its own scale: every backend's value relative to the reference (= 1, open
# marker), sorted (rank 1 at the top), the bar its 95 % interval over runs, the value
# itself printed at the right. (A ytic label is set for every row read: rows of
# other panels get a distinct position outside the range, never NaN.) Marker shape says whether the interval lies clearly on
# the better or the worse side of 1 (better: from the metric's direction in
# metrics.csv) or the two cannot be told apart.
F = DATA."/ratios.csv"
isc(p) = strcol("chart") eq CHART && column("panel") == p
stats F using (strcol("chart") eq CHART ? column("panel") : NaN) nooutput
NP = int(STATS_max)
array NR_[NP]; array LAB_[NP]; array REF_[NP]; array LO_[NP]; array HI_[NP]; array DIR_[NP]; array U_[NP]
ROWS = 0
do for [p=1:NP] {
    stats F using (isc(p) ? (LAB_[p] = strcol("label"), REF_[p] = strcol("reference"), S = strcol("scenario"), M = strcol("metric"), column("rank")) : NaN) nooutput
    NR_[p] = int(STATS_max)
    ROWS = ROWS + NR_[p]
    # the panel's range: every ratio and interval bound (empty bounds are skipped)
    LO_[p] = 1; HI_[p] = 1
    stats F using (isc(p) ? (LO_[p] = column("ratio") < LO_[p] ? column("ratio") : LO_[p], \
                             HI_[p] = column("ratio") > HI_[p] ? column("ratio") : HI_[p], \
                             LO_[p] = column("ci_lo") > 0 && column("ci_lo") < LO_[p] ? column("ci_lo") : LO_[p], \
                             HI_[p] = column("ci_hi") > HI_[p] ? column("ci_hi") : HI_[p], 0) : 0) nooutput
    # a quarter of the panel's width, right of the last point, holds the values
    LO_[p] = LO_[p] / 1.15; HI_[p] = HI_[p] * 1.15; HI_[p] = HI_[p] * (HI_[p] / LO_[p])**0.4
    DIRECTION = "lower"
    stats DATA."/metrics.csv" using (strcol("scenario") eq S && strcol("metric") eq M ? (DIRECTION = strcol("direction"), 1) : 0) nooutput
    DIR_[p] = DIRECTION eq "higher" ? -1 : 1
}
NC = NP == 1 ? 1 : 2
NR = ceil(NP * 1.0 / NC)
# every grid row is as tall as its longest panel (in backend rows) plus room for
# the panel's title and axis; every backend row then gets the same height
array RH_[NR]
UNITS = 0
do for [r=1:NR] {
    RH_[r] = NR_[(r - 1) * NC + 1]
    if (NC == 2 && r * 2 <= NP && NR_[r * 2] > RH_[r]) { RH_[r] = NR_[r * 2] }
    UNITS = UNITS + RH_[r] + 2.6
}
H = 120 + UNITS * 22
@TERM
# value in its unit: ns shown as µs or ms
val(v, u) = u eq "ns" ? (v >= 1e6 ? sprintf("%.3g ms", v / 1e6) : v >= 1e3 ? sprintf("%.3g µs", v / 1e3) : sprintf("%.3g ns", v)) : sprintf("%.3g %s", v, u)
# -1 clearly better than the reference, 1 clearly worse, 0 not told apart (or one run a side)
side(p) = column("ci_hi") < 1 ? -DIR_[p] : column("ci_lo") > 1 ? DIR_[p] : 0
isref(p) = strcol("backend") eq REF_[p]
tip(p) = isref(p) ? sprintf("%s: the reference, %s", strcol("backend"), val(column("value"), strcol("unit"))) : \
         sprintf("%s: %.3g × %s (95 %% interval %s; %d vs %d runs)\n%s: %s, %s: %s", strcol("backend"), column("ratio"), \
                 REF_[p], column("ci_lo") > 0 ? sprintf("%.3g–%.3g", column("ci_lo"), column("ci_hi")) : "none", \
                 column("runs"), column("ref_runs"), strcol("backend"), val(column("value"), strcol("unit")), REF_[p], \
                 val(column("ref_value"), strcol("unit")))
set multiplot title TITLE."\n{/*0.8 ".SUB."}"
TOP_ = 1 - 100.0 / H
do for [PI=1:NP] {
    C_ = (PI - 1) % NC; R_ = (PI - 1) / NC + 1
    PH_ = (TOP_ - 10.0 / H) * (RH_[R_] + 2.6) / UNITS
    T_ = TOP_ - (sum [r=1:R_-1] (RH_[r] + 2.6)) * (TOP_ - 10.0 / H) / UNITS
    set lmargin at screen 0.14 + C_ * 0.5; set rmargin at screen 0.47 + C_ * 0.5
    set tmargin at screen T_ - 30.0 / H; set bmargin at screen T_ - PH_ + 42.0 / H
    set title LAB_[PI] font ",11" noenhanced offset 0, -0.5
    set logscale x 10
    set xrange [LO_[PI] : HI_[PI]]
    set xtics () nomirror font ",9"
    D0_ = floor(log10(LO_[PI])); D1_ = ceil(log10(HI_[PI]))
    # decades; 1-2-5 within two decades; finer steps when the panel spans under 4×
    array MT_[10] = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8]
    do for [k=D0_:D1_] {
        set xtics add (ticklabel(10.0**k) 10.0**k)
        if (D1_ - D0_ <= 2) { set xtics add (ticklabel(2 * 10.0**k) 2 * 10.0**k, ticklabel(5 * 10.0**k) 5 * 10.0**k) }
        if (HI_[PI] / LO_[PI] < 8) { do for [j=2:10] { set xtics add (ticklabel(MT_[j] * 10.0**k) MT_[j] * 10.0**k) } }
    }
    set yrange [NR_[PI] + 0.6 : 0.4]
    set ytics () nomirror font ",10"
    set format x "%h"
    set xlabel "× ".REF_[PI]." (= 1)" font ",9" offset 0, 0.6
    set border 1
    set grid xtics noytics
    set arrow 1 from 1, graph 0 to 1, graph 1 nohead lc rgb "#999999" dt 2
    plot F using (isc(PI) && column("ci_lo") > 0 ? column("ratio") : NaN):(column("rank")):(column("ci_lo")):(column("ci_hi")) \
            with xerrorbars lc rgb "#444444" pt -1 notitle, \
         F using (isc(PI) ? column("ratio") : 1):(isc(PI) ? column("rank") : (RC_ = RC_ + 1, -10 - RC_)):ytic(isc(PI) ? strcol("backend") : "") \
            with points pt -1 notitle, \
         for [s=-1:1] F using (isc(PI) && !isref(PI) && side(PI) == s ? column("ratio") : NaN):(column("rank")):(tip(PI)) \
            with labels hypertext point pt (s < 0 ? 11 : s > 0 ? 9 : 7) ps 1.4 lc rgb (s < 0 ? "#009E73" : s > 0 ? "#D55E00" : "#0072B2") notitle, \
         F using (isc(PI) && isref(PI) ? 1 : NaN):(column("rank")):(tip(PI)) with labels hypertext point pt 6 ps 1.6 lc rgb "black" notitle, \
         F using (isc(PI) ? HI_[PI] / 1.02 : NaN):(column("rank")):(val(column("value"), strcol("unit"))) \
            with labels right font ",9" tc rgb "#333333" notitle
    unset title
}
# one legend for the marker shapes
set lmargin at screen 0.05; set rmargin at screen 0.95; set tmargin at screen 1 - 62.0 / H; set bmargin at screen 1 - 86.0 / H
unset border; unset tics; unset grid; unset logscale; unset xlabel; unset arrow; set xrange [0:1]; set yrange [0:1]
array LG[4] = ["clearly better", "clearly worse", "not told apart (or 1 run)", "the reference (= 1)"]
array LGP[4] = [11, 9, 7, 6]
array LGC[4] = ["#009E73", "#D55E00", "#0072B2", "#000000"]
do for [k=1:4] {
    set label 200 + k "" at graph (k - 1) * 0.25 + 0.02, graph 0.5 point pt LGP[k] ps 1.3 lc rgb LGC[k]
    set label 300 + k LG[k] at graph (k - 1) * 0.25 + 0.045, graph 0.5 left font ",9"
}
plot NaN notitle
unset multiplot
