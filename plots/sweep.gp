# sweep.gp - a metric against region size (or process count), loaded by the charts
# that draw one (latency, resize, retouch, first_touch, concurrent, matrix_resize).
# The caller loads common.gp, then sets:
#   TITLE, XLAB, YWHAT   title, x axis label, what the y axis shows ("latency")
#   S_SCN S_VAR S_MET S_LAB   one word per series: scenario, variant ("-": none),
#                        metric and legend label ("quoted words" may hold spaces)
#   XC                   the x column: "size_bytes" or "procs"
#   MODELS               1: draw each series' cost model (models.csv) where it fits
#   IDEAL                1: a dashed line at each series' p50 with one process
# A series is drawn per backend: its p50 as markers (a line through them when no
# model is drawn), a shaded band up to its p99, and a hover label per point. With
# more than 4 series in all (their bands would bury each other), one panel per
# backend on shared axes, one legend; a
# single series per panel gets the reference backend in grey as context.
NS = words(S_SCN)
SINGLE = NS * NB <= 4
NP = SINGLE ? 1 : NB
@GRID
if (!SINGLE) { H = 190 + NR * 250 }
@TERM
S = word(S_SCN, 1); M = word(S_MET, 1)
@UNITOF
F = DATA."/summary.csv"

isser(s, be) = strcol("scenario") eq word(S_SCN, s) && strcol("variant") eq vw(word(S_VAR, s)) && \
               strcol("metric") eq word(S_MET, s) && strcol("backend") eq be && meas(strcol("status"))
anyrow(d) = sum [s=1:NS] sum [b=1:NB] (isser(s, word(BE, b)) ? 1 : 0)
# shared y range: smallest p50 to largest p99 (or p50) of every series drawn
stats F using (anyrow(0) ? column("p50") / YS : NaN) nooutput
YLO = STATS_min / 1.6; YHI = STATS_max
stats F using (anyrow(0) && column("p99") / YS > YHI ? (YHI = column("p99") / YS, 0) : 0) nooutput
YHI = YHI * 1.5
if (XC eq "procs") {
    stats F using (anyrow(0) ? column("procs") : NaN) nooutput
    PMAX = STATS_max
    XAXIS = 'set logscale x 2; set xrange [0.8 : PMAX * 1.25]; set xtics () nomirror; do for [k=0:10] { if (2**k <= PMAX) { set xtics add ((SHOWX ? sprintf("%d", 2**k) : "") 2**k) } }'
} else {
    XAXIS = SIZEAXIS
}
xl(x) = XC eq "procs" ? sprintf("%d processes", x) : sizelabel(x)

# per panel: NK series k -> series s(k) and backend b(k)
NK = SINGLE ? NS * NB : NS
sk(k) = (k - 1) % NS + 1
bk(k, p) = SINGLE ? word(BE, (k - 1) / NS + 1) : word(BE, p)
lab(k) = word(S_LAB, sk(k)).(SINGLE && NB > 1 ? " · ".bk(k, 1) : "")
lt(k) = SINGLE ? k : sk(k)
tip(k, p) = sprintf("%s · %s · %s\np50 %.3g %s · p99 %.3g %s · %s", word(S_LAB, sk(k)), bk(k, p), xl(column(XC)), \
                    column("p50") / YS, YU, column("p99") / YS, YU, strcol("status"))
array MF[NK]; array MP[NK]; array MOK[NK]; array MLO[NK]; array MHI[NK]; array MT[NK]; array ID[NK]
MODELROW = 'strcol("scenario") eq word(S_SCN, sk(k)) && strcol("variant") eq vw(word(S_VAR, sk(k))) && strcol("metric") eq word(S_MET, sk(k)) && strcol("backend") eq bk(k, PI)'
set samples 400
# the legend: one entry per series (with its model in words on a single chart)
KEYS = 'for [k=1:(KT ? NK : 0)] keyentry with linespoints lt lt(k) title lab(k).(MODELS && SINGLE ? (MOK[k] ? ": ".MT[k] : MT[k] eq "" ? ": no model (under 3 sizes)" : ": no model fits") : ""), for [k=1:(KT && !SINGLE && NS == 1 ? 1 : 0)] keyentry with linespoints lt GREY title REF." (reference)", for [k=1:(KT && IDEAL ? 1 : 0)] keyentry with lines lc rgb "black" lw 1 dt 2 title "ideal: p50 with one process"'

if (SINGLE) {
    set key below center horizontal Left reverse width 2 spacing 1.2
    set title TITLE."\n{/*0.8 ".SUB."}"
    set xlabel XLAB offset 0, 0.4
    set ylabel YWHAT." (".YU."), p50 and band to p99"
} else {
    set multiplot title TITLE."\n{/*0.8 ".SUB."}"
    set key off
    set label 101 XLAB at screen (PL + PR) / 2, screen 0.025 center
    set label 102 YWHAT." (".YU."), p50 and band to p99" at screen 0.018, screen (PB + PTOP) / 2 center rotate by 90
}
do for [PI=1:NP] {
    if (!SINGLE) {
        @PANEL_AT
        set title bk(1, PI) offset 0, -0.6 font ",11" noenhanced
    }
    @XAXIS
    @LOGY
    do for [k=1:NK] {
        MOK[k] = 0; MT[k] = ""; ID[k] = NaN
        if (MODELS) {
            stats DATA."/models.csv" using (@MODELROW ? (MF[k] = column("fixed"), MP[k] = column("per_page"), MOK[k] = int(column("fits")), MLO[k] = column("size_min_bytes"), MHI[k] = column("size_max_bytes"), MT[k] = strcol("model"), 1) : 0) nooutput
        }
        if (IDEAL) {
            stats F using (isser(sk(k), bk(k, PI)) && column("procs") == 1 ? (ID[k] = column("p50") / YS, 1) : 0) nooutput
        }
    }
    KT = SINGLE
    # a backend without rows for this chart says so
    CNT_ = 0
    stats F using (sum [s=1:NS] (isser(s, bk(1, PI)) ? 1 : 0) > 0 ? (CNT_ = CNT_ + 1, 0) : 0) nooutput
    if (!SINGLE && CNT_ == 0) {
        set label 104 "not measured here" at graph 0.5, graph 0.5 center front font ",9" tc rgb "#777777"
    }
    # one series per panel: its model in words inside the panel
    if (!SINGLE && NS == 1 && MODELS) {
        set label 103 (MOK[1] ? MT[1] : MT[1] eq "" ? "no model: under 3 sizes" : "no model fits") at graph 0.03, graph 0.93 left front font ",9" noenhanced
    }
    plot for [k=1:NK] F using (isser(sk(k), bk(k, PI)) ? column(XC) : NaN):(column("p50") / YS):(column("p99") / YS) \
            with filledcurves lt lt(k) notitle, \
         for [k=1:NK] F using (isser(sk(k), bk(k, PI)) ? column(XC) : NaN):(column("p99") / YS) \
            with lines lt lt(k) lw 0.8 notitle, \
         for [k=1:NK] F using (isser(sk(k), bk(k, PI)) ? column(XC) : NaN):(column("p50") / YS) \
            with points lt lt(k) notitle, \
         for [k=1:NK] F using (isser(sk(k), bk(k, PI)) && !MOK[k] ? column(XC) : NaN):(column("p50") / YS) \
            with lines lt lt(k) lw 1.5 notitle, \
         for [k=1:NK] F using (isser(sk(k), bk(k, PI)) ? column(XC) : NaN):(column("p50") / YS):(tip(k, PI)) \
            with labels hypertext point lt lt(k) notitle, \
         for [k=1:NK] (MOK[k] && x >= MLO[k] / 1.01 && x <= MHI[k] * 1.01 ? (MF[k] + MP[k] * x / 4096) / YS : NaN) \
            with lines lt lt(k) lw 1.5 notitle, \
         for [k=1:NK] (IDEAL && x >= 1 && x <= PMAX ? ID[k] : NaN) with lines lc rgb "black" lw 1 dt 2 notitle, \
         for [k=1:(!SINGLE && NS == 1 && REF ne bk(1, PI) ? 1 : 0)] F using (isser(1, REF) ? column(XC) : NaN):(column("p50") / YS) \
            with linespoints lt GREY notitle, \
         @KEYS
    if (!SINGLE) { unset label 101; unset label 102; unset label 103; unset label 104 }
}
if (!SINGLE) {
    # one legend for every panel, in a row across the top
    NL = NK + (NS == 1) + IDEAL + MODELS
    array LL[NL]; array LT[NL]
    do for [k=1:NK] { LL[k] = lab(k); LT[k] = lt(k) }
    if (NS == 1) { LL[NK + 1] = REF." (reference)"; LT[NK + 1] = GREY }
    if (IDEAL) {
        set linetype 21 lc rgb "black" lw 1 dt 2 pt -1
        LL[NL] = "ideal: p50 with one process"; LT[NL] = 21
    }
    if (MODELS) {
        set linetype 20 lc rgb "black" lw 1.5 dt 1 pt -1
        LL[NL] = "line: cost model where it fits (see Cost models)"; LT[NL] = 20
    }
    @LEGEND
    unset multiplot
}
