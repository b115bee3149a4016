# concurrent.gp - per-process attach latency when N processes attach at once;
# the dashed line is the single-process p50 (no contention).
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; PLOTS = ARG5; BE = ARG6; XR = ARG7; VARS = ARG8; REF = ARG9
load PLOTS."/common.gp"
TITLE = "concurrent attach: per-process latency vs process count"
XLAB = "processes attaching at once"
YWHAT = "attach latency per process"
S_SCN = "concurrent_attach"
S_VAR = "-"
S_MET = "attach_ns"
S_LAB = '"attach, each process"'
XC = "procs"; MODELS = 0; IDEAL = 1
load PLOTS."/sweep.gp"
