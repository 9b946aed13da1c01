#!/usr/bin/env bash
# audit-webhook.sh VIGIL SHARED_DIR - `vigil watch --source k8saudit --listen` end to end over
# HTTPS, as the API server's audit webhook backend uses it: a self-signed certificate made here,
# an EventList POSTed with curl to https://127.0.0.1:PORT/k8s-audit, the alert checked, then a
# malformed body (400), a wrong path (404) and SIGTERM (clean stop with the stats line).
# Exit 0 pass, 1 fail, 77 skipped (no openssl or curl).
set -euo pipefail
VIGIL=${1:?usage: audit-webhook.sh VIGIL SHARED_DIR}
SHARED=${2:?usage: audit-webhook.sh VIGIL SHARED_DIR}
command -v openssl >/dev/null && command -v curl >/dev/null || { echo "SKIP: needs openssl and curl"; exit 77; }
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
port=$(( 20000 + RANDOM % 20000 ))
"$VIGIL" watch --source k8saudit --listen "127.0.0.1:$port" --tls-cert "$work/cert.pem" \
	--tls-key "$work/key.pem" --rules "$SHARED/corpus/falco-rules/k8s_audit_rules.yaml" \
	--rule-matching all --format json --hostname node-1 >"$work/alerts" 2>"$work/stderr" &
pid=$!
for _ in $(seq 50); do
	curl -s -o /dev/null --cacert "$work/cert.pem" "https://127.0.0.1:$port/" && break
	sleep 0.1
done
# an EventList with one "exec into pod" event (Falco's rule "Attach/Exec Pod")
cat >"$work/list.json" <<'JSON'
{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Request","auditID":"7d9e8c51-2f4a-4d1e-9b7a-6c0f0e1a2b3c","stage":"ResponseStarted","requestURI":"/api/v1/namespaces/default/pods/web-1/exec?command=sh&container=web&stdin=true&stdout=true&tty=true","verb":"create","user":{"username":"alice","groups":["system:authenticated"]},"sourceIPs":["10.0.0.7"],"objectRef":{"resource":"pods","namespace":"default","name":"web-1","apiVersion":"v1","subresource":"exec"},"responseStatus":{"metadata":{},"code":101},"requestReceivedTimestamp":"2024-01-01T00:00:00.000000Z","stageTimestamp":"2024-01-01T00:00:00.100000Z"}]}
JSON
fail=0
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$work/cert.pem" -H 'Content-Type: application/json' \
	--data-binary @"$work/list.json" "https://127.0.0.1:$port/k8s-audit")
[ "$code" = 200 ] || { echo "FAIL: EventList POST answered $code, want 200"; fail=1; }
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$work/cert.pem" --data-binary '{"kind":' \
	"https://127.0.0.1:$port/k8s-audit")
[ "$code" = 400 ] || { echo "FAIL: malformed body answered $code, want 400"; fail=1; }
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$work/cert.pem" --data-binary @"$work/list.json" \
	"https://127.0.0.1:$port/elsewhere")
[ "$code" = 404 ] || { echo "FAIL: wrong path answered $code, want 404"; fail=1; }
sleep 0.3
kill -TERM "$pid"
wait "$pid" || { echo "FAIL: vigil watch exited $? after SIGTERM"; fail=1; }
pid=
grep -q '"rule":"Attach/Exec Pod"' "$work/alerts" || { echo "FAIL: no Attach/Exec Pod alert"; cat "$work/alerts" "$work/stderr"; fail=1; }
grep -q 'vigil: watch:' "$work/stderr" || { echo "FAIL: no stats line on stderr"; cat "$work/stderr"; fail=1; }
echo "$(wc -l <"$work/alerts") alert(s); $(tail -1 "$work/stderr")"
echo "$((1 - fail)) passed, $fail failed"
exit $fail
