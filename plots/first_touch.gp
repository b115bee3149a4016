# first_touch.gp - page-fault cost per page on a fresh mapping, per backend:
# plain, MAP_POPULATE, and after posix_fallocate.
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; BE = ARG6; XR = ARG7; VARS = ARG8
load ARG5."/common.gp"
set title "first-write cost per 4 KiB page of a fresh mapping\n{/*0.8 ".SUB."}"
set xlabel "region size (bytes)"
set ylabel "time per page (µs), p50 with bar to p99"
set logscale x 2
set logscale y 10
F = DATA."/summary.csv"
V = "plain populate reserve"
plot for [i=1:words(BE)] for [j=1:3] F using (ok("first_touch",word(V,j),word(BE,i),"per_page_ns") ? $6 : NaN):(us($13)):(us($13)):(p99us(0)) \
        with yerrorlines lw 2 pt (4+j) title word(V,j)." ".word(BE,i)
