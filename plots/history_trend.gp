# history_trend.gp - `regionbench history trend`: one panel (chart) per series,
# a point per run (worker process), the median per commit (or kernel, or
# run folder in time) as a line, detected steps as dashed red lines.
#   gnuplot -c history_trend.gp DATA_DIR OUT_DIR svg|png NPANELS commit|time|kernel
# DATA_DIR holds panels.tsv (panel, title, ylabel; tab-separated) and per panel i
# panel-i.csv (x,value), panel-i-median.csv (x,median,label) and panel-i-steps.csv
# (x,label); x is a commit/kernel index or, by time, seconds since 1970.
DATA = ARG1; OUT = ARG2; FMT = ARG3; N = int(ARG4); BY = ARG5
if (FMT eq "svg") {
    set terminal svg size 900,420 dynamic enhanced font "sans,11" background rgb "white"
} else {
    set terminal pngcairo size 900,420 enhanced font "sans,9" background rgb "white"
}
set key outside bottom center horizontal noenhanced
set grid ytics lc rgb "#dddddd"
set border 3
set tics nomirror
if (BY eq "time") {
    set timefmt "%s"
    set xlabel "run time (UTC)"
} else {
    set xtics rotate by -45 noenhanced
    set xlabel (BY eq "kernel" ? "kernel" : "commit (in the order of the runs' times)")
}
do for [i=1:N] {
    set xdata  # stats does not work on a time axis,
    set autoscale xy  # nor outside the previous panel's ranges
    set datafile separator "\t"
    stats DATA."/panels.tsv" every ::i::i using (T = strcol(2), Y = strcol(3), 0) nooutput
    set datafile separator ","
    P = sprintf("%s/panel-%d.csv", DATA, i)
    stats P using 1:2 nooutput
    YLO = STATS_min_y; YHI = STATS_max_y; XLO = STATS_min_x; XHI = STATS_max_x
    PAD = (YHI > YLO ? (YHI - YLO) * 0.08 : (YHI != 0 ? abs(YHI) * 0.05 : 1))
    set yrange [YLO - PAD : YHI + 2 * PAD]
    if (BY ne "time") {
        set xrange [XLO - 0.5 : XHI + 0.5]
    } else {
        set xdata time
        set format x "%Y-%m-%d\n%H:%M"
        set autoscale x
    }
    set output sprintf("%s/panel-%d.%s", OUT, i, FMT)
    set title T noenhanced
    set ylabel Y noenhanced
    M = sprintf("%s/panel-%d-median.csv", DATA, i)
    S = sprintf("%s/panel-%d-steps.csv", DATA, i)
    if (BY eq "time") {
        plot P using 1:2 with points pt 7 ps 0.5 lc rgb "#4477aa" title "one run (worker process): its median", \
             M using 1:2 with lines lw 2 lc rgb "#222222" title "median per commit", \
             S using 1:(YLO - PAD):(0):(YHI - YLO + 3 * PAD) with vectors nohead dt 2 lw 2 lc rgb "#cc3311" title "detected step", \
             S using 1:(YHI + PAD):2 with labels left offset 0.3,0 tc rgb "#cc3311" notitle
    } else {
        plot P using 1:2 with points pt 7 ps 0.5 lc rgb "#4477aa" title "one run (worker process): its median", \
             M using 1:2:xticlabels(3) with lines lw 2 lc rgb "#222222" title "median per ".BY, \
             S using 1:(YLO - PAD):(0):(YHI - YLO + 3 * PAD) with vectors nohead dt 2 lw 2 lc rgb "#cc3311" title "detected step", \
             S using 1:(YHI + PAD):2 with labels left offset 0.3,0 tc rgb "#cc3311" notitle
    }
}
