# grow_to_remap.gp - growth-to-remapped latency per guest: from the host's release
# store of the new size to the guest having remapped (p50 box, p99 and max marks).
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; BE = ARG6; XR = ARG7; VARS = ARG8
load ARG5."/common.gp"
set title "growth-to-remapped latency per guest\n{/*0.8 ".SUB."}"
set ylabel "latency (µs)"
set xlabel "guest (detection mode / strategy, role and index)"
set style fill solid 0.6 border -1
set boxwidth 0.6
set xtics auto rotate by -45 noenhanced font ",9"
set logscale y 10
F = DATA."/guests.csv"
# guests.csv columns: 6 variant 8 role 9 index 11 p50 12 p99 13 max
lab(x) = strcol(6)." ".strcol(8).strcol(9)
plot F using 0:(us($11)):xtic(lab(0)) with boxes lc rgb "#4477aa" title "p50", \
     F using 0:(us($12)) with points pt 7 lc rgb "#cc3311" title "p99", \
     F using 0:(us($13)) with points pt 2 lc rgb "black" title "max"
