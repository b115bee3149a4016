# matrix_ops.gp - operations across backends: p50 relative to the reference, one panel per
# comparison in ratios.csv (chart matrix_ops); drawn by dotplot.gp.
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; PLOTS = ARG5; BE = ARG6; XR = ARG7; VARS = ARG8; REF = ARG9
load PLOTS."/common.gp"
CHART = "matrix_ops"
TITLE = "operations across backends: p50 relative to the reference"
load PLOTS."/dotplot.gp"
