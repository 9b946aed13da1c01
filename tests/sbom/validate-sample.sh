#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# validate-sample.sh SBOM_SAMPLE PYTHON3 SCHEMA_DIR OUTDIR [SHARED_DIR] - write the sample SBOMs
# with SBOM_SAMPLE (tests/sbom/sbom_sample.c; with SHARED_DIR also the real Debian fixture's)
# into a fresh OUTDIR and check every one with validate.py against the official schemas.
# Exit 0 when all are valid.
set -eu
if [ $# -ne 4 ] && [ $# -ne 5 ]; then
	echo "usage: $0 SBOM_SAMPLE PYTHON3 SCHEMA_DIR OUTDIR [SHARED_DIR]" >&2
	exit 2
fi
sample=$1 python=$2 schemas=$3 out=$4 shared=${5:-}
here=$(dirname "$0")
rm -rf "$out"
mkdir -p "$out"
"$sample" "$out" ${shared:+"$shared"} >/dev/null
exec "$python" "$here/validate.py" "$schemas" "$out"/*.json
