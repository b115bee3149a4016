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
F = DATA."/cdf_stress.csv"
# cdf_stress.csv columns: 2 backend 4 variant 5 metric 7 fraction 8 value (points of each run's CDF)
v(var) = strcol(5) eq "visible_ns" && strcol(4) eq var
plot for [i=1:words(VARS)] F using (v(word(VARS,i)) ? us($8) : NaN):7 with lines lw 2 title word(VARS,i)
