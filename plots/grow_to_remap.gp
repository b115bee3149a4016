# grow_to_remap.gp - growth-to-remapped latency per guest: from the host's release
# store of the new size to the guest having remapped (p50 box, p99 and max marks);
# with several backends one panel per backend on a shared axis.
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; PLOTS = ARG5; BE = ARG6; XR = ARG7; VARS = ARG8; REF = ARG9
load PLOTS."/common.gp"
F = DATA."/guests.csv"
NV = words(VARS)
NP = NB
@GRID
if (NP > 1) { H = 190 + NR * 240 }
@TERM
S = ""; M = "grow_to_remap_ns"
@UNITOF
YLO = 1e300; YHI = 0
stats F using (column("grow_to_remap_p50_ns") / YS < YLO ? (YLO = column("grow_to_remap_p50_ns") / YS, 0) : 0, \
               column("grow_to_remap_max_ns") / YS > YHI ? (YHI = column("grow_to_remap_max_ns") / YS, 0) : 0) nooutput
YLO = YLO / 1.5; YHI = YHI * 1.5
YWHAT = "host's size store → guest remapped (".YU.")"
XWHAT = "guest (".(NV > 1 ? "detection mode / strategy, " : "")."role and index)"
lab(x) = (NV > 1 ? strcol("variant")." " : "").strcol("role").strcol("index")
tip(x) = sprintf("%s %s: p50 %.3g %s · p99 %.3g %s · max %.3g %s · %d remaps", strcol("backend"), lab(0), \
                 column("grow_to_remap_p50_ns") / YS, YU, column("grow_to_remap_p99_ns") / YS, YU, \
                 column("grow_to_remap_max_ns") / YS, YU, column("remaps"))
# x of a guest in panel p: its number within its run, runs side by side in VARIANTS order
stats F using (column("guest")) nooutput
NG = STATS_max + 2
vi(v) = sum [i=1:NV] (word(VARS, i) eq v ? i : 0)
# (rows of other panels: a distinct x far outside, never NaN, which would break xtic())
gx(p) = strcol("backend") eq word(BE, p) ? (vi(strcol("variant")) - 1) * NG + column("guest") : (RC_ = RC_ + 1, -10 - RC_)
set style fill solid 0.55 border -1
set boxwidth 0.6
if (NP > 1) {
    set multiplot title "growth-to-remapped latency per guest\n{/*0.8 ".SUB."}"
    set label 101 XWHAT at screen (PL + PR) / 2, screen 0.025 center
    set label 102 YWHAT at screen 0.018, screen (PB + PTOP) / 2 center rotate by 90
    set key off
} else {
    set title "growth-to-remapped latency per guest\n{/*0.8 ".SUB."}"
    set ylabel YWHAT
    set xlabel XWHAT
    set key inside top left Left reverse
}
do for [PI=1:NP] {
    if (NP > 1) {
        @PANEL_AT
        set title word(BE, PI) offset 0, -0.6 font ",11" noenhanced
    }
    @LOGY
    set xtics () noenhanced font ",9" nomirror
    set xrange [-0.6 : NV * NG - 1.4]
    if (NV > 1) { set xtics rotate by -45 } else { set xtics norotate }
    plot F using (gx(PI)):(column("grow_to_remap_p50_ns") / YS):xtic(strcol("backend") eq word(BE, PI) ? lab(0) : "") \
            with boxes lc rgb "#56B4E9" title "p50", \
         F using (gx(PI)):(column("grow_to_remap_p99_ns") / YS):(tip(0)) with labels hypertext point pt 7 ps 1.2 lc rgb "#D55E00" title "p99", \
         F using (gx(PI)):(column("grow_to_remap_max_ns") / YS):(tip(0)) with labels hypertext point pt 2 ps 1.2 lc rgb "black" title "max"
    if (NP > 1) { unset label 101; unset label 102 }
}
if (NP > 1) {
    set linetype 20 lc rgb "#56B4E9" lw 8 dt 1 pt -1
    set linetype 21 lc rgb "#D55E00" lw 0 pt 7
    set linetype 22 lc rgb "black" lw 0 pt 2
    NL = 3; LPTS = " 2 3 "
    array LL[3] = ["p50", "p99", "max"]
    array LT[3] = [20, 21, 22]
    @LEGEND
    unset multiplot
}
