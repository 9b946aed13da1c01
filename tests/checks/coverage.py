#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""coverage.py LIST_CHECKS CHECKS_DIR [--families F1,F2] - every scan check has a fixture case.

LIST_CHECKS (tests/checks/list_checks.c) prints the check registry as "id<TAB>family". Fails
(exit 1, listing each problem) when
  - a check of a family `vigil scan` can raise has no CHECKS_DIR/<ID>/ with fail/ and pass/;
  - a folder under CHECKS_DIR is not named after a registered check.
Every family is covered unless it is listed in NOT_SCANNED below, so a new family needs cases
from its first check on. --families restricts the first rule to the given families (for local
use while a family is being worked on; CTest runs without it).
"""
import os
import subprocess
import sys

# Families whose checks `vigil scan` never raises (vulnerability findings are not registered
# checks at all, so they need no entry).
NOT_SCANNED = {
    "image",  # VG-IMG-*: image configuration, raised by `vigil image` only
}


def main():
    argv = sys.argv[1:]
    only = None
    if len(argv) == 4 and argv[2] == "--families":
        only = set(filter(None, argv[3].split(",")))
        argv = argv[:2]
    if len(argv) != 2:
        print("usage: coverage.py LIST_CHECKS CHECKS_DIR [--families F1,F2]", file=sys.stderr)
        return 2
    list_checks, checks_dir = argv
    out = subprocess.run([list_checks], capture_output=True, text=True, check=True).stdout
    registry = {}
    for line in out.splitlines():
        check_id, family = line.split("\t")
        registry[check_id] = family

    problems = []
    covered = 0
    for check_id, family in registry.items():
        if family in NOT_SCANNED or (only is not None and family not in only):
            continue
        case = os.path.join(checks_dir, check_id)
        missing = [s for s in ("fail", "pass") if not os.path.isdir(os.path.join(case, s))]
        if missing:
            problems.append(f"{check_id} ({family}): no case tests/checks/{check_id}/ with "
                            + " and ".join(f"{s}/" for s in missing))
        else:
            covered += 1
    for name in sorted(os.listdir(checks_dir)):
        if os.path.isdir(os.path.join(checks_dir, name)) and name not in registry:
            problems.append(f"tests/checks/{name}/: no registered check has this ID")

    for p in problems:
        print(p)
    print(f"{covered} checks covered, {len(problems)} problem(s); families not scanned: "
          + ", ".join(sorted(NOT_SCANNED)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
