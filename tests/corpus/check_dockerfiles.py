#!/usr/bin/env python3
"""check_dockerfiles.py VIGIL SHARED_DIR - vigil scan over every real Dockerfile in the corpus.

Asserts that the run finishes (no crash: exit 0 or 1 with a complete JSON report), that no
corpus file gets a parse error (all of them are valid: Docker builds them upstream), that
every file named like a Dockerfile was read (an independent walk counts them) and that the
Dockerfile family raised findings at all (a run that checks nothing must not pass).
"""
import json
import os
import subprocess
import sys


def is_dockerfile(name):
    return (name in ("Dockerfile", "Containerfile") or name.startswith("Dockerfile.")
            or name.startswith("Containerfile.") or name.lower().endswith(".dockerfile"))


def main():
    vigil, shared = sys.argv[1], sys.argv[2]
    root = os.path.join(shared, "corpus", "dockerfiles")
    if not os.path.isdir(root):
        print("corpus not found: %s" % root)
        return 1
    p = subprocess.run([vigil, "scan", "--format", "json", "--checks", "dockerfile", root],
                       capture_output=True)
    if p.returncode not in (0, 1):
        print("vigil exited %d\n%s" % (p.returncode, p.stderr.decode(errors="replace")))
        return 1
    report = json.loads(p.stdout)
    expected = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        expected += sum(1 for n in filenames if is_dockerfile(n))
    failures = ["%s:%s: %s" % (e.get("file"), e.get("line"), e.get("message"))
                for e in report["errors"]]
    files = report["summary"]["files"]
    if files != expected:
        failures.append("vigil read %d files, the corpus has %d Dockerfiles" % (files, expected))
    df = [f for f in report["findings"] if f["id"].startswith("VG-DF-")]
    if not df:
        failures.append("no VG-DF finding on %d Dockerfiles" % expected)
    ids = sorted({f["id"] for f in df})
    print("%d Dockerfiles, %d errors, %d VG-DF findings from %d checks" %
          (expected, len(report["errors"]), len(df), len(ids)))
    for f in failures[:50]:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
