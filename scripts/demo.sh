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
	0) if [ "$1" = watch ]; then echo "== done (alerts, if any, above)" >&2; else echo "== clean: no findings" >&2; fi ;;
	1) echo "== findings reported (exit status 1, as CI would see it); the example has deliberate problems" >&2 ;;
	*) echo "== vigil failed with exit status $status" >&2; exit "$status" ;;
	esac
}
# 1. shift-left: the bundled Kubernetes stack against the Pod Security Standards
run scan "$@" examples/stack
# 2. image security: a small root filesystem against the bundled vulnerability database
run image examples/image-rootfs
# 3. runtime detection: the official Falco rules, loaded unchanged. As root where the eBPF
#    programs load: a few seconds of live capture while this script reads /etc/shadow (the
#    stable rule "Read sensitive file untrusted" fires); otherwise (not root, no BPF, or
#    VIGIL_DEMO_REPLAY=1) a replayed attack, which needs no kernel probe.
shared=${VIGIL_SHARED_DIR:-../shared}
rules="$shared/corpus/falco-rules/falco_rules.yaml"
live_demo() {
	local err status
	err=$(mktemp)
	echo "== vigil watch --rules $rules --duration 6   (live eBPF capture)" >&2
	build/release/vigil watch --rules "$rules" --duration 6 2>"$err" &
	local pid=$!
	for _ in $(seq 1 40); do # wait until the programs are attached (or vigil gave up)
		grep -q "live capture started" "$err" 2>/dev/null && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if grep -q "live capture started" "$err"; then
		sh -c 'cat /etc/shadow >/dev/null' # a shell reading a sensitive file: an alert above
	fi
	set +e
	wait "$pid"
	status=$?
	set -e
	cat "$err" >&2
	rm -f "$err"
	[ "$status" -le 1 ]
}
if [ ! -f "$rules" ]; then
	echo "== skipping the runtime demo: no Falco rules at $shared/corpus/falco-rules" >&2
elif [ "$(id -u)" = 0 ] && [ "${VIGIL_DEMO_REPLAY:-0}" != 1 ] && live_demo; then
	:
else
	echo "== live capture not possible here: replaying recorded events instead" >&2
	run watch --source replay --hostname demo --rules "$rules" --input examples/runtime/events.jsonl
fi
exit 0
