# visible.gp - distribution (CDF) of visible_ns under growth: time from a writer's
# commit to a reader seeing it, one curve per detection mode / strategy.
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; BE = ARG6; XR = ARG7; VARS = ARG8
load ARG5."/common.gp"
set title "write visibility under growth: CDF of visible\\_ns\n{/*0.8 ".SUB."}"
set xlabel "visible latency (µs, log scale)"
set ylabel "fraction of records seen within x"
set logscale x 10
set xtics auto format "%g"
set yrange [0:1]
set key bottom right inside
F = DATA."/samples_stress.csv"
# samples columns: 4 backend 7 variant 9 metric 12 value
v(var) = strcol(9) eq "visible_ns" && strcol(7) eq var
plot for [i=1:words(VARS)] F using (v(word(VARS,i)) ? us($12) : NaN):(1.0) smooth cnormal lw 2 title word(VARS,i)
