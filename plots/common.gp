# common.gp - shared settings for every chart (loaded by each template).
# Every template is called as:
#   gnuplot -c TEMPLATE.gp DATA_DIR OUTPUT svg|png "SUBTITLE" PLOTS_DIR "BACKENDS" "XMIN XMAX" "VARIANTS" REFERENCE
# DATA_DIR holds the report's combined CSV files (summary.csv, runs.csv, metrics.csv,
# models.csv, ratios.csv, samples_stress.csv, overhead.csv, guests.csv); BACKENDS and
# VARIANTS are space-separated words; REFERENCE is the backend comparisons are relative to.
# Columns are read by header name only (column("p50"), strcol("backend")); units come
# from metrics.csv. A template first sets DATA OUT FMT SUB PLOTS BE XR VARS REF from
# ARG1..ARG9 (a loaded file does not see them), loads this file, sets up its chart, may
# change W and H, then runs @TERM.

if (!exists("W")) { W = 900 }
if (!exists("H")) { H = 560 }
XMIN = word(XR, 1) + 0.0
XMAX = word(XR, 2) + 0.0
NB = words(BE)
# TERM opens the output at the canvas size W x H (a template may change H first).
TERM = 'PTOP = 1 - 128.0 / H; PB = 62.0 / H; if (FMT eq "svg") { set terminal svg size W,H dynamic enhanced font "sans,12" background rgb "white" } else { set terminal pngcairo size W,H enhanced font "sans,10" background rgb "white" }; set output OUT'
set datafile separator ","
set datafile columnheaders
set datafile missing "NaN"
set key outside right top vertical Left reverse noenhanced samplen 3
set grid xtics ytics lc rgb "#e4e4e4"
set border 3
set tics nomirror
set style fill transparent solid 0.11 noborder

# Series styles: colour (Okabe-Ito, safe for colour blindness), dash pattern and marker
# shape differ together, so every series is told apart in monochrome print too.
array LC[8] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B"]
array PT[8] = [7, 5, 9, 13, 6, 4, 8, 12]
do for [i=1:8] { set linetype i lc rgb LC[i] dt i lw 2 pt PT[i] ps 1.1 }
set linetype 9 lc rgb "#999999" dt 2 lw 1.5 pt 1 ps 0.8
GREY = 9

# RC_ counts rows that need a position of their own outside every axis range (a NaN
# position breaks xtic()/ytic() labels).
# A row carries numbers when its status is ok, interference or unstable (results/schema.h).
meas(s) = s eq "ok" || s eq "interference" || s eq "unstable"
# A variant word "-" stands for the empty variant.
vw(v) = v eq "-" ? "" : v
sizelabel(b) = b >= 1073741824 ? sprintf("%gG", b / 1073741824.0) : b >= 1048576 ? sprintf("%gM", b / 1048576.0) : sprintf("%gK", b / 1024.0)
# "double/remap/touched" -> "double, remap, touched"
slash1(s) = (P_ = strstrt(s, "/"), P_ ? s[1:P_-1].", ".s[P_+1:] : s)
nice(s) = slash1(slash1(slash1(s)))
ticklabel(v) = v >= 10 ? sprintf("%.0f", v) : sprintf("%g", v)

# The unit of metric M of scenario S ("": any), from metrics.csv (UNITOF sets UNIT); times are
# shown in µs: YS is the divisor from the file's unit to the shown one, YU its name.
UNITOF = 'UNIT = ""; stats DATA."/metrics.csv" using ((S eq "" || strcol("scenario") eq S) && strcol("metric") eq M ? (UNIT = strcol("unit"), 1) : 0) nooutput; YS = UNIT eq "ns" ? 1000.0 : 1.0; YU = UNIT eq "ns" ? "µs" : UNIT eq "count" ? "count" : UNIT eq "per_s" ? "per s" : UNIT'

# Size axis (log 2) over XMIN..XMAX with room on both sides, a labelled tick at every
# power of 4 inside it (the last size keeps its label).
# In narrow panels (NC >= 3) only every other power of 4 is labelled.
SHOWX = 1; SHOWY = 1; NC = 1; LPTS = ""; RC_ = 0
SIZEAXIS = 'set logscale x 2; set xrange [XMIN / 1.7 : XMAX * 1.7]; set xtics () nomirror; K0_ = 2 * ceil(log(XMIN / 1.01) / log(4)); do for [k=10:40:2] { if (2**k >= XMIN / 1.01 && 2**k <= XMAX * 1.01) { set xtics add ((SHOWX && (NC < 3 || (k - K0_) % 4 == 0) ? sizelabel(2**k) : "") 2**k) } }'
# Log y axis from YLO to YHI (set both first) with labelled 1-2-5 ticks when the
# range is narrow, decades when it is wide.
LOGY = 'set logscale y 10; set yrange [YLO : YHI]; set ytics () nomirror; D0_ = floor(log10(YLO)); D1_ = ceil(log10(YHI)); do for [k=D0_:D1_] { set ytics add ((SHOWY ? ticklabel(10.0**k) : "") 10.0**k); if (D1_ - D0_ <= 3) { set ytics add ((SHOWY ? ticklabel(2 * 10.0**k) : "") 2 * 10.0**k, (SHOWY ? ticklabel(5 * 10.0**k) : "") 5 * 10.0**k) } }'

# Small multiples: NP panels on a grid (PANEL_AT sets the margins of panel PI);
# shared axes: tick labels only on the left column and bottom row.
PL = 0.085; PR = 0.975; PB = 0.1; PTOP = 0.83; GX = 0.015; GY = 0.09   # PB, PTOP: set by TERM from H
GRID = 'NC = NP <= 3 ? NP : NP == 4 ? 2 : NP <= 6 ? 3 : 4; NR = ceil(NP * 1.0 / NC)'
PANEL_AT = 'C_ = (PI - 1) % NC; R_ = (PI - 1) / NC; PW_ = (PR - PL - (NC - 1) * GX) / NC; PH_ = (PTOP - PB - (NR - 1) * GY) / NR; set lmargin at screen PL + C_ * (PW_ + GX); set rmargin at screen PL + C_ * (PW_ + GX) + PW_; set tmargin at screen PTOP - R_ * (PH_ + GY); set bmargin at screen PTOP - R_ * (PH_ + GY) - PH_; SHOWY = C_ == 0; SHOWX = PI + NC > NP; set format y (SHOWY ? "%h" : ""); set format x (SHOWX ? "%h" : "")'

# A legend across the top of a multi-panel chart: NL entries, label LL[k], linetype
# LT[k] (sample line and marker; entries listed in LPTS, e.g. " 2 3 ": marker only), laid out left to right by their text lengths and
# wrapped onto a second row when they do not fit; drawn as an empty plot.
LEGEND = 'set lmargin at screen PL; set rmargin at screen PR; set tmargin at screen 1 - 62.0 / H; set bmargin at screen 1 - 100.0 / H; unset border; unset tics; unset title; unset grid; unset logscale; unset label; unset arrow; set key off; set xrange [0:1]; set yrange [0:1]; CW_ = 7.2 / (W * (PR - PL)); X_ = 0; Y_ = 0.75; do for [k=1:NL] { if (X_ > 0 && X_ + (strlen(LL[k]) + 5) * CW_ > 1) { X_ = 0; Y_ = 0.2 }; if (!strstrt(LPTS, sprintf(" %d ", k))) { set arrow 400 + k from graph X_, graph Y_ to graph X_ + 3 * CW_, graph Y_ nohead lt LT[k] }; set label 200 + k "" at graph X_ + 1.5 * CW_, graph Y_ point lt LT[k]; set label 300 + k LL[k] at graph X_ + 4 * CW_, graph Y_ left noenhanced; X_ = X_ + (strlen(LL[k]) + 8) * CW_ }; plot NaN notitle; unset arrow; unset label'
