#!/usr/bin/env bash
# run-case.sh VIGIL CASE_DIR - one golden test.
# CASE_DIR/args      the arguments, one per line (run from tests/golden/, so paths are relative
#                    to it; the token @SHARED@ is replaced by the shared/ folder)
# CASE_DIR/stdout    expected standard output, byte for byte
# CASE_DIR/stderr    expected standard error (optional; compared when present)
# CASE_DIR/exit      expected exit status (a number)
# CASE_DIR/stdin     fed to standard input when present
# Set VIGIL_GOLDEN_UPDATE=1 to rewrite the expectations from the current output.
set -u
vigil=$1
dir=$2
shared=${VIGIL_SHARED_DIR:-../../../shared}
mapfile -t args < <(sed "s|@SHARED@|$shared|g" "$dir/args")
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
if [ -f "$dir/stdin" ]; then
	NO_COLOR=1 "$vigil" "${args[@]}" <"$dir/stdin" >"$out" 2>"$err"
else
	NO_COLOR=1 "$vigil" "${args[@]}" </dev/null >"$out" 2>"$err"
fi
code=$?
# machine-independent output: the repository's absolute path becomes @ROOT@
root=$(cd "$(dirname "$0")/../.." && pwd)
sed -i "s|$root|@ROOT@|g" "$out" "$err"
if [ "${VIGIL_GOLDEN_UPDATE:-0}" = 1 ]; then
	cp "$out" "$dir/stdout"
	echo "$code" >"$dir/exit"
	[ -f "$dir/stderr" ] && cp "$err" "$dir/stderr"
	echo "updated $dir"
	exit 0
fi
status=0
want=$(cat "$dir/exit")
if [ "$code" != "$want" ]; then
	echo "exit status: got $code, want $want"
	cat "$err"
	status=1
fi
if ! diff -u "$dir/stdout" "$out"; then
	echo "stdout differs from $dir/stdout"
	status=1
fi
if [ -f "$dir/stderr" ] && ! diff -u "$dir/stderr" "$err"; then
	echo "stderr differs from $dir/stderr"
	status=1
fi
exit $status
