# retouch.gp - the cost of writing the old bytes again after a resize, per strategy:
# a fresh mapping (remap) faults every page again; mremap moved the page tables.
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; PLOTS = ARG5; BE = ARG6; XR = ARG7; VARS = ARG8; REF = ARG9
load PLOTS."/common.gp"
TITLE = "writing the old S bytes again after resize S → 2S"
XLAB = "size before the resize"
YWHAT = "time to write the old S bytes"
S_SCN = "resize resize resize resize"
S_VAR = "double/remap/touched double/mremap/touched step/remap/touched step/mremap/touched"
S_MET = "retouch_ns retouch_ns retouch_ns retouch_ns"
S_LAB = '"S→2S, remap" "S→2S, mremap" "+1 step, remap" "+1 step, mremap"'
XC = "size_bytes"; MODELS = 1; IDEAL = 0
load PLOTS."/sweep.gp"
