# overhead.gp - the core's overhead over the same syscalls written inline (p50 ratio);
# 1.0 means no overhead; the dashed line is the 1.03 target.
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; BE = ARG6; XR = ARG7; VARS = ARG8
load ARG5."/common.gp"
set title "core overhead over raw syscalls (p50 core / p50 raw)\n{/*0.8 ".SUB."}"
set ylabel "ratio (1.0 = no overhead)"
set xlabel "operation, backend and size"
set style fill solid 0.6 border -1
set boxwidth 0.7
set xtics auto rotate by -45 noenhanced font ",9"
set yrange [0:*]
set key top left inside
F = DATA."/overhead.csv"
# overhead.csv columns: 3 scenario 5 backend 7 size_bytes 11 ratio
plot F using 0:11:xtic(strcol(3)." ".strcol(5)." ".sizelabel($7)) with boxes lc rgb "#4477aa" title "core / raw", \
     1.0 with lines lw 2 lc rgb "black" title "1.0 (no overhead)", \
     1.03 with lines dt 2 lw 1 lc rgb "#cc3311" title "1.03 target"
