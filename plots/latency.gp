# latency.gp - create / attach / attach_fd latency vs region size, per backend
# (log-log; markers and line at p50, band up to p99; panels per backend when many).
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; PLOTS = ARG5; BE = ARG6; XR = ARG7; VARS = ARG8; REF = ARG9
load PLOTS."/common.gp"
TITLE = "create, attach and attach\\_fd latency vs region size"
XLAB = "region size"
YWHAT = "latency"
S_SCN = "create attach attach_fd"
S_VAR = "manual - -"
S_MET = "create_ns attach_ns attach_fd_ns"
S_LAB = '"create (MANUAL)" "attach by path" "attach_fd"'
XC = "size_bytes"; MODELS = 0; IDEAL = 0
load PLOTS."/sweep.gp"
