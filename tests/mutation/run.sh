#!/usr/bin/env bash
# run.sh - the mutation check (slow; not part of .ci/run). Applies every mutant of
# tests/mutation/mutants.txt to a scratch copy of this tree (build/mutation/src),
# rebuilds incrementally in one build folder (build/mutation/build), runs the
# mutant's tests, restores, and prints killed/survived/not-applied per mutant and
# the score. Exit 0 only when every mutant is killed. Options: see --help
# (e.g. --only REGEX, --check to see that every pattern still applies).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
py=/usr/bin/python3
[ -x "$py" ] || py=python3
exec nice -n "${RB_MUTATION_NICE:-10}" "$py" "$here/mutate.py" "$@"
