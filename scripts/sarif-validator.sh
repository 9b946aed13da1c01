#!/usr/bin/env bash
# sarif-validator.sh --install | FILE.sarif
#   --install   install Microsoft's SARIF validator (npm @microsoft/sarif-multitool) under
#               $PEERS_HOME (default ~/.cache/vigil-peers) if it is missing
#   FILE        validate FILE against the SARIF 2.1.0 schema; exit 0 when valid
set -euo pipefail
PEERS_HOME=${PEERS_HOME:-$HOME/.cache/vigil-peers}
tool=$PEERS_HOME/npm/node_modules/.bin/sarif-multitool
if [ "${1:-}" = "--install" ]; then
	[ -x "$tool" ] && exit 0
	if ! command -v npm >/dev/null; then
		SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
		$SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null
	fi
	mkdir -p "$PEERS_HOME/npm"
	[ -f "$PEERS_HOME/npm/package.json" ] || echo '{"name":"vigil-peers","private":true}' >"$PEERS_HOME/npm/package.json"
	npm install --prefix "$PEERS_HOME/npm" --no-audit --no-fund @microsoft/sarif-multitool@5.7.0 >&2
	chmod u+x "$PEERS_HOME"/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool 2>/dev/null || true
	exit 0
fi
file=${1:?usage: sarif-validator.sh --install | FILE}
[ -x "$tool" ] || { echo "sarif-validator: not installed (run scripts/sarif-validator.sh --install)" >&2; exit 1; }
out=$(mktemp --suffix=.sarif)
trap 'rm -f "$out"' EXIT
"$tool" validate "$file" -o "$out" --force >/dev/null 2>&1 || true
# the validator's own output is SARIF: any result with level error fails
python3 - "$out" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
errs = [r for run in log.get("runs", []) for r in run.get("results", []) if r.get("level", "warning") == "error"]
for r in errs:
    print("sarif-validator: %s: %s" % (r.get("ruleId"), r.get("message", {}).get("text", "")))
sys.exit(1 if errs else 0)
PY
echo "sarif-validator: $file is valid SARIF 2.1.0"
