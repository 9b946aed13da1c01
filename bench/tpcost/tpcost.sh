#!/bin/bash
# Per-syscall tracepoint experiment (README.md). Root. Usage: sudo bench/tpcost/tpcost.sh [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
clang -O2 -g -target bpf -D__TARGET_ARCH_x86 -I"$here/../../bpf" -c "$here/tpcost.bpf.c" -o "$out/tpcost.bpf.o"
gcc -O2 -Wall -Wextra "$here/tpcost.c" -o "$out/tpcost" -lbpf
gcc -O2 -Wall -Wextra "$here/loader.c" -o "$out/loader" -lbpf
uptime
for _ in $(seq "${1:-2}"); do "$out/tpcost" "$out/tpcost.bpf.o"; "$out/tpcost" floor; done
# dd itself: median of 5 runs (seconds for 2,000,000 x 512 bytes) per setting, interleaved
dd_median() {
	for _ in 1 2 3 4 5; do
		dd if=/dev/zero of=/dev/null bs=512 count=2000000 2>&1 | awk '/copied/ { print $(NF-3) }'
	done | sort -g | sed -n 3p
}
for _ in $(seq "${1:-2}"); do
	line="dd seconds (median of 5): none $(dd_median)"
	for p in tc_all_exit tc_one_exit; do
		"$out/loader" "$out/tpcost.bpf.o" "$p" & pid=$!
		sleep 1
		line="$line  $p $(dd_median)"
		kill "$pid"; wait "$pid" || true
	done
	echo "$line"
done
uptime
