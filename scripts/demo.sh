#!/usr/bin/env bash
# demo.sh - install what is missing, build vigil (release) and scan the bundled example stack.
# usage: scripts/demo.sh [extra vigil scan options...]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" >/dev/null
echo "== vigil scan examples/stack $*" >&2
set +e
build/release/vigil scan "$@" examples/stack
status=$?
set -e
case $status in
0) echo "== clean: no findings" >&2 ;;
1) echo "== findings reported (exit status 1, as CI would see it); the example stack has deliberate problems" >&2 ;;
*) echo "== vigil failed with exit status $status" >&2; exit "$status" ;;
esac
exit 0
