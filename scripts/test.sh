#!/usr/bin/env bash
# test.sh - install what is missing, then build and run the whole test suite:
#   1. gcc debug build (-Werror) + every test (unit, golden, fuzz-corpus replay, SARIF schema)
#   2. clang ASan+UBSan build + every test again
#   3. libFuzzer build of every fuzz target + a short run of each (VIGIL_FUZZ_SECONDS, default 10)
#   4. benchmark smoke (bench/run.sh --smoke)
# usage: scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scripts/deps.sh
scripts/sarif-validator.sh
jobs=$(nproc)
export CTEST_OUTPUT_ON_FAILURE=1
# as root, build the real Debian test image once (../shared/peers/build-test-images.sh, into
# ~/.cache/vigil-images) so the image integration test compares vigil with Trivy on it
[ "$(id -u)" -eq 0 ] && export VIGIL_IMAGE_TESTS=1
# Trivy (the peer the integration tests compare with) when it can be installed
bash ../shared/peers/run-peers.sh --install >/dev/null 2>&1 || echo "test: trivy not installed; image comparisons use vigil alone" >&2

step() { printf '\n==== %s ====\n' "$*"; }

step "debug build (gcc, -Werror)"
cmake --preset debug >/dev/null
cmake --build --preset debug -j"$jobs"
ctest --preset debug -j"$jobs"

step "ASan + UBSan build (clang, -Werror)"
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$jobs"
ctest --preset asan -j"$jobs"

step "libFuzzer targets (clang)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$jobs"
secs=${VIGIL_FUZZ_SECONDS:-10}
for t in build/fuzz/tests/fuzz_*; do
	name=$(basename "$t")
	short=${name#fuzz_}
	work=$(mktemp -d)
	cp -r "tests/fuzz/corpus/$short/." "$work/"
	echo "fuzz: $name for ${secs}s"
	"$t" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$root/build/fuzz/$name-" "$work" 2>"build/fuzz/$name.log" ||
		{ tail -50 "build/fuzz/$name.log"; exit 1; }
	grep -E '^(#[0-9]+|Done)' "build/fuzz/$name.log" | tail -1
	rm -rf "$work"
done

step "benchmark smoke"
bench/run.sh --smoke

step "all tests passed"
