#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Precision and recall of `vigil scan --secrets` on tests/data/secrets-labelled/.

usage: labelled.py VIGIL DATA_DIR [MIN_PRECISION MIN_RECALL]
A case file counts as detected when vigil raises at least one secret-detection finding
(VG-SEC-001..019) on it. Prints the confusion matrix and every miss, and fails when precision
or recall is below the thresholds."""
import csv, json, os, subprocess, sys

vigil, data = os.path.abspath(sys.argv[1]), sys.argv[2]
min_p = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
min_r = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
with open(os.path.join(data, "LABELS.tsv")) as f:
    labels = {row["file"]: row for row in csv.DictReader(f, delimiter="\t")}
files = sorted(labels)
out = subprocess.run([vigil, "scan", "--secrets", "--checks", "secrets", "--format", "json",
                      "--exit-code", "0"] + files, cwd=data, capture_output=True, text=True)
if out.returncode not in (0, 1):
    sys.stderr.write(out.stderr)
    sys.exit(f"vigil exited {out.returncode}")
report = json.loads(out.stdout)
hits = {}
for f in report.get("findings", []):
    fid = f.get("id", "")
    if fid.startswith("VG-SEC-") and int(fid[7:]) <= 19:
        name = os.path.basename(f.get("file", ""))
        hits.setdefault(name, []).append(fid)
tp = fp = fn = tn = 0
multi = []
for name in files:
    pos = labels[name]["label"] == "pos"
    found = name in hits
    if pos and found:
        tp += 1
        if len(hits[name]) > 1:
            multi.append(f"{name}: {','.join(hits[name])}")
    elif pos:
        fn += 1
        print(f"MISS  {name}\t{labels[name]['kind']}\t{labels[name]['note']}")
    elif found:
        fp += 1
        print(f"FALSE {name}\t{','.join(hits[name])}\t{labels[name]['note']}")
    else:
        tn += 1
precision = tp / (tp + fp) if tp + fp else 1.0
recall = tp / (tp + fn) if tp + fn else 1.0
for m in multi:
    print(f"MULTI {m}")
print(f"cases {len(files)}: tp {tp} fp {fp} fn {fn} tn {tn}; precision {precision:.3f} "
      f"recall {recall:.3f} (thresholds {min_p:.2f} / {min_r:.2f})")
sys.exit(0 if precision >= min_p and recall >= min_r else 1)
