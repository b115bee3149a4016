# resize.gp - resize cost vs size per strategy, old mapping touched vs untouched,
# with Google Benchmark's O(N) fit drawn as a dashed line (first backend).
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; BE = ARG6; XR = ARG7; VARS = ARG8
load ARG5."/common.gp"
B = word(BE, 1)
set title "resize S → 2S: cost vs size (".B.")\n{/*0.8 ".SUB."}"
set xlabel "size before the resize (bytes)"
set ylabel "resize time (µs), p50 with bar to p99"
set logscale x 2
set logscale y 10
F = DATA."/summary.csv"
FITS = DATA."/fits.csv"
V = "double/remap/untouched double/remap/touched double/mremap/untouched double/mremap/touched"
# fits.csv columns: 3 scenario 4 backend 6 variant 10 coef_ns_per_byte
fit(v) = strcol(3) eq "resize" && strcol(4) eq B && strcol(6) eq v
plot for [i=1:4] F using (ok("resize",word(V,i),B,"resize_ns") ? $6 : NaN):(us($13)):(us($13)):(p99us(0)) \
        with yerrorlines lw 2 pt 7 lc i title word(V,i), \
     for [i=1:4] FITS using (fit(word(V,i)) ? XMIN : NaN):(us($10*XMIN)):(XMAX-XMIN):(us($10*XMAX-$10*XMIN)) \
        with vectors nohead dt 2 lw 1 lc i title "O(N) fit ".word(V,i)
