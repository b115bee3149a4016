# latency.gp - create / attach / attach_fd latency vs region size, per backend
# (log-log; the line is p50, the bar reaches p99).
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; BE = ARG6; XR = ARG7; VARS = ARG8
load ARG5."/common.gp"
set title "create, attach and attach\\_fd latency vs region size\n{/*0.8 ".SUB."}"
set xlabel "region size (bytes)"
set ylabel "latency (µs), p50 with bar to p99"
set logscale xy 2
set logscale y 10
F = DATA."/summary.csv"
plot for [i=1:words(BE)] F using (ok("create","manual",word(BE,i),"create_ns") ? $6 : NaN):(us($13)):(us($13)):(p99us(0)) \
        with yerrorlines lw 2 pt 7 title "create (MANUAL) ".word(BE,i), \
     for [i=1:words(BE)] F using (ok("attach","",word(BE,i),"attach_ns") ? $6 : NaN):(us($13)):(us($13)):(p99us(0)) \
        with yerrorlines lw 2 pt 5 title "attach by path ".word(BE,i), \
     for [i=1:words(BE)] F using (ok("attach_fd","",word(BE,i),"attach_fd_ns") ? $6 : NaN):(us($13)):(us($13)):(p99us(0)) \
        with yerrorlines lw 2 pt 9 title "attach_fd ".word(BE,i)
