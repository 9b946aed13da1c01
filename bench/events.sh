#!/usr/bin/env bash
# events.sh [EVENTS] [REPEATS] - build events_bench in a Release tree and run it on one core
# (the replay decoder + vg_rules_eval over the stable falco_rules.yaml).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build/bench-release}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DVIGIL_TESTS=OFF >/dev/null
cmake --build "$build" --target events_bench -j"$(nproc)" >/dev/null
exec taskset -c 0 "$build/events_bench" "$root/../shared" "${1:-1000000}" "${2:-3}"
