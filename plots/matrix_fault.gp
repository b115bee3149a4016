# matrix_fault.gp - page-fault cost per 4 KiB page across backends, relative to the reference, one panel per
# comparison in ratios.csv (chart matrix_fault); drawn by dotplot.gp.
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; PLOTS = ARG5; BE = ARG6; XR = ARG7; VARS = ARG8; REF = ARG9
load PLOTS."/common.gp"
CHART = "matrix_fault"
TITLE = "page-fault cost per 4 KiB page across backends, relative to the reference"
load PLOTS."/dotplot.gp"
