#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# validate.sh SARIF_FILE - check a SARIF log with Microsoft's SARIF validator (sarif-multitool).
#
# Runs three passes: the SARIF spec rules (default), GitHub code scanning's upload rules
# (--rule-kind Gh) and GitHub Advanced Security's (--rule-kind Ghas). JSON schema violations
# are reported in every pass.
# Exit: 0 valid (warnings and notes are printed but allowed), 1 invalid or validator failure,
#       77 validator not installed (CTest's "skipped"), 2 usage.
# Environment: SARIF_MULTITOOL  the validator (default: the native binary, else the npm wrapper,
#                               under $PEERS_HOME, default ~/.cache/vigil-peers; see
#                               ../shared/peers/run-peers.sh --install)
set -u

if [ $# -ne 1 ]; then
	echo "usage: $0 SARIF_FILE" >&2
	exit 2
fi
in=$1
if [ ! -f "$in" ]; then
	echo "$in: no such file" >&2
	exit 2
fi

peers=${PEERS_HOME:-$HOME/.cache/vigil-peers}
nm=$peers/npm/node_modules
mt=${SARIF_MULTITOOL:-}
if [ -z "$mt" ]; then
	# Prefer the native binary: the npm wrapper runs it through a shell, which splits
	# arguments with spaces or ';' in them.
	for c in "$nm/@microsoft/sarif-multitool-linux/Sarif.Multitool" "$nm/.bin/sarif-multitool"; do
		if [ -x "$c" ]; then
			mt=$c
			break
		fi
	done
fi
if [ -z "$mt" ] || [ ! -x "$mt" ]; then
	echo "sarif-multitool not installed"
	exit 77
fi
if ! command -v node >/dev/null 2>&1; then
	echo "node not found (needed to read the validator's output)" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vigil-sarif.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
# a copy with a plain name keeps the wrapper's shell from mangling the path
cp "$in" "$tmp/input.sarif" || exit 1

in_sed=$(printf '%s' "$in" | sed 's/[|&\\]/\\&/g')
status=0
for kind in default Gh Ghas; do
	set -- validate "$tmp/input.sarif" -o "$tmp/out-$kind.json" --log ForceOverwrite
	[ "$kind" = default ] || set -- "$@" --rule-kind "$kind"
	if ! "$mt" "$@" >"$tmp/log-$kind.txt" 2>&1 || [ ! -s "$tmp/out-$kind.json" ]; then
		echo "sarif-multitool failed ($kind rules):" >&2
		cat "$tmp/log-$kind.txt" >&2
		exit 1
	fi
	# the validator exits 0 even when it finds errors: count them in its own SARIF output
	n=$(node -e '
		const log = require(process.argv[1]);
		let errors = 0, warnings = 0;
		for (const run of log.runs || [])
			for (const r of run.results || []) {
				const level = r.level || "warning";
				if (level === "error") errors++;
				else if (level === "warning") warnings++;
			}
		console.log(errors + " " + warnings);
	' "$tmp/out-$kind.json") || exit 1
	errors=${n% *}
	warnings=${n#* }
	grep -E ': (error|warning) ' "$tmp/log-$kind.txt" | sed "s|$tmp/input.sarif|$in_sed|"
	echo "$in: $kind rules: $errors error(s), $warnings warning(s)"
	[ "$errors" = 0 ] || status=1
done
exit $status
