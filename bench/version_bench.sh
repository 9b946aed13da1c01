#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# bench/version_bench.sh - version comparison benchmark:
#   1. 1,000,000 comparisons per scheme over real version pairs (bench/version_bench.c; dpkg
#      first), reported in ns per comparison;
#   2. a 100,000-pair seeded random run against `dpkg --compare-versions`
#      (tests/unit/test_version_dpkg_random.c), reporting the agreement rate.
#
# The version sources are compiled directly with -O2 (no CMake, so other modules' state does
# not matter) into $BENCH_VERSION_OUT (default build/bench-version).
#
# Environment: VIGIL_SHARED_DIR (default ../shared from the repo root), CC (default cc),
# BENCH_COMPARES (default 1000000), BENCH_PAIRS (default 100000), BENCH_SEED,
# BENCH_JOBS (parallel dpkg loops, default 4).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
shared=${VIGIL_SHARED_DIR:-$root/../shared}
out=${BENCH_VERSION_OUT:-$root/build/bench-version}
cc=${CC:-cc}
compares=${BENCH_COMPARES:-1000000}
pairs=${BENCH_PAIRS:-100000}
seed=${BENCH_SEED:-20240601}
jobs=${BENCH_JOBS:-4}

mkdir -p "$out"
cflags="-std=gnu11 -D_GNU_SOURCE -O2 -I$root/include -I$root/src -I$root/src/lib"
srcs=$(ls "$root"/src/lib/vulndb/version*.c)

echo "== building with $cc -O2 into $out"
# shellcheck disable=SC2086
$cc $cflags -o "$out/version_bench" "$root/bench/version_bench.c" $srcs
# shellcheck disable=SC2086
$cc $cflags -DVG_SHARED_DIR="\"$shared\"" -DVG_SOURCE_DIR="\"$root\"" \
	-DVG_TEST_DATA_DIR="\"$root/tests/data\"" $(pkg-config --cflags cmocka) \
	-o "$out/test_version_dpkg_random" "$root/tests/unit/test_version_dpkg_random.c" $srcs \
	$(pkg-config --libs cmocka)

echo
echo "== $compares comparisons per scheme ($(uname -m), $(nproc) CPUs)"
"$out/version_bench" "$shared" "$compares"

echo
echo "== $pairs random Debian version pairs against dpkg --compare-versions ($(dpkg --version | head -n1))"
start=$(date +%s)
log="$out/dpkg-random.log"
status=0
VIGIL_DPKG_RANDOM_N=$pairs VIGIL_DPKG_RANDOM_SEED=$seed VIGIL_DPKG_RANDOM_JOBS=$jobs \
	"$out/test_version_dpkg_random" >"$log" 2>&1 || status=$?
grep -E '^(dpkg random|DISAGREE|dpkg not installed)' "$log" || cat "$log"
echo "wall time $(( $(date +%s) - start )) s (full output: $log)"
exit $status
