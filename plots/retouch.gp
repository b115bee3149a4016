# retouch.gp - the cost of touching the old bytes again after a resize, per strategy:
# a fresh mapping (remap) faults every page again; mremap moved the page tables.
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; BE = ARG6; XR = ARG7; VARS = ARG8
load ARG5."/common.gp"
B = word(BE, 1)
set title "touching the region again after resize S → 2S (".B.")\n{/*0.8 ".SUB."}"
set xlabel "size before the resize (bytes)"
set ylabel "time to touch the old S bytes (µs), p50 with bar to p99"
set logscale x 2
set logscale y 10
F = DATA."/summary.csv"
V = "double/remap/touched double/mremap/touched step/remap/touched step/mremap/touched"
plot for [i=1:4] F using (ok("resize",word(V,i),B,"retouch_ns") ? $6 : NaN):(us($13)):(us($13)):(p99us(0)) \
        with yerrorlines lw 2 pt 7 lc i title word(V,i)
