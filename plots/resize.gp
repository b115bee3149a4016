# resize.gp - resize S -> 2S per strategy, old mapping untouched or written: p50
# markers, band to p99, and each series' cost model (fixed + per page) where it fits.
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; PLOTS = ARG5; BE = ARG6; XR = ARG7; VARS = ARG8; REF = ARG9
load PLOTS."/common.gp"
TITLE = "resize S → 2S: cost vs size per strategy"
XLAB = "size before the resize"
YWHAT = "resize time"
S_SCN = "resize resize resize resize"
S_VAR = "double/remap/untouched double/remap/touched double/mremap/untouched double/mremap/touched"
S_MET = "resize_ns resize_ns resize_ns resize_ns"
S_LAB = '"remap, untouched" "remap, touched" "mremap, untouched" "mremap, touched"'
XC = "size_bytes"; MODELS = 1; IDEAL = 0
load PLOTS."/sweep.gp"
