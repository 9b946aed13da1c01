#!/usr/bin/env bash
# live.sh - cost of `vigil watch` (live eBPF capture, the stable Falco rules) on syscall-heavy
# workloads, measured in one run on this machine (docs/live.md, bench/RESULTS.md):
#   1. dd if=/dev/zero of=/dev/null bs=512 count=N  (read + write: syscalls the rules do not use)
#   2. bench/openloop: open + read + close of one file in a loop (openat and close are captured)
# each without vigil and with vigil running (RUNS interleaved pairs), reporting the throughput loss and
# vigil's CPU share (utime + stime of the vigil process over the wall time of the workload);
#   3. the highest openloop event rate vigil sustains with zero drops (paced steps).
# Needs root. Usage: bench/live.sh [VIGIL_BIN]   (default build/e1-release/vigil)
# Environment: RULES (default ../shared/corpus/falco-rules/falco_rules.yaml), RUNS (5),
# DD_COUNT (1000000), LOOP_SECS (4), RATES ("50000 100000 200000 300000 400000 0"; 0 = unpaced).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
vigil=${1:-$root/build/e1-release/vigil}
rules=${RULES:-$root/../shared/corpus/falco-rules/falco_rules.yaml}
runs=${RUNS:-5}
dd_count=${DD_COUNT:-1000000}
loop_secs=${LOOP_SECS:-4}
rates=${RATES:-"50000 100000 200000 300000 400000 0"}
[ "$(id -u)" -eq 0 ] || { echo "live.sh: needs root (eBPF)" >&2; exit 77; }
[ -x "$vigil" ] || { echo "live.sh: no vigil at $vigil (cmake --preset release -B build/e1-release && cmake --build build/e1-release)" >&2; exit 2; }
work=$(mktemp -d /tmp/vigil-live-bench.XXXXXX)
trap 'kill $vpid 2>/dev/null || true; rm -rf "$work"' EXIT
vpid=
cc -O2 -o "$work/openloop" "$here/openloop.c"
echo "benchmark file" > "$work/file"
tck=$(getconf CLK_TCK)

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

dd_mbs() {  # MB/s of one dd run
	local out
	out=$(LC_ALL=C dd if=/dev/zero of=/dev/null bs=512 count="$dd_count" 2>&1 | tail -1)
	# "1024000000 bytes (1.0 GB, 977 MiB) copied, 2.1 s, 488 MB/s"
	echo "$out" | awk -F', ' '{split($1,b," "); split($3,s," "); printf "%.1f\n", b[1]/s[1]/1e6}'
}
loop_rate() { "$work/openloop" "$work/file" "$loop_secs" "${1:-0}" | awk '{print $6}' | tr -d '/s'; }

start_vigil() {  # start vigil in the background; waits until capture runs
	"$vigil" watch --rules "$rules" "$@" >"$work/alerts" 2>"$work/vigil.err" &
	vpid=$!
	for _ in $(seq 1 100); do
		grep -q "live capture started" "$work/vigil.err" 2>/dev/null && return 0
		kill -0 $vpid 2>/dev/null || { cat "$work/vigil.err" >&2; exit 1; }
		sleep 0.1
	done
	echo "live.sh: vigil did not start" >&2; cat "$work/vigil.err" >&2; exit 1
}
stop_vigil() { kill -INT $vpid; wait $vpid || true; vpid=; }

paired() {  # NAME FN [ARG]: RUNS pairs of (without, with a fresh vigil) runs, interleaved so
	    # that the machine's load drifts into both sides alike; medians and the median of the
	    # per-pair losses; vigil's CPU share over its runs
	local name=$1; shift
	local base=() with=() loss=() cpu=() b w t0 c0 t1 c1
	for _ in $(seq 1 "$runs"); do
		b=$("$@")
		start_vigil
		t0=$(date +%s.%N); c0=$(cpu_ticks $vpid)
		w=$("$@")
		t1=$(date +%s.%N); c1=$(cpu_ticks $vpid)
		stop_vigil
		base+=("$b"); with+=("$w")
		loss+=("$(awk -v b="$b" -v w="$w" 'BEGIN {printf "%.1f", 100*(b-w)/b}')")
		cpu+=("$(awk -v a="$c0" -v b="$c1" -v t="$tck" -v w0="$t0" -v w1="$t1" 'BEGIN {printf "%.1f", 100*(b-a)/t/(w1-w0)}')")
	done
	p_base=$(printf '%s\n' "${base[@]}" | median)
	p_with=$(printf '%s\n' "${with[@]}" | median)
	p_loss=$(printf '%s\n' "${loss[@]}" | median)
	p_cpu=$(printf '%s\n' "${cpu[@]}" | median)
	echo "  $name without vigil: ${base[*]}"
	echo "  $name with vigil:    ${with[*]}"
	echo "  $name loss per pair %: ${loss[*]}; vigil CPU % of one core: ${cpu[*]}"
	echo "  $name: median $p_base -> $p_with, median loss $p_loss %, median vigil CPU $p_cpu %"
}

echo "vigil live benchmark: $(date -u +%FT%TZ), $(nproc) CPUs, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "vigil: $vigil ($(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')); rules: $rules"

echo "dd if=/dev/zero of=/dev/null bs=512 count=$dd_count (MB/s)"
paired dd dd_mbs
dd_base=$p_base dd_with=$p_with dd_loss=$p_loss dd_cpu=$p_cpu
echo "openloop ${loop_secs}s (open+read+close iterations per second)"
paired openloop loop_rate
lp_base=$p_base lp_with=$p_with lp_loss=$p_loss lp_cpu=$p_cpu
grep "live summary" "$work/vigil.err" | sed 's/^/  last vigil run: /'

echo "zero-drop rate: paced openloop, fresh vigil per step (events = openat + close)"
best=0
for r in $rates; do
	start_vigil
	got=$(loop_rate "$r")
	stop_vigil
	sum=$(grep "live summary" "$work/vigil.err")
	drops=$(echo "$sum" | sed -n 's/.*drops \([0-9]*\).*/\1/p')
	evs=$(echo "$sum" | sed -n 's/.*(\([0-9]*\) events,.*/\1/p')
	rate=$(awk -v e="$evs" -v s="$loop_secs" 'BEGIN {printf "%.0f", e/s}')
	echo "  target ${r/#0/unpaced}/s: got $got it/s, vigil events $evs (~$rate events/s over the loop), drops $drops"
	[ "${drops:-1}" -eq 0 ] && [ "$rate" -gt "$best" ] && best=$rate
done

echo "summary"
echo "  dd: $dd_base -> $dd_with MB/s, loss $dd_loss % (median of pairs), vigil CPU $dd_cpu % of one core"
echo "  openloop: $lp_base -> $lp_with it/s, loss $lp_loss % (median of pairs), vigil CPU $lp_cpu % of one core"
echo "  highest event rate with zero drops: ~$best events/s"
