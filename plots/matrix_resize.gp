# matrix_resize.gp - resize S -> 2S of a written region (remap), one panel per
# backend with the reference backend in grey, cost model where it fits.
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; PLOTS = ARG5; BE = ARG6; XR = ARG7; VARS = ARG8; REF = ARG9
load PLOTS."/common.gp"
TITLE = "resize S → 2S, old mapping written (remap), per backend"
XLAB = "size before the resize"
YWHAT = "resize time"
S_SCN = "resize"
S_VAR = "double/remap/touched"
S_MET = "resize_ns"
S_LAB = '"remap, touched"'
XC = "size_bytes"; MODELS = 1; IDEAL = 0
load PLOTS."/sweep.gp"
