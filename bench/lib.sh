# bench/lib.sh - shell functions shared by bench/run.sh and bench/peers.sh (source it, do not run).
#
# The caller sets, before calling the functions:
#   BENCH_PROG  name used in messages (e.g. run.sh)
#   OUT         output directory; run_timed writes OUT/time/TAG.{txt,load} and OUT/logs/TAG.stderr
#   GNU_TIME    GNU time binary
# shellcheck shell=bash

die() { echo "${BENCH_PROG:-bench}: $*" >&2; exit 2; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# gnu_rss_mb FILE / gnu_cpu FILE: fields of a `time -v` report
gnu_rss_mb() { awk -F': ' '/Maximum resident set size/{printf "%.1f", $2/1024}' "$1"; }
gnu_cpu() { awk -F': ' '/User time|System time/{s+=$2} END{printf "%.2f", s}' "$1"; }
now_ns() { date +%s%N; }
median() { sort -g | awk '{a[NR]=$1} END{printf "%.3f", (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}'; }
# ratio A B [FMT]: A / B (0 when B is 0)
ratio() { awk -v a="$1" -v b="$2" -v f="${3:-%.1f}" 'BEGIN{printf f, (b>0)?a/b:0}'; }

# run_timed TAG OUTFILE CMD...: one run under GNU time; sets RC, WALL (s, from a ns clock), RSS
# (MB), CPU (user + system s) and LOAD (mean 1-minute load average sampled every 5 s during the
# run, the measured tool included: well above the tool's own CPU use means other work competed)
# shellcheck disable=SC2034 # RC, WALL, RSS, CPU and LOAD are read by the caller
run_timed() {
	local tag=$1 outf=$2; shift 2
	local tf="$OUT/time/$tag.txt" lf="$OUT/time/$tag.load" t0 t1 sampler
	cut -d' ' -f1 /proc/loadavg >"$lf"
	(while sleep 5; do cut -d' ' -f1 /proc/loadavg; done) >>"$lf" 2>/dev/null &
	sampler=$!
	t0=$(now_ns)
	set +e
	"$GNU_TIME" -v -o "$tf" "$@" >"$outf" 2>"$OUT/logs/$tag.stderr"
	RC=$?
	set -e
	t1=$(now_ns)
	kill "$sampler" 2>/dev/null || true
	wait "$sampler" 2>/dev/null || true
	WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e9}')
	RSS=$(gnu_rss_mb "$tf")
	CPU=$(gnu_cpu "$tf")
	LOAD=$(awk '{s+=$1; n++} END{printf "%.2f", n?s/n:0}' "$lf")
}

# build_vigil LOGFILE: build the vigil target with the release preset (binary build/release/vigil)
build_vigil() {
	# only the vigil target: the bundled vulnerability database and the rest are not needed here
	log "building vigil (cmake preset release, target vigil)"
	{ cmake --preset release && cmake --build --preset release -j "$(nproc)" --target vigil; } >"$1" 2>&1 ||
		{ tail -n 30 "$1" >&2; die "build failed (log: $1)"; }
}

# vigil_desc VIGIL: one line naming the binary and the commit it was built from
vigil_desc() {
	local repo
	repo=$(git rev-parse --show-toplevel 2>/dev/null || pwd)
	if [ -n "${VIGIL_BIN:-}" ]; then
		echo "$("$1" --version 2>/dev/null | head -n1), binary $1 given by VIGIL_BIN; repo HEAD $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
	else
		echo "$("$1" --version 2>/dev/null | head -n1), built from commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)$( [ -n "$(git -C "$repo" status --porcelain 2>/dev/null)" ] && echo ' + uncommitted changes in the tree')"
	fi
}

# machine_desc: CPUs, RAM, kernel
machine_desc() {
	echo "$(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')), $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
}
