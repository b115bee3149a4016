# matrix_resize.gp - resize S -> 2S of a written region (remap), one line per backend.
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; BE = ARG6; XR = ARG7; VARS = ARG8
load ARG5."/common.gp"
set title "resize S → 2S, old mapping written (remap), per backend\n{/*0.8 ".SUB."}"
set xlabel "size before the resize (bytes)"
set ylabel "resize time (µs), p50 with bar to p99"
set logscale x 2
set logscale y 10
F = DATA."/summary.csv"
plot for [i=1:words(BE)] F using (ok("resize","double/remap/touched",word(BE,i),"resize_ns") ? $6 : NaN):(us($13)):(us($13)):(p99us(0)) \
        with yerrorlines lw 2 pt 7 title word(BE,i)
