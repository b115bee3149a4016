#!/usr/bin/env bash
# e2e_bench_options: every bad option of `bench` gets one line naming it, exit 2, and nothing is created.
. "$(dirname "$0")/lib.sh"
B="$RB_BIN bench"
expect_usage_error "'0'" $B --sizes 0
expect_usage_error "'-1'" $B --sizes -1
expect_usage_error "18446744073709551616" $B --sizes 18446744073709551616
expect_usage_error "1e999" $B --sizes 1e999
expect_usage_error "4Q" $B --sizes 4Q
expect_usage_error "1000" $B --sizes 1000
expect_usage_error "--repetitions" $B --repetitions 0
expect_usage_error "--repetitions" $B --repetitions 99999999999999999999999
expect_usage_error "--iterations" $B --iterations -3
expect_usage_error "--min-time" $B --min-time abc
expect_usage_error "--min-time" $B --min-time 1e999
expect_usage_error "nfs:/x" $B --backend nfs:/x
expect_usage_error "/nonexistent/dir" $B --backend dir:/nonexistent/dir
echo x >"$T/afile"
expect_usage_error "$T/afile" $B --backend "dir:$T/afile"
expect_usage_error "/nonexistent" $B --out /nonexistent/run
expect_usage_error "$T/afile" $B --out "$T/afile"
mkdir "$T/full" && touch "$T/full/x"
expect_usage_error "$T/full" $B --out "$T/full"
expect_usage_error "--filter" $B --filter '('
expect_usage_error "--pin" $B --pin 9999
expect_usage_error "--bogus" $B --bogus
long=$(printf 'a%.0s' $(seq 1 5000))
expect_usage_error "PATH_MAX" $B --backend "dir:/$long"
# read-only filesystem and an unwritable directory (as an unprivileged user)
if [ "$(id -u)" = 0 ]; then
	mkdir "$T/ro" && mount -t tmpfs -o ro,size=1m rbtest-ro "$T/ro" && cleanup_hooks+=("umount '$T/ro'")
	expect_usage_error "read-only" $B --backend "dir:$T/ro"
	# as user nobody, from a copy of the binary in $T: the checkout may sit in a
	# folder others cannot enter (root's home, a mktemp -d clone)
	mkdir -p "$T/locked" "$T/bin" && chmod 755 "$T" "$T/locked" "$T/bin"
	cp "$RB_BIN" "$T/bin/regionbench" && chmod 755 "$T/bin/regionbench"
	NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	if "${NOBODY[@]}" test -x "$T/bin/regionbench"; then
		expect_usage_error "not writable" "${NOBODY[@]}" "$T/bin/regionbench" bench --backend "dir:$T/locked"
	else
		note "unwritable-directory part skipped (user nobody cannot enter $T: a parent folder is closed to others)"
	fi
fi
# nothing was created anywhere: no run folder, nothing in the backend
[ ! -e "$RB_ROOT/results" ] || fail "a run folder was created: $(ls -R "$RB_ROOT/results")"
expect_empty "$SHM"
[ -z "$(ls -A "$T/full" | grep -v '^x$')" ] || fail "a run wrote into $T/full"
echo "PASS"
