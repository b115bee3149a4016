# concurrent.gp - per-process attach latency when N processes attach at once;
# the ideal line is the single-process p50 (no contention).
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; BE = ARG6; XR = ARG7; VARS = ARG8
load ARG5."/common.gp"
set title "concurrent attach: per-process latency vs process count\n{/*0.8 ".SUB."}"
set xlabel "processes attaching at once"
set ylabel "attach latency per process (µs)"
set logscale x 2
set xtics (1, 2, 4, 8, 16, 32, 64) format "%g"
set xrange [0.8:20]
set yrange [0:*]
F = DATA."/summary.csv"
c(be) = strcol(3) eq "concurrent_attach" && strcol(4) eq be && strcol(9) eq "attach_ns" && measured(strcol(20))
plot for [i=1:words(BE)] F using (c(word(BE,i)) ? $8 : NaN):(us($13)) with linespoints lw 2 pt 7 title "p50 ".word(BE,i), \
     for [i=1:words(BE)] F using (c(word(BE,i)) && valid(15) ? $8 : NaN):(us($15)) with linespoints lw 1 pt 6 dt 3 title "p99 ".word(BE,i), \
     for [i=1:words(BE)] F using (c(word(BE,i)) && $8 == 1 ? 1 : NaN):(us($13)):(15):(0) with vectors nohead dt 2 lw 2 lc rgb "black" title "ideal (p50 of one process)"
