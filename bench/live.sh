#!/usr/bin/env bash
# live.sh - cost of `vigil watch` (live eBPF capture, the stable Falco rules) on syscall-heavy
# workloads, measured in one run on this machine (docs/live.md, bench/RESULTS.md):
#   1. dd if=/dev/zero of=/dev/null bs=512 count=N  (read + write: syscalls the rules do not use)
#   1b. the same loop (bench/ddloop) sampled in 50 ms slices for DD_SECS while vigil is started
#      and stopped every ~2 s: windows with vigil against the windows just before and after;
#      then the same with vigil forced to tp_btf/sys_exit, and the kernel's floor: one syscall
#      tracepoint enabled through ftrace, no BPF and no vigil (the slow path every syscall
#      takes once any syscall tracepoint is on);
#   2. bench/openloop: open + read + close of one file in a loop (openat and close are captured)
# each without vigil and with vigil running (RUNS interleaved pairs), reporting the throughput loss and
# vigil's CPU share (utime + stime of the vigil process over the wall time of the workload);
#   3. the highest openloop event rate vigil sustains with zero drops (paced steps).
# Needs root. Usage: bench/live.sh [VIGIL_BIN]   (default build/release/vigil)
# Environment: RULES (default ../shared/corpus/falco-rules/falco_rules.yaml), RUNS (5 openloop
# runs with vigil), DD_RUNS (11 dd runs with vigil), DD_COUNT (2000000), LOOP_SECS (4),
# DD_SECS (240: the interleaved dd series), RATES ("50000 100000 200000 300000 400000 0";
# 0 = unpaced).
# The workloads run pinned to the last CPU (taskset), and every run with vigil sits between
# two runs without it and is compared with their mean, so that drift in the host's speed
# cancels: on this VM two identical dd runs a few seconds apart differ by up to 20 %.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
vigil=${1:-$root/build/release/vigil}
rules=${RULES:-$root/../shared/corpus/falco-rules/falco_rules.yaml}
runs=${RUNS:-5}
dd_runs=${DD_RUNS:-11}
dd_count=${DD_COUNT:-2000000}
dd_secs=${DD_SECS:-240}
loop_secs=${LOOP_SECS:-4}
rates=${RATES:-"50000 100000 200000 300000 400000 0"}
[ "$(id -u)" -eq 0 ] || { echo "live.sh: needs root (eBPF)" >&2; exit 77; }
[ -x "$vigil" ] || { echo "live.sh: no vigil at $vigil (cmake --preset release && cmake --build build/release)" >&2; exit 2; }
work=$(mktemp -d /tmp/vigil-live-bench.XXXXXX)
trap 'kill $vpid 2>/dev/null || true; [ -z "${tracefs:-}" ] || echo 0 >$tracefs/events/syscalls/sys_exit_openat/enable 2>/dev/null || true; rm -rf "$work"' EXIT
vpid=
vg_mode=
cc -O2 -o "$work/openloop" "$here/openloop.c"
cc -O2 -o "$work/ddloop" "$here/ddloop.c"
echo "benchmark file" > "$work/file"
tck=$(getconf CLK_TCK)
pin=()
command -v taskset >/dev/null && pin=(taskset -c "$(( $(nproc) - 1 ))")

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
quartiles() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+3)/4)] " .. " a[int((3*NR+3)/4)]}'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

dd_mbs() {  # MB/s of one dd run
	local out
	out=$(LC_ALL=C "${pin[@]}" dd if=/dev/zero of=/dev/null bs=512 count="$dd_count" 2>&1 | tail -1)
	# "1024000000 bytes (1.0 GB, 977 MiB) copied, 2.1 s, 488 MB/s"
	echo "$out" | awk -F', ' '{split($1,b," "); split($3,s," "); printf "%.1f\n", b[1]/s[1]/1e6}'
}
loop_rate() { "${pin[@]}" "$work/openloop" "$work/file" "$loop_secs" "${1:-0}" | awk '{print $6}' | tr -d '/s'; }

start_vigil() {  # start vigil in the background; waits until capture runs
	${vg_mode:+env VIGIL_LIVE_MODE=$vg_mode} "$vigil" watch --rules "$rules" "$@" >"$work/alerts" 2>"$work/vigil.err" &
	vpid=$!
	for _ in $(seq 1 100); do
		grep -q "live capture started" "$work/vigil.err" 2>/dev/null && return 0
		kill -0 $vpid 2>/dev/null || { cat "$work/vigil.err" >&2; exit 1; }
		sleep 0.1
	done
	echo "live.sh: vigil did not start" >&2; cat "$work/vigil.err" >&2; exit 1
}
stop_vigil() { kill -INT $vpid; wait $vpid || true; vpid=; }

paired() {  # NAME N FN [ARG]: N runs with a fresh vigil, each between two runs without
	    # (W0 V1 W1 V2 W2 ... VN WN): each V is compared with the mean of its two neighbours,
	    # which cancels the host's drift (on this VM two identical dd runs a few seconds apart
	    # differ by up to 20 %, more than the effect measured); medians, the median and the
	    # quartiles of the per-run losses, vigil's CPU share
	local name=$1 n=$2; shift 2
	local base=() with=() loss=() cpu=() b0 b1 w t0 c0 t1 c1 i
	b0=$("$@")
	base+=("$b0")
	for i in $(seq 1 "$n"); do
		start_vigil
		t0=$(date +%s.%N); c0=$(cpu_ticks $vpid)
		w=$("$@")
		t1=$(date +%s.%N); c1=$(cpu_ticks $vpid)
		stop_vigil
		b1=$("$@")
		base+=("$b1"); with+=("$w")
		loss+=("$(awk -v a="$b0" -v b="$b1" -v w="$w" 'BEGIN {printf "%.1f", 100*((a+b)/2-w)/((a+b)/2)}')")
		cpu+=("$(awk -v a="$c0" -v b="$c1" -v t="$tck" -v w0="$t0" -v w1="$t1" 'BEGIN {printf "%.1f", 100*(b-a)/t/(w1-w0)}')")
		b0=$b1
	done
	p_base=$(printf '%s\n' "${base[@]}" | median)
	p_with=$(printf '%s\n' "${with[@]}" | median)
	p_loss=$(printf '%s\n' "${loss[@]}" | median)
	p_iqr=$(printf '%s\n' "${loss[@]}" | quartiles)
	p_cpu=$(printf '%s\n' "${cpu[@]}" | median)
	echo "  $name without vigil: ${base[*]}"
	echo "  $name with vigil:    ${with[*]}"
	echo "  $name loss per run %: ${loss[*]}; vigil CPU % of one core: ${cpu[*]}"
	echo "  $name: median $p_base -> $p_with, median loss $p_loss % (quartiles $p_iqr), median vigil CPU $p_cpu %"
}

echo "vigil live benchmark: $(date -u +%FT%TZ), $(nproc) CPUs, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "vigil: $vigil ($(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')); rules: $rules"

echo "dd if=/dev/zero of=/dev/null bs=512 count=$dd_count (MB/s), pinned: ${pin[*]:-no}"
paired dd "$dd_runs" dd_mbs
dd_base=$p_base dd_with=$p_with dd_loss=$p_loss dd_iqr=$p_iqr dd_cpu=$p_cpu
interleaved() {  # TAG:ON:OFF ...: bench/ddloop for DD_SECS in 50 ms slices while the things
	         # are switched on and off in turn (~2 s each), so that all meet the same drift
	local dpid spec tag on off n=0
	"${pin[@]}" "$work/ddloop" "$dd_secs" 50 >"$work/dd.samples" &
	dpid=$!
	: >"$work/dd.events"
	sleep 2
	while kill -0 $dpid 2>/dev/null; do
		spec=${*:$((n % $# + 1)):1}
		n=$((n + 1))
		IFS=: read -r tag on off <<<"$spec"
		echo "start $(date +%s.%N) $tag" >>"$work/dd.events"
		$on
		echo "on $(date +%s.%N)" >>"$work/dd.events"
		sleep 2
		echo "stop $(date +%s.%N)" >>"$work/dd.events"
		$off
		echo "off $(date +%s.%N)" >>"$work/dd.events"
		sleep 2
	done
	wait $dpid
	python3 "$here/ddinterleave.py" "$work/dd.samples" "$work/dd.events" >"$work/dd.result"
	grep -v '^RESULT' "$work/dd.result"
}
vigil_tp_on() { vg_mode=tracepoint start_vigil; }
tracefs=/sys/kernel/tracing
[ -d $tracefs/events/syscalls ] || tracefs=/sys/kernel/debug/tracing
floor_on() { echo 1 >$tracefs/events/syscalls/sys_exit_openat/enable; }
floor_off() { echo 0 >$tracefs/events/syscalls/sys_exit_openat/enable; }

echo "dd interleaved: bench/ddloop (dd's loop) for ${dd_secs}s in 50 ms slices; switched on and off in turn every ~2 s:"
echo "  [vigil] vigil watch, default mode; [vigil-tp_btf] vigil watch with VIGIL_LIVE_MODE=tracepoint"
echo "  (tp_btf/sys_exit: a program on every syscall, as Falco's modern probe); [floor] the ftrace"
echo "  event syscalls/sys_exit_openat alone: no BPF, no vigil, only the syscall slow path"
things=(vigil:start_vigil:stop_vigil vigil-tp_btf:vigil_tp_on:stop_vigil)
[ -w $tracefs/events/syscalls/sys_exit_openat/enable ] && things+=(floor:floor_on:floor_off)
interleaved "${things[@]}"
grep "live capture started" "$work/vigil.err" | sed 's/^/  last vigil capture: /'
echo "openloop ${loop_secs}s (open+read+close iterations per second)"
paired openloop "$runs" loop_rate
lp_base=$p_base lp_with=$p_with lp_loss=$p_loss lp_iqr=$p_iqr lp_cpu=$p_cpu
grep "live summary" "$work/vigil.err" | sed 's/^/  last vigil run: /'
grep "live capture started" "$work/vigil.err" | sed 's/^/  capture: /'

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
echo "  dd: $dd_base -> $dd_with MB/s, loss $dd_loss % (median of $dd_runs runs; quartiles $dd_iqr), vigil CPU $dd_cpu % of one core"
sed -n 's/^RESULT \([^ ]*\) \([^ ]*\) \([^ ]*\) \([^ ]*\) \([^ ]*\) \(.*\)/  dd interleaved [\1]: \2 -> \3 MB\/s (median 50 ms slices), loss \4 % (median of windows; quartiles \5 .. \6)/p' "$work/dd.result"
echo "  openloop: $lp_base -> $lp_with it/s, loss $lp_loss % (median of $runs runs; quartiles $lp_iqr), vigil CPU $lp_cpu % of one core"
echo "  highest event rate with zero drops: ~$best events/s"
