# matrix_fault.gp - first-write cost per 4 KiB page of a fresh mapping (plain), per backend.
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; BE = ARG6; XR = ARG7; VARS = ARG8
load ARG5."/common.gp"
set title "page-fault cost per 4 KiB page, per backend\n{/*0.8 ".SUB."}"
set xlabel "region size (bytes)"
set ylabel "time per page (µs), p50 with bar to p99"
set logscale x 2
set logscale y 10
F = DATA."/summary.csv"
plot for [i=1:words(BE)] F using (ok("first_touch","plain",word(BE,i),"per_page_ns") ? $6 : NaN):(us($13)):(us($13)):(p99us(0)) \
        with yerrorlines lw 2 pt 7 title word(BE,i)
