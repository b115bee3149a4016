#!/usr/bin/env bash
# figures_measure.sh - the figures behind issue 16's claims, measured on this
# machine (run it on a quiet one; it takes about 35 minutes in all). Not a test:
# it prints numbers and never decides pass/fail.
#
#   tests/figures_measure.sh [PART]...    PART: bench report matrix agreement interference
#                                         (default: all of them, in that order)
#
# bench         default `bench` on dir:/dev/shm: duration, folder size, rows marked
#               interference/unstable, the core/raw ratios with their run-level range
# report        `report --full` and `report --quick`: duration and folder size
# matrix        quick `matrix` (needs root): duration and folder size
# agreement     create, attach and first_touch (plain) p50 from `bench` against the same
#               calls timed back to back in one process (regionbench-probe b2b), every
#               size of the default suite; target within +-15 %
# interference  `bench --quick` on a quiet machine, then beside two busy loops: how many
#               configurations each marks interference / unstable
# Every measurement holds /tmp/regionbench-timing.lock (flock) while it runs.
# AGREE_SIZES="4096 65536" limits the agreement part to those sizes (bytes).
# Uses the default build: BUILD=build/default (cmake --preset default && cmake --build --preset default).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build/default}
RB=$BUILD/src/regionbench
PROBE=$BUILD/src/regionbench-probe
[ -x "$RB" ] && [ -x "$PROBE" ] || { echo "build first: cmake --preset default && cmake --build --preset default" >&2; exit 2; }
W=$(mktemp -d /tmp/rbfig.XXXXXX)
trap 'rm -rf "$W"' EXIT
LOCK=/tmp/regionbench-timing.lock
parts=${*:-bench report matrix agreement interference}

timed() { # LABEL CMD...: run CMD under the timing lock, print its duration
	local t0 t1 label=$1
	shift
	t0=$(date +%s.%N)
	flock "$LOCK" "$@" >"$W/$label.out" 2>"$W/$label.err" || echo "($label exited $?) " >&2
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", b - a}'
}
col() { # FILE NAME...: "|"-joined columns by header name (reason and description may hold commas: not asked for)
	awk -F, -v want="${*:2}" 'NR==1{n=split(want,w," "); for(i=1;i<=NF;i++) c[$i]=i; next}
		{s=""; for(i=1;i<=n;i++) s=s (i>1?"|":"") $c[w[i]]; print s}' "$1"
}
size_mb() { du -sm "$1" | cut -f1; }
marked() { # RUN_DIR: "N interference, M unstable (of K configurations)"
	local i u k
	i=$(grep '^configurations_interference,' "$1/meta.csv" | cut -d, -f2)
	u=$(grep '^configurations_unstable,' "$1/meta.csv" | cut -d, -f2)
	k=$(col "$1/runs.csv" scenario backend size_bytes variant procs rep | grep '|0$' | sort -u | wc -l)
	echo "${i:-?} interference, ${u:-?} unstable (of $k configurations)"
}

for part in $parts; do
	case $part in
	bench)
		echo "== default bench on dir:/dev/shm (target: <= 10 min, <= 300 MB)"
		s=$(timed bench "$RB" bench --out "$W/bench")
		echo "  duration ${s} s, folder $(size_mb "$W/bench") MB, $(marked "$W/bench")"
		echo "  core/raw p50 ratios (all samples) and their range over runs (one worker process each):"
		col "$W/bench/overhead.csv" scenario size_bytes ratio runs ratio_min ratio_max |
			awk -F'|' '{printf "    %-7s %11s B  ratio %s  runs %s: %s .. %s\n", $1, $2, $3, $4, $5, $6}'
		;;
	report)
		echo "== report --full (target: <= 15 min) and report --quick (target: <= 20 MB)"
		s=$(timed full "$RB" report --full --out "$W/full")
		echo "  --full: duration ${s} s, folder $(size_mb "$W/full") MB"
		s=$(timed quick "$RB" report --quick --out "$W/quick")
		echo "  --quick: duration ${s} s, folder $(size_mb "$W/quick") MB"
		rm -rf "$W/full" "$W/quick"
		;;
	matrix)
		echo "== quick matrix (target: <= 4 min, <= 100 MB)"
		if [ "$(id -u)" != 0 ]; then
			echo "  skipped: matrix needs root"
		else
			s=$(timed matrix "$RB" matrix --quick --out "$W/matrix")
			echo "  duration ${s} s, folder $(size_mb "$W/matrix") MB; $(grep -c 'skipped' "$W/matrix.err") backend(s) skipped"
			rm -rf "$W/matrix"
		fi
		;;
	agreement)
		echo "== bench p50 against the same calls timed back to back in one process (target: within +-15 %)"
		sizes=${AGREE_SIZES:-4096 16384 65536 262144 1048576 4194304 16777216 67108864 268435456 1073741824}
		flock "$LOCK" "$RB" bench --out "$W/agree" --filter '^(create|attach|first_touch)$' --no-hyperfine \
			--sizes "$(echo $sizes | tr ' ' ',')" \
			>"$W/agree.out" 2>"$W/agree.err" || echo "  (bench exited $?)"
		printf "  %-11s %-12s %12s %12s %8s\n" size metric bench b2b ratio
		for size in $sizes; do
			n=200
			[ "$size" -ge 67108864 ] && n=5
			flock "$LOCK" "$PROBE" b2b /dev/shm "$size" "$n" >"$W/b2b" 2>&1 || { echo "  $size: b2b failed: $(cat "$W/b2b")"; continue; }
			read -r c a t < <(tail -n 1 "$W/b2b" | tr ',' ' ' | cut -d' ' -f2-)
			for m in "create manual create_ns $c" "attach - attach_ns $a" "first_touch plain per_page_ns $t"; do
				set -- $m
				v=$1 var=$2 met=$3 ref=$4
				[ "$var" = - ] && var=
				got=$(col "$W/agree/summary.csv" scenario variant size_bytes metric p50 |
					awk -F'|' -v s="$v" -v va="$var" -v z="$size" -v me="$met" '$1==s && $2==va && $3==z && $4==me {print $5}')
				awk -v s="$size" -v me="$met" -v g="${got:-nan}" -v r="$ref" 'BEGIN {
					q = -1
					if (r > 0 && g + 0 > 0) q = g / r
					txt = "-"
					if (q > 0) txt = sprintf("%.3f", q)
					flag = ""
					if (q > 0 && (q < 0.85 || q > 1.15)) flag = "  OUTSIDE"
					printf "  %-11s %-12s %12s %12s %8s%s\n", s, me, g, r, txt, flag }'
			done
		done
		;;
	interference)
		echo "== configurations marked by a quick bench: quiet, then beside two busy loops"
		flock "$LOCK" "$RB" bench --quick --no-hyperfine --out "$W/quiet" >/dev/null 2>&1
		echo "  quiet:             $(marked "$W/quiet")"
		bash -c 'while :; do :; done' &
		l1=$!
		bash -c 'while :; do :; done' &
		l2=$!
		flock "$LOCK" "$RB" bench --quick --no-hyperfine --out "$W/busy" >/dev/null 2>&1
		kill "$l1" "$l2"
		wait "$l1" "$l2" 2>/dev/null
		echo "  two busy loops:    $(marked "$W/busy")"
		;;
	*)
		echo "unknown part '$part' (expected: bench report matrix agreement interference)" >&2
		exit 2
		;;
	esac
done
