#!/usr/bin/env bash
# e2e_bench_timers: each bench timer covers its operation and nothing else. An
# LD_PRELOAD fixture makes munmap and unlink 2 ms slower (a busy wait) in every
# process: close_ns (munmap, close, unlink) then takes at least 2 ms, and so
# does create_ns of an AUTO region (its create unlinks the file, documented),
# while create_ns of a MANUAL region (open, fchmod, ftruncate, mmap), attach_ns (open, fstat, mmap in the
# helper) and first_touch's per_page_ns and map_ns stay far below 2 ms: their
# timers do not cover the region's close, the attach's clean-up, or the unmap.
. "$(dirname "$0")/lib.sh"
: "${RB_SLOWDOWN:?RB_SLOWDOWN must point at the slowdown fixture}"
rb_run 300 env LD_PRELOAD="$RB_SLOWDOWN" RB_SLOW_CALLS=munmap,unlink RB_SLOW_NS=2000000 \
	"$RB_BIN" bench --out "$T/run" --backend "dir:$SHM" --filter '^(create|close|attach|first_touch)$' --sizes 4K \
	--iterations 20 --repetitions 1 --interference-bound 1000 --no-hyperfine ||
	fail "bench exited $?: $(tail -n 5 "$T/err")"
p50() { # SCENARIO VARIANT METRIC
	awk -F, -v s="$1" -v v="$2" -v m="$3" 'NR==1{for(i=1;i<=NF;i++) c[$i]=i; next}
		$c["scenario"]==s && $c["variant"]==v && $c["metric"]==m {print $c["p50"]}' "$T/run/summary.csv"
}
check() { # SCENARIO VARIANT METRIC below|above
	local v
	v=$(p50 "$1" "$2" "$3")
	[ -n "$v" ] || fail "$1 $2 $3: no p50 in summary.csv"
	if [ "$4" = above ]; then
		awk -v x="$v" 'BEGIN {exit !(x >= 2000000)}' || fail "$1 $2 $3 p50 $v ns: the slowed munmap/unlink is not in its timer"
	else
		awk -v x="$v" 'BEGIN {exit !(x < 1000000)}' || fail "$1 $2 $3 p50 $v ns: its timer covers the slowed munmap/unlink"
	fi
	note "$1 $2 $3 p50 $v ns ($4 2 ms)"
}
check close manual close_ns above
check close auto close_ns above
check create manual create_ns below
check create auto create_ns above
check attach "" attach_ns below
check first_touch plain per_page_ns below
check first_touch plain map_ns below
expect_empty "$SHM"
echo PASS
