# matrix_visible.gp - write visibility under growth (visible_ns) across backends, relative to the reference, one panel per
# comparison in ratios.csv (chart matrix_visible); drawn by dotplot.gp.
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; PLOTS = ARG5; BE = ARG6; XR = ARG7; VARS = ARG8; REF = ARG9
load PLOTS."/common.gp"
CHART = "matrix_visible"
TITLE = "write visibility under growth (visible\\_ns) across backends, relative to the reference"
load PLOTS."/dotplot.gp"
