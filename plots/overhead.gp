# overhead.gp - the core's overhead over the same syscalls written inline (p50 core /
# p50 raw): one panel per operation, x = region size, one marker per backend (offset
# a little so backends at one size do not cover each other); 1.0 means no overhead,
# the dashed line is the 1.03 target.
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; PLOTS = ARG5; BE = ARG6; XR = ARG7; VARS = ARG8; REF = ARG9
load PLOTS."/common.gp"
F = DATA."/overhead.csv"
OPS = "create attach resize"
NP = words(OPS)
@GRID
H = 520
@TERM
YLO = 1; YHI = 1.05
stats F using (column("ratio") < YLO ? (YLO = column("ratio"), 0) : column("ratio") > YHI ? (YHI = column("ratio"), 0) : 0) nooutput
YLO = YLO - 0.05; YHI = YHI + 0.05
stats F using (column("size_bytes")) nooutput
XMIN = STATS_min; XMAX = STATS_max
isr(op, be) = strcol("scenario") eq op && strcol("backend") eq be
dodge(b) = 1.18**(b - (NB + 1) / 2.0)
tip(op) = sprintf("%s · %s · %s: core %.3g µs / raw %.3g µs = %.3f", op, strcol("backend"), sizelabel(column("size_bytes")), \
                  column("core_p50_ns") / 1000.0, column("raw_p50_ns") / 1000.0, column("ratio"))
set multiplot title "core overhead over raw syscalls (p50 core / p50 raw)\n{/*0.8 ".SUB."}"
set label 101 "region size" at screen (PL + PR) / 2, screen 0.025 center
set label 102 "ratio core / raw (1.0 = no overhead)" at screen 0.018, screen (PB + PTOP) / 2 center rotate by 90
set key off
do for [PI=1:NP] {
    @PANEL_AT
    set title word(OPS, PI) offset 0, -0.6 font ",11"
    @SIZEAXIS
    set yrange [YLO : YHI]
    set ytics auto nomirror
    set format y (SHOWY ? "%.2f" : "")
    plot 1.0 with lines lc rgb "black" lw 1 notitle, \
         1.03 with lines lc rgb "#D55E00" dt 2 lw 1.5 notitle, \
         for [b=1:NB] F using (isr(word(OPS, PI), word(BE, b)) ? column("size_bytes") * dodge(b) : NaN):(column("ratio")):(tip(word(OPS, PI))) \
            with labels hypertext point lt b notitle
    unset label 101; unset label 102
}
NL = NB + 2
array LL[NL]; array LT[NL]
LPTS = " "
do for [b=1:NB] { LL[b] = word(BE, b); LT[b] = b; LPTS = LPTS.sprintf("%d ", b) }
set linetype 20 lc rgb "black" lw 1 dt 1 pt -1
set linetype 21 lc rgb "#D55E00" lw 1.5 dt 2 pt -1
LL[NB + 1] = "1.0: no overhead"; LT[NB + 1] = 20
LL[NB + 2] = "1.03: target"; LT[NB + 2] = 21
@LEGEND
unset multiplot
