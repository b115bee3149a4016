# first_touch.gp - page-fault cost per page on a fresh mapping, per backend:
# plain, MAP_POPULATE, and after posix_fallocate.
DATA = ARG1; OUT = ARG2; FMT = ARG3; SUB = ARG4; PLOTS = ARG5; BE = ARG6; XR = ARG7; VARS = ARG8; REF = ARG9
load PLOTS."/common.gp"
TITLE = "first-write cost per 4 KiB page of a fresh mapping"
XLAB = "region size"
YWHAT = "time per page"
S_SCN = "first_touch first_touch first_touch"
S_VAR = "plain populate reserve"
S_MET = "per_page_ns per_page_ns per_page_ns"
S_LAB = '"plain" "MAP_POPULATE" "after posix_fallocate"'
XC = "size_bytes"; MODELS = 0; IDEAL = 0
load PLOTS."/sweep.gp"
