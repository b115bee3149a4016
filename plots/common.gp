# common.gp - shared settings for every chart (loaded by each template).
# Every template is called as:
#   gnuplot -c TEMPLATE.gp DATA_DIR OUTPUT svg|png "SUBTITLE" PLOTS_DIR "BACKENDS" "XMIN XMAX" "VARIANTS"
# DATA_DIR holds the report's combined CSV files (summary.csv, cdf_stress.csv,
# fits.csv, overhead.csv, guests.csv); BACKENDS and VARIANTS are space-separated words.
# The template sets DATA OUT FMT SUB BE XR VARS from its arguments first
# (a loaded file does not see the caller's ARGn).
XMIN = word(XR, 1) + 0.0
XMAX = word(XR, 2) + 0.0
if (FMT eq "svg") {
    set terminal svg size 900,560 dynamic enhanced font "sans,12" background rgb "white"
} else {
    set terminal pngcairo size 900,560 enhanced font "sans,10" background rgb "white"
}
set output OUT
set datafile separator ","
set datafile missing "NaN"
set key outside right top vertical Left reverse noenhanced
set grid xtics ytics mxtics mytics lc rgb "#dddddd"
set border 3
set tics nomirror
# summary.csv columns: 3 scenario 4 backend 5 fs_type 6 size_bytes 7 variant 8 procs
# 9 metric 13 p50 14 p90 15 p99 16 p999 17 max 20 status
# a row with numbers: ok, or measured under interference, or with unstable runs
measured(st) = st eq "ok" || st eq "interference" || st eq "unstable"
ok(scn, var, be, met) = strcol(3) eq scn && strcol(7) eq var && strcol(4) eq be && strcol(9) eq met && measured(strcol(20))
us(x) = x / 1000.0
# the p99 bar, or none (the p50) where too few samples allow a p99 (its cell is empty)
p99us(x) = valid(15) ? column(15) / 1000.0 : column(13) / 1000.0
sizelabel(b) = b >= 1073741824 ? sprintf("%gG", b / 1073741824.0) : b >= 1048576 ? sprintf("%gM", b / 1048576.0) : sprintf("%gK", b / 1024.0)
# binary size tics for size axes (templates with other x axes override them)
set xtics ("4K" 4096, "16K" 16384, "64K" 65536, "256K" 262144, "1M" 1048576, "4M" 4194304, \
           "16M" 16777216, "64M" 67108864, "256M" 268435456, "1G" 1073741824, "4G" 4294967296)
