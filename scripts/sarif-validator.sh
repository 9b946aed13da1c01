#!/usr/bin/env bash
# sarif-validator.sh - install Microsoft's SARIF validator (npm @microsoft/sarif-multitool,
# the one ../shared/peers uses) under $PEERS_HOME (default ~/.cache/vigil-peers) if missing.
# Validation itself: tests/sarif/validate.sh FILE.
set -euo pipefail
PEERS_HOME=${PEERS_HOME:-$HOME/.cache/vigil-peers}
[ -x "$PEERS_HOME/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" ] && exit 0
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
	$SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
mkdir -p "$PEERS_HOME/npm"
[ -f "$PEERS_HOME/npm/package.json" ] || echo '{"name":"vigil-peers","private":true}' >"$PEERS_HOME/npm/package.json"
npm install --prefix "$PEERS_HOME/npm" --no-audit --no-fund @microsoft/sarif-multitool@5.7.0 >&2
chmod u+x "$PEERS_HOME"/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool 2>/dev/null || true
