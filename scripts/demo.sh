#!/usr/bin/env bash
# demo.sh - install what is missing, build vigil (release) and scan the bundled example stack.
# usage: scripts/demo.sh [extra vigil scan options...]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" >/dev/null
run() {
	echo "== vigil $*" >&2
	set +e
	build/release/vigil "$@"
	local status=$?
	set -e
	case $status in
	0) echo "== clean: no findings" >&2 ;;
	1) echo "== findings reported (exit status 1, as CI would see it); the example has deliberate problems" >&2 ;;
	*) echo "== vigil failed with exit status $status" >&2; exit "$status" ;;
	esac
}
# 1. shift-left: the bundled Kubernetes stack against the Pod Security Standards
run scan "$@" examples/stack
# 2. image security: a small root filesystem against the bundled vulnerability database
run image examples/image-rootfs
# 3. runtime detection: a replayed attack through the official Falco rules, loaded unchanged
#    (no kernel probe is needed for a replay)
shared=${VIGIL_SHARED_DIR:-../shared}
if [ -f "$shared/corpus/falco-rules/falco_rules.yaml" ]; then
	run watch --source replay --hostname demo --rules "$shared/corpus/falco-rules/falco_rules.yaml" \
		--input examples/runtime/events.jsonl
else
	echo "== skipping the runtime demo: no Falco rules at $shared/corpus/falco-rules" >&2
fi
exit 0
