#!/bin/sh
# scan-and-validate.sh VIGIL SHARED_DIR - vigil's SARIF for real inputs must pass the SARIF
# 2.1.0 validator (schema + GitHub upload rules): the golden data, the example stack and the
# whole manifest corpus.
set -u
vigil=$1
shared=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vigil-sarif-scan.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0
n=0
for input in "$root/tests/golden/data" "$root/examples" "$shared/corpus/manifests"; do
	[ -e "$input" ] || { echo "missing input $input"; status=1; continue; }
	n=$((n + 1))
	out="$tmp/$n.sarif"
	"$vigil" scan --format sarif --base-dir "$root" -o "$out" "$input" 2>/dev/null
	rc=$?
	if [ $rc -gt 2 ]; then
		echo "vigil scan $input exited $rc"
		status=1
		continue
	fi
	"$here/validate.sh" "$out"
	v=$?
	[ $v -eq 0 ] || { echo "invalid SARIF for $input (validate.sh exit $v)"; status=1; }
done
exit $status
