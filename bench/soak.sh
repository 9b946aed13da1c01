#!/usr/bin/env bash
# soak.sh - does `vigil watch` (live eBPF capture, the stable Falco rules) keep its memory flat
# under a mixed load? Runs vigil for SECS with --stats-interval INTERVAL while a load generator
# does, every second: an open/read/close burst (bench/openloop, 1 s at BURST iterations/s),
# EXECS execs of /bin/true, READS opens of /etc/shadow (the stable rule fires), a fork, a TCP
# connect to a local listener and a rename; anything else on the machine (a test suite, say)
# adds to it. Prints vigil's stats lines and the RSS of the first and the last line.
# Needs root. Usage: bench/soak.sh [VIGIL_BIN]   (default build/release/vigil)
# Environment: SECS (600), INTERVAL (60), RULES, BURST (100000), EXECS (50), READS (50).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
vigil=${1:-$root/build/release/vigil}
rules=${RULES:-$root/../shared/corpus/falco-rules/falco_rules.yaml}
secs=${SECS:-600}
interval=${INTERVAL:-60}
burst=${BURST:-100000}
execs=${EXECS:-50}
reads=${READS:-50}
[ "$(id -u)" -eq 0 ] || { echo "soak.sh: needs root (eBPF)" >&2; exit 77; }
[ -x "$vigil" ] || { echo "soak.sh: no vigil at $vigil" >&2; exit 2; }
work=$(mktemp -d /tmp/vigil-soak.XXXXXX)
lpid=
trap 'kill $lpid 2>/dev/null || true; kill $vpid 2>/dev/null || true; rm -rf "$work"' EXIT
cc -O2 -o "$work/openloop" "$here/openloop.c"
echo "soak file" >"$work/file"
python3 -c 'import socket,sys
s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(128); print(s.getsockname()[1]); sys.stdout.flush()
while True:
    c,_=s.accept(); c.close()' >"$work/port" &
lpid=$!
sleep 0.5
port=$(cat "$work/port")

echo "vigil soak: $(date -u +%FT%TZ), $(nproc) CPUs, $(uname -r), ${secs}s, stats every ${interval}s"
"$vigil" watch --rules "$rules" --duration "$secs" --stats-interval "$interval" >"$work/alerts" 2>"$work/vigil.err" &
vpid=$!
for _ in $(seq 1 100); do grep -q "live capture started" "$work/vigil.err" && break; sleep 0.1; done
end=$((SECONDS + secs - 2))
rounds=0
while [ $SECONDS -lt $end ] && kill -0 $vpid 2>/dev/null; do
	"$work/openloop" "$work/file" 1 "$burst" >/dev/null &
	opid=$!
	for _ in $(seq 1 "$execs"); do /bin/true; done
	for _ in $(seq 1 "$reads"); do head -c1 /etc/shadow >/dev/null; done
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || true
	touch "$work/a" && mv "$work/a" "$work/b"
	wait $opid
	rounds=$((rounds + 1))
done
wait $vpid || true
grep -E "live (capture started|stats|summary)" "$work/vigil.err"
echo "load rounds: $rounds (one per second expected); alerts: $(wc -l <"$work/alerts")"
first=$(grep -m1 "live stats" "$work/vigil.err" | sed -n 's/.*rss \([0-9.]*\) MiB.*/\1/p')
last=$(grep "live summary" "$work/vigil.err" | sed -n 's/.*rss \([0-9.]*\) MiB.*/\1/p')
echo "summary: RSS ${first:-?} MiB at the first stats line, ${last:-?} MiB at the end"
