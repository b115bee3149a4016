# visible.gp - distribution (CDF) of visible_ns under growth: time from a writer's
# commit to a reader seeing it, one curve per detection mode / strategy (VARIANTS);
# with many backends one panel per backend on a shared axis (one mode: the reference
# backend's curve in grey in every panel). Markers at each
# curve's p50 and p99 (summary.csv) carry the values under the pointer.
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; PLOTS = ARG5; BE = ARG6; XR = ARG7; VARS = ARG8; REF = ARG9
load PLOTS."/common.gp"
NV = words(VARS)
SINGLE = NV * NB <= 4
NP = SINGLE ? 1 : NB
@GRID
if (!SINGLE) { H = 190 + NR * 230 }
@TERM
S = ""; M = "visible_ns"
@UNITOF
F = DATA."/samples_stress.csv"
SUMF = DATA."/summary.csv"
isv(v, be) = strcol("metric") eq M && strcol("variant") eq word(VARS, v) && strcol("backend") eq be
stats F using (strcol("metric") eq M ? column("value") / YS : NaN) nooutput
XLO = STATS_min > 0 ? STATS_min / 1.3 : 0.01; XHI = STATS_max * 1.3
NK = SINGLE ? NV * NB : NV
vk(k) = (k - 1) % NV + 1
bk(k, p) = SINGLE ? word(BE, (k - 1) / NV + 1) : word(BE, p)
lt(k) = SINGLE ? k : vk(k)
lab(k) = word(VARS, vk(k)).(SINGLE && NB > 1 ? " · ".bk(k, 1) : "")
tip(k, p, q) = sprintf("%s · %s: %s %.3g %s", word(VARS, vk(k)), bk(k, p), q, column(q) / YS, YU)
# decades; in narrow panels every other one is labelled
XAXIS = 'set logscale x 10; set xrange [XLO : XHI]; set xtics () nomirror; D0_ = floor(log10(XLO)); do for [d=D0_:ceil(log10(XHI))] { set xtics add ((SHOWX && (NC < 3 || (d - D0_) % 2 == 1) ? ticklabel(10.0**d) : "") 10.0**d) }; set yrange [0:1]; set ytics 0.25 nomirror'
if (SINGLE) {
    set title "write visibility under growth: CDF of visible\\_ns\n{/*0.8 ".SUB."}"
    set xlabel "commit → seen (".YU.", log scale)"
    set ylabel "fraction of records seen within x"
    set key inside bottom right Left reverse
} else {
    set multiplot title "write visibility under growth: CDF of visible\\_ns\n{/*0.8 ".SUB."}"
    set key off
    set label 101 "commit → seen (".YU.", log scale)" at screen (PL + PR) / 2, screen 0.025 center
    set label 102 "fraction of records seen within x" at screen 0.018, screen (PB + PTOP) / 2 center rotate by 90
}
do for [PI=1:NP] {
    if (!SINGLE) {
        @PANEL_AT
        set format y (SHOWY ? "%g" : "")
        set title bk(1, PI) offset 0, -0.6 font ",11" noenhanced
    }
    @XAXIS
    plot for [k=1:NK] F using (isv(vk(k), bk(k, PI)) ? column("value") / YS : NaN):(1.0) smooth cnormal lt lt(k) \
            title (SINGLE ? lab(k) : ""), \
         for [k=1:(!SINGLE && NV == 1 && REF ne bk(1, PI) ? 1 : 0)] F using (isv(1, REF) ? column("value") / YS : NaN):(1.0) \
            smooth cnormal lt GREY notitle, \
         for [k=1:NK] SUMF using (isv(vk(k), bk(k, PI)) ? column("p50") / YS : NaN):(0.5):(tip(k, PI, "p50")) \
            with labels hypertext point lt lt(k) notitle, \
         for [k=1:NK] SUMF using (isv(vk(k), bk(k, PI)) ? column("p99") / YS : NaN):(0.99):(tip(k, PI, "p99")) \
            with labels hypertext point lt lt(k) notitle, \
         for [k=1:(SINGLE ? 1 : 0)] keyentry with points pt 6 lc rgb "black" title "markers: p50 and p99"
    if (!SINGLE) { unset label 101; unset label 102 }
}
if (!SINGLE) {
    NL = NK + (NV == 1)
    array LL[NL]; array LT[NL]
    do for [k=1:NK] { LL[k] = lab(k)." (markers: p50, p99)"; LT[k] = lt(k) }
    if (NV == 1) { LL[NL] = REF." (reference)"; LT[NL] = GREY }
    @LEGEND
    unset multiplot
}
