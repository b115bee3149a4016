# matrix_ops.gp - grouped bars: p50 per operation, one bar per backend, a line to p99
# (4 KiB regions; 2 MiB on hugetlbfs, which has no smaller pages).
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; BE = ARG6; XR = ARG7; VARS = ARG8
load ARG5."/common.gp"
set title "operations across backends (p50 bar, line to p99)\n{/*0.8 ".SUB."}"
set ylabel "latency (µs)"
set xlabel "operation"
set logscale y 10
set style fill solid 0.7 border -1
OPS = "create close attach attach_fd check_and_remap pingpong"
VAR = "manual manual - - fstat/unchanged -"
MET = "create_ns close_ns attach_ns attach_fd_ns check_ns oneway_ns"
set xtics () noenhanced
set for [k=1:words(OPS)] xtics add (word(OPS,k) k)
set xrange [0.4:words(OPS)+0.6]
N = words(BE)
W = 0.8 / N
small(s, fs) = (s == 4096 && fs ne "hugetlbfs") || (s == 2097152 && fs eq "hugetlbfs")
row(k, be) = strcol(3) eq word(OPS,k) && strcol(4) eq be && strcol(9) eq word(MET,k) && measured(strcol(20)) && \
             (word(VAR,k) eq "-" ? strcol(7) eq "" : strcol(7) eq word(VAR,k)) && small($6, strcol(5))
xpos(k, i) = k - 0.4 + W * (i - 0.5)
F = DATA."/summary.csv"
set boxwidth W
plot for [i=1:N] for [k=1:words(OPS)] F using (row(k, word(BE,i)) ? xpos(k,i) : NaN):(us($13)) with boxes lc i \
        title (k == 1 ? word(BE,i) : ""), \
     for [i=1:N] for [k=1:words(OPS)] F using (row(k, word(BE,i)) ? xpos(k,i) : NaN):(us($13)):(0):(p99us(0)-us($13)) \
        with vectors nohead lc rgb "black" notitle
