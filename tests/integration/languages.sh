#!/usr/bin/env bash
# languages.sh VIGIL SHARED_DIR - `vigil image` end to end on a root filesystem holding the npm
# lockfile fixture and a Go binary built here with Debian's Go toolchain, matched against the
# bundled vulnerability database.
#
# Asserts: the lockfile's four GitHub advisories (lodash, minimist, semver, express) are found
# with their fixed versions; the Go binary's standard library is reported at the toolchain's
# version and matched by the Go advisories that cover it (every GO-* record for stdlib whose
# ranges contain that version, counted independently here from the OSV files).
# Exit 0 pass, 1 fail, 77 skipped (no Go toolchain).
set -euo pipefail
VIGIL=${1:?usage: languages.sh VIGIL SHARED_DIR}
SHARED=${2:?usage: languages.sh VIGIL SHARED_DIR}
command -v go >/dev/null || { echo "SKIP: no go toolchain (Debian package golang-go)"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root/app" "$root/usr/local/bin" "$work/src"
cp "$SHARED/corpus/pkgdb-fixtures/npm-lock-v3/package-lock.json" "$root/app/"
cat >"$work/src/main.go" <<'GO'
package main

import "fmt"

func main() { fmt.Println("hello from vigil's test") }
GO
(cd "$work/src" && printf 'module example.com/hello\n\ngo 1.19\n' >go.mod &&
	GOFLAGS=-mod=mod GOCACHE="$work/gocache" GOPATH="$work/gopath" go build -o "$root/usr/local/bin/hello" .)
gover=$(go env GOVERSION)
gover=${gover#go}

"$VIGIL" image --scanners vuln --format json -o "$work/report.json" "$root" || rc=$?
rc=${rc:-0}
[ "$rc" -le 1 ] || { echo "vigil image exited $rc"; exit 1; }

/usr/bin/python3 - "$work/report.json" "$gover" "$SHARED/corpus/vulndb/osv/Go" <<'PY'
import json, os, sys
report, gover, godir = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
found = {}
for f in report["findings"]:
    p = f.get("package")
    if p:
        found.setdefault((p["name"], p["version"]), {})[f["id"]] = p.get("fixedVersion")
fails = []
want_npm = {("lodash", "4.17.15"): ("GHSA-p6mc-m468-83gw", "4.17.20"),
            ("minimist", "1.2.0"): ("GHSA-xvch-5gv4-984h", "1.2.6"),
            ("semver", "7.3.7"): ("GHSA-c2qf-rxjj-qqgw", "7.5.2"),
            ("express", "4.17.1"): ("GHSA-rv95-896h-c2vc", "4.19.2")}
for pkg, (vid, fix) in want_npm.items():
    got = found.get(pkg, {})
    if got.get(vid) != fix:
        fails.append("%s@%s: want %s fixed in %s, got %s" % (pkg[0], pkg[1], vid, fix, got.get(vid)))

def key(v):
    out = []
    for part in v.split("-")[0].split("."):
        out.append(int(part) if part.isdigit() else 0)
    return out + [0] * (3 - len(out))

def affected(ranges, v):
    for r in ranges:
        if r.get("type") != "SEMVER":
            continue
        state = False
        for e in sorted(r["events"], key=lambda e: key(list(e.values())[0])):
            (k, ev), = e.items()
            if key(ev) <= key(v):
                state = k == "introduced"
                if k == "last_affected" and key(ev) == key(v):
                    state = True
        if state:
            return True
    return False

expect = set()
for name in os.listdir(godir):
    rec = json.load(open(os.path.join(godir, name)))
    if rec.get("withdrawn"):
        continue
    for a in rec.get("affected", []):
        if a["package"]["name"] == "stdlib" and affected(a.get("ranges", []), gover):
            expect.add(rec["id"])
got = set(found.get(("stdlib", gover), {}))
if not got:
    fails.append("no vulnerability reported for stdlib %s (packages seen: %s)" % (gover, sorted(found)[:10]))
if got != expect:
    fails.append("stdlib %s: %d GO-* records expected, %d reported; missing %s, extra %s" % (
        gover, len(expect), len(got), sorted(expect - got)[:5], sorted(got - expect)[:5]))
print("npm: %d/4 advisories; Go %s: %d stdlib advisories (independent count %d)" % (
    4 - sum(1 for f in fails if "@" in f), gover, len(got), len(expect)))
for f in fails:
    print("FAIL " + f)
print("%d passed, %d failed" % (0 if fails else 1, 1 if fails else 0))
sys.exit(1 if fails else 0)
PY
