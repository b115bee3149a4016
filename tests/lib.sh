# lib.sh - helpers for the end-to-end tests of the front door (sourced).
# Each test is one script: exit 0 pass, 1 fail, 77 skip. CTest gives it a
# timeout; every command it runs goes through `rb_run`, which runs it in a
# session of its own and kills that whole process group on expiry.
set -u
: "${RB_BIN:?RB_BIN must point at the regionbench binary}"
RB_SRC=${RB_SRC:-$(cd "$(dirname "$0")/.." && pwd)}

T=$(mktemp -d "${RB_TEST_TMP:-/tmp}/rbe2e.XXXXXX")
# default run folders go under $RB_ROOT/results/runs: keep them in the test's own space
export RB_ROOT=$T/root
mkdir -p "$RB_ROOT"
SHM=$(mktemp -d /dev/shm/rbe2e.XXXXXX)
cleanup_hooks=()
cleanup() {
	for h in "${cleanup_hooks[@]}"; do eval "$h" || true; done
	rm -rf "$T" "$SHM"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
note() { echo "--- $*" >&2; }

# rb_run SECONDS CMD...: run CMD in its own session; on expiry kill its whole
# process group. Output goes to $T/out and $T/err; returns CMD's exit code (124 on timeout).
SETSID=$(command -v setsid)
SLEEP=$(command -v sleep)
rb_run() {
	local secs=$1
	shift
	"$SETSID" "$@" >"$T/out" 2>"$T/err" &
	local pid=$! waited=0
	while kill -0 "$pid" 2>/dev/null; do
		if [ "$waited" -ge $((secs * 10)) ]; then
			kill -KILL -- "-$pid" 2>/dev/null
			wait "$pid" 2>/dev/null
			echo "timed out after ${secs}s: $*" >>"$T/err"
			return 124
		fi
		"$SLEEP" 0.1
		waited=$((waited + 1))
	done
	wait "$pid"
}

# expect_usage_error WHAT-TO-FIND CMD...: exit 2, exactly one line on stderr naming WHAT.
expect_usage_error() {
	local want=$1
	shift
	rb_run 30 "$@"
	local rc=$?
	[ "$rc" = 2 ] || fail "'$*' exited $rc, expected 2 (stderr: $(cat "$T/err"))"
	[ "$(wc -l <"$T/err")" = 1 ] || fail "'$*' printed $(wc -l <"$T/err") lines on stderr, expected one: $(cat "$T/err")"
	grep -qF -- "$want" "$T/err" || fail "'$*': error does not name '$want': $(cat "$T/err")"
}

# The directory holds nothing (no region file, no temporary).
expect_empty() {
	local left
	left=$(ls -A "$1")
	[ -z "$left" ] || fail "$1 is not empty: $left"
}

# csv_col FILE COLUMN: print that column of every data row (no quoted commas in these columns).
csv_col() {
	awk -F, -v c="$2" 'NR==1{for(i=1;i<=NF;i++) if($i==c) k=i; next} k{print $k}' "$1"
}
