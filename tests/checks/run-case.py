#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""run-case.py VIGIL CASE_DIR - one per-check fixture test (format: tests/checks/README.md).

CASE_DIR is named after a check ID and holds:
  fail/     inputs on which `vigil scan` must raise the check at least once
  pass/     the near miss: inputs on which it must not raise it
  args      optional extra `vigil scan` arguments, one per line (blank lines and # comments
            ignored; the comment `# allow-errors` lets the report contain input errors)
  expected  the check's findings on fail/, one per line: file:line:column<TAB>path<TAB>message
            (file relative to CASE_DIR, in report order); VIGIL_GOLDEN_UPDATE=1 rewrites it

vigil runs as `vigil scan --format json ARGS... fail` (then `... pass`) with CASE_DIR as the
working directory. Exit 0 = the case passes, 1 = it fails (the reasons are printed).
"""
import json
import os
import subprocess
import sys


def read_args(case_dir):
    """The extra arguments and whether input errors are allowed."""
    args, allow_errors = [], False
    path = os.path.join(case_dir, "args")
    if not os.path.exists(path):
        return args, allow_errors
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            stripped = line.strip()
            if not stripped:
                continue
            if stripped.startswith("#"):
                if stripped[1:].strip() == "allow-errors":
                    allow_errors = True
                continue
            args.append(line)
    return args, allow_errors


def escape(s):
    """One golden field on one line: backslash, tab and newline escaped; null is empty."""
    if s is None:
        return ""
    return str(s).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def scan(vigil, case_dir, args, target, problems):
    """Run the scan over TARGET; return the parsed report, or None (with a problem noted)."""
    cmd = [vigil, "scan", "--format", "json", *args, target]
    env = dict(os.environ, NO_COLOR="1")
    try:
        proc = subprocess.run(cmd, cwd=case_dir, stdin=subprocess.DEVNULL, capture_output=True,
                              env=env, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        problems.append(f"{target}/: cannot run {' '.join(cmd)}: {e}")
        return None
    # 0 = no finding, 1 = findings, 2 = an input error (the report is still written);
    # anything else (a crash, a signal) is a failure.
    if proc.returncode not in (0, 1, 2):
        problems.append(f"{target}/: `{' '.join(cmd)}` exited with {proc.returncode}:\n"
                        f"{proc.stderr.decode(errors='replace')}")
        return None
    try:
        report = json.loads(proc.stdout)
    except ValueError as e:
        problems.append(f"{target}/: `{' '.join(cmd)}` (exit {proc.returncode}) wrote no JSON "
                        f"report ({e}); stderr:\n{proc.stderr.decode(errors='replace')}")
        return None
    return report


def main():
    if len(sys.argv) != 3:
        print("usage: run-case.py VIGIL CASE_DIR", file=sys.stderr)
        return 2
    vigil = os.path.abspath(sys.argv[1])
    case_dir = os.path.abspath(sys.argv[2])
    check_id = os.path.basename(case_dir.rstrip("/"))
    update = os.environ.get("VIGIL_GOLDEN_UPDATE") == "1"
    problems = []

    for sub in ("fail", "pass"):
        if not os.path.isdir(os.path.join(case_dir, sub)):
            problems.append(f"{case_dir}: missing {sub}/ folder")
    if problems:
        print("\n".join(problems))
        return 1

    args, allow_errors = read_args(case_dir)
    got = {}
    for sub in ("fail", "pass"):
        report = scan(vigil, case_dir, args, sub, problems)
        if report is None:
            continue
        errors = report.get("errors", [])
        if errors and not allow_errors:
            for e in errors:
                problems.append(f"{sub}/: input error {e.get('file')}:{e.get('line')}:"
                                f"{e.get('column')}: {e.get('code')}: {e.get('message')} "
                                "(add `# allow-errors` to args if intended)")
        got[sub] = [f for f in report.get("findings", []) if f.get("id") == check_id]

    if "fail" in got and not got["fail"]:
        problems.append(f"fail/: {check_id} not raised (the check must fire on fail/)")
    if "pass" in got and got["pass"]:
        problems.append(f"pass/: {check_id} raised {len(got['pass'])} time(s), want none:")
        for f in got["pass"]:
            problems.append(f"  {f.get('file')}:{f.get('line')}:{f.get('column')} "
                            f"{f.get('path')}: {f.get('message')}")

    if "fail" in got:
        lines = [f"{escape(f.get('file'))}:{f.get('line')}:{f.get('column')}\t"
                 f"{escape(f.get('path'))}\t{escape(f.get('message'))}\n" for f in got["fail"]]
        text = "".join(lines)
        expected_path = os.path.join(case_dir, "expected")
        if update:
            with open(expected_path, "w", encoding="utf-8") as f:
                f.write(text)
            print(f"updated {expected_path}")
        else:
            try:
                with open(expected_path, encoding="utf-8") as f:
                    want = f.read()
            except OSError as e:
                want = None
                problems.append(f"cannot read {expected_path}: {e} "
                                "(generate it with VIGIL_GOLDEN_UPDATE=1)")
            if want is not None and want != text:
                import difflib
                diff = "".join(difflib.unified_diff(
                    want.splitlines(keepends=True), text.splitlines(keepends=True),
                    "expected", "got"))
                problems.append(f"fail/: {check_id} findings differ from expected:\n{diff}")

    if problems:
        print(f"{check_id}: FAILED")
        print("\n".join(problems))
        return 1
    print(f"{check_id}: ok ({len(got['fail'])} finding(s) on fail/, none on pass/)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
