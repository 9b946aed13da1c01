#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Live scenario tests: `vigil watch --source live` with the official stable Falco rules sees
real activity on this machine and raises the expected alert; a near miss of the same scenario
raises no alert of that rule.

Each scenario runs twice (fire, nearmiss), each time under its own `vigil watch` session:

    vigil watch --source live --rules falco_rules.yaml --format json --hostname node-1
                --duration N --record RAW.jsonl

The activity is a shell command tree started by this runner; every command line (or file
name) of it carries a unique marker, and an alert belongs to the scenario when its output
names the marker (other activity on the machine cannot make a scenario pass or fail).

Container scenarios run in a simulated container (vg-ctr, started through a symlink named
containerd-shim): own mount/UTS/IPC/PID namespaces, inside a cgroup shaped like a containerd
pod's, optionally with a pty or an overlayfs root.

With --update-fixtures the recorded events of the scenario's process tree are written to
tests/replay/live/<scenario>-<variant>.jsonl, replayed (`vigil watch --source replay`) and
checked to give the same alerts, and the golden cases tests/golden/cases/watch-live-* are
(re)written from the replay.

Exit status: 0 pass, 1 fail, 77 skip (not root, or eBPF cannot load: the reason is printed on
a "SKIP:" line).
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

CONTAINER_ID = "0b8ab1c5e9f7f5f11f5d74f1a83e7e7b4e0d5de2b6d4bb6cf2a4f6f22e7a7a21"
POD_UID = "2bc6e4a6-5b0e-4c21-9d6c-2d29fa1b6d3f"
CGROUP = ("kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod%s.slice/"
          "cri-containerd-%s.scope" % (POD_UID.replace("-", "_"), CONTAINER_ID))
PY = "/usr/bin/python3"


def ctr(ctx, cmd, pty=False, overlay=False):
    """Run shell command @cmd as PID 1 of the simulated container."""
    opts = ["--cgroup", CGROUP]
    if pty:
        opts.append("--pty")
    if overlay:
        opts += ["--overlay", os.path.join(ctx["work"], "ovl")]
    return "%s %s -- /bin/sh -c %s" % (ctx["shim"], " ".join(opts), shq(cmd))


def shq(s):
    return "'" + s.replace("'", "'\\''") + "'"


# Each scenario: rule, and the fire / nearmiss commands as functions of the context
# (marker m, work dir w, helpers, listener port). Commands run with /bin/sh -c.
SCENARIOS = [
    {
        "name": "read-sensitive-file-untrusted",
        "evidence": ('"/etc/shadow"', '"/etc/hostname"'),
        "rule": "Read sensitive file untrusted",
        "fire": lambda c: "cat /etc/shadow {w}/none >/dev/null 2>&1; true".format(**c),
        "nearmiss": lambda c: "cat /etc/hostname {w}/none >/dev/null 2>&1; true".format(**c),
    },
    {
        "name": "terminal-shell-in-container",
        "evidence": ('"name":"bash"', '"name":"bash"'),
        "rule": "Terminal shell in container",
        "fire": lambda c: ctr(c, "exec /bin/bash -c 'echo {m}'".format(**c), pty=True),
        "nearmiss": lambda c: ctr(c, "exec /bin/bash -c 'echo {m}'".format(**c), pty=False),
    },
    {
        "name": "netcat-remote-code-execution-in-container",
        "evidence": ('"name":"nc"', '"name":"nc"'),
        "rule": "Netcat Remote Code Execution in Container",
        "fire": lambda c: ctr(c, "nc -e {w}/payload-{m} 127.0.0.1 {port}".format(**c)),
        "nearmiss": lambda c: ctr(c, "nc -w 1 -o {w}/dump-{m} 127.0.0.1 {port} </dev/null"
                                  .format(**c)),
    },
    {
        "name": "redirect-stdout-stdin-to-network-connection-in-container",
        "evidence": ('"type":"dup2"', '"type":"dup2"'),
        "rule": "Redirect STDOUT/STDIN to Network Connection in Container",
        "fire": lambda c: ctr(c, "bash -c 'exec 3<>/dev/tcp/127.0.0.1/{port}; exec 1>&3; "
                                 "echo {m}'".format(**c)),
        "nearmiss": lambda c: ctr(c, "bash -c 'exec 3>{w}/out; exec 1>&3; echo {m}'"
                                     .format(**c)),
    },
    {
        "name": "search-private-keys-or-passwords",
        "evidence": ('"name":"grep"', '"name":"grep"'),
        "rule": "Search Private Keys or Passwords",
        "fire": lambda c: "grep -r 'BEGIN RSA PRIVATE' {w}/keys >/dev/null; true".format(**c),
        "nearmiss": lambda c: "grep -r 'BEGIN CERTIFICATE' {w}/keys >/dev/null; true"
                              .format(**c),
    },
    {
        "name": "clear-log-activities",
        "evidence": ('/var/log/{m}.log"', '/var/log/{m}.log"'),
        "rule": "Clear Log Activities",
        "fire": lambda c: "sh -c ': > /var/log/{m}.log'; rm -f /var/log/{m}.log".format(**c),
        "nearmiss": lambda c: "sh -c 'echo x >> /var/log/{m}.log'; rm -f /var/log/{m}.log"
                              .format(**c),
    },
    {
        "name": "create-symlink-over-sensitive-files",
        "evidence": ('"type":"symlinkat"', '"type":"symlinkat"'),
        "rule": "Create Symlink Over Sensitive Files",
        "fire": lambda c: "ln -s /etc/shadow {w}/link".format(**c),
        "nearmiss": lambda c: "ln -s /etc/hostname {w}/link".format(**c),
    },
    {
        "name": "ptrace-attached-to-process",
        "evidence": ('"type":"ptrace"', '"type":"ptrace"'),
        "rule": "PTRACE attached to process",
        "fire": lambda c: "{ptrace} attach {m}".format(**c),
        "nearmiss": lambda c: "{ptrace} peek {m}".format(**c),
    },
    {
        "name": "execution-from-dev-shm",
        "evidence": ('"exe":"/dev/shm/{m}"', '"exe":"{w}/{m}"'),
        "rule": "Execution from /dev/shm",
        "fire": lambda c: "cp /bin/true /dev/shm/{m} && /dev/shm/{m}; rm -f /dev/shm/{m}"
                          .format(**c),
        "nearmiss": lambda c: "cp /bin/true {w}/{m} && {w}/{m}".format(**c),
    },
    {
        "name": "fileless-execution-via-memfd-create",
        "evidence": ('"exe":"vg-payload"', '"exe":"vg-payload"'),
        "rule": "Fileless execution via memfd_create",
        "fire": lambda c: "{memfd} exec {m}".format(**c),
        "nearmiss": lambda c: "{memfd} noexec {m}".format(**c),
    },
    {
        "name": "drop-and-execute-new-binary-in-container",
        "evidence": ('"exe":"/tmp/{m}"', '"name":"true"'),
        "rule": "Drop and execute new binary in container",
        "fire": lambda c: ctr(c, "cp /bin/true /tmp/{m} && /tmp/{m}".format(**c),
                              overlay=True),
        "nearmiss": lambda c: ctr(c, "/bin/true {m}".format(**c), overlay=True),
    },
    {
        "name": "packet-socket-created-in-container",
        "evidence": ('"type":"socket"', '"type":"socket"'),
        "rule": "Packet socket created in container",
        "fire": lambda c: ctr(c, "%s -c 'import socket; socket.socket(socket.AF_PACKET, "
                                 "socket.SOCK_RAW); print(\"{m}\")'".format(**c) % PY),
        "nearmiss": lambda c: ctr(c, "%s -c 'import socket; socket.socket(socket.AF_INET, "
                                     "socket.SOCK_DGRAM); print(\"{m}\")'".format(**c) % PY),
    },
    {
        "name": "find-aws-credentials",
        "evidence": ('"name":"find"', '"name":"find"'),
        "rule": "Find AWS Credentials",
        "fire": lambda c: "find {w} -path '*/.aws/credentials' >/dev/null".format(**c),
        "nearmiss": lambda c: "find {w} -name credentials >/dev/null".format(**c),
    },
]


class Listener:
    """A TCP server on 127.0.0.1 that accepts and drains connections (the far end of the
    network scenarios)."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.stop = False
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        self.sock.settimeout(0.2)
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            threading.Thread(target=self.drain, args=(conn,), daemon=True).start()

    @staticmethod
    def drain(conn):
        conn.settimeout(3)
        try:
            while conn.recv(4096):
                pass
        except OSError:
            pass
        conn.close()

    def close(self):
        self.stop = True
        self.thread.join(2)
        self.sock.close()


def log(*a):
    print(*a, flush=True)


def start_watch(args, raw, out_path, err_path):
    cmd = [args.vigil, "watch", "--source", "live", "--rules", args.rules, "--format", "json",
           "--hostname", "node-1", "--duration", str(args.duration)]
    if raw:
        cmd += ["--record", raw]
    out = open(out_path, "w")
    err = open(err_path, "w")
    p = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    # ready when vigil says "live capture started" (programs attached, /proc scanned), or
    # after args.ready seconds
    deadline = time.time() + args.ready
    while time.time() < deadline:
        if p.poll() is not None:
            break
        with open(err_path) as f:
            text = f.read()
        if "live capture started" in text:
            # a forced capture mode (VIGIL_LIVE_MODE, the live-tracepoint/ tests) must be the
            # one that runs
            want = os.environ.get("VIGIL_LIVE_MODE")
            if want and ("mode %s (VIGIL_LIVE_MODE)" % want) not in text:
                p.kill()
                p.wait()
                sys.exit("FAIL: VIGIL_LIVE_MODE=%s but vigil says: %s" % (want, text.strip()))
            break
        time.sleep(0.1)
    time.sleep(0.3)
    return p, out, err


def stop_watch(p, out, err):
    if p.poll() is None:
        p.send_signal(signal.SIGINT)
    try:
        p.wait(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    out.close()
    err.close()
    return p.returncode


def read_alerts(path):
    alerts = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                alerts.append(json.loads(line))
            except ValueError:
                pass
    return alerts


def scenario_alerts(alerts, marker):
    return [a for a in alerts if marker in a.get("output", "")]


def filter_tree(raw_path, root_pid):
    """The recorded lines of the process tree below @root_pid (inclusive), from the root's
    first execve on (before it, the root is the runner's forked child). Ancestors outside the
    tree (the runner, its shell ...) keep only pid, ppid and name."""
    tree = {root_pid}
    started = False
    kept = []
    with open(raw_path) as f:
        for line in f:
            s = line.strip()
            if not s.startswith("{"):
                continue
            try:
                ev = json.loads(s)
            except ValueError:
                continue
            proc = ev.get("proc") or {}
            pid = proc.get("pid")
            if not started:
                if pid == root_pid and ev.get("type") in ("execve", "execveat") and \
                        ev.get("res") == 0:
                    started = True
                else:
                    continue
            chain = [pid, proc.get("ppid")] + [a.get("pid") for a in proc.get("ancestors", [])]
            if not (pid in tree or any(x in tree for x in chain if x is not None)):
                continue
            if pid is not None:
                tree.add(pid)
            changed = False
            outside = 0
            for a in proc.get("ancestors", []):
                if a.get("pid") in tree:
                    continue
                outside += 1
                # the runner and the processes above it keep only their names (their command
                # lines name this checkout and the machine's own session processes)
                keep = ("pid", "ppid", "name")
                for k in list(a):
                    if k not in keep:
                        del a[k]
                        changed = True
            kept.append(json.dumps(ev, separators=(",", ":"), ensure_ascii=False)
                        if changed else s)
            # the child of a fork/clone
            if ev.get("type") in ("clone", "clone3", "fork", "vfork") and \
                    isinstance(ev.get("res"), int) and ev["res"] > 0:
                tree.add(ev["res"])
    return kept


def replay(args, fixture):
    cmd = [args.vigil, "watch", "--source", "replay", "--rules", args.rules, "--format",
           "json", "--hostname", "node-1", "--input", fixture]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=120)
    return r.returncode, r.stdout, r.stderr


def prepare(ctx):
    w = ctx["work"]
    os.makedirs(os.path.join(w, "keys"), exist_ok=True)
    with open(os.path.join(w, "keys", "id_rsa"), "w") as f:
        f.write("-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----\n")
    os.makedirs(os.path.join(w, ".aws"), exist_ok=True)
    with open(os.path.join(w, ".aws", "credentials"), "w") as f:
        f.write("[default]\naws_access_key_id = AKIAEXAMPLE\n")
    payload = os.path.join(w, "payload-" + ctx["m"])
    with open(payload, "w") as f:
        f.write("#!/bin/sh\necho payload\n")
    os.chmod(payload, 0o755)
    shim = os.path.join(w, "containerd-shim")
    os.symlink(ctx["ctr"], shim)
    ctx["shim"] = shim


COUNTER = [0]


def run_variant(args, sc, variant, listener, tmp):
    COUNTER[0] += 1
    marker = "vgscn%d%s%s%d" % (os.getpid(), sc["name"][:6].replace("-", ""), variant[:4],
                                COUNTER[0])
    work = os.path.join(tmp, marker)
    os.makedirs(work)
    ctx = {"m": marker, "w": work, "work": work, "port": listener.port,
           "ctr": os.path.join(args.helpers, "vg-ctr"),
           "memfd": os.path.join(args.helpers, "vg-memfd"),
           "ptrace": os.path.join(args.helpers, "vg-ptrace")}
    prepare(ctx)
    action = sc[variant](ctx)
    raw = os.path.join(tmp, "%s-%s.raw.jsonl" % (sc["name"], variant))
    outp = os.path.join(tmp, "%s-%s.alerts" % (sc["name"], variant))
    errp = os.path.join(tmp, "%s-%s.stderr" % (sc["name"], variant))
    p, out, err = start_watch(args, raw if args.update_fixtures else None, outp, errp)
    if p.poll() is not None:
        stop_watch(p, out, err)
        with open(errp) as f:
            reason = f.read().strip().splitlines()
        errs = [l for l in reason if "error" in l]
        return "skip", "vigil watch --source live did not start: %s" % (
            errs[0] if errs else reason[-1] if reason else "exit %s" % p.returncode)
    act = subprocess.Popen(["/bin/sh", "-c", action], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, cwd=work,
                           env={"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
                                        "/sbin:/bin", "HOME": "/root"})
    root_pid = act.pid
    try:
        _, act_err = act.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        act.kill()
        _, act_err = act.communicate()
    time.sleep(args.settle)
    rc = stop_watch(p, out, err)
    alerts = read_alerts(outp)
    mine = scenario_alerts(alerts, marker)
    rules = sorted({a.get("rule") for a in mine})
    hit = [a for a in mine if a.get("rule") == sc["rule"]]
    detail = "vigil exit %s, %d alerts (%d of this scenario: %s)" % (
        rc, len(alerts), len(mine), ", ".join(rules) or "none")
    ok = bool(hit) if variant == "fire" else not hit
    if act.returncode != 0:
        # a near miss that did not run proves nothing
        ok = False
        detail += "; action exit %d: %s" % (act.returncode, act_err.decode(errors="replace")
                                             .strip()[-300:])
    result = {"ok": ok, "detail": detail, "rules": rules}
    retry = variant == "fire" and not hit
    if args.update_fixtures and os.path.exists(raw) and result["ok"]:
        result.update(update_fixture(args, sc, variant, raw, root_pid, rules, ctx))
        retry = retry or result.get("lost", False)
    result["retry"] = retry
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return "ok" if result["ok"] else "fail", result


def update_fixture(args, sc, variant, raw, root_pid, live_rules, ctx):
    lines = filter_tree(raw, root_pid)
    # the event that decides the case must be in the recording (a near miss that lost it
    # would prove nothing)
    evidence = sc["evidence"][0 if variant == "fire" else 1].format(**ctx)
    if not any(evidence in l for l in lines):
        return {"ok": False, "lost": True,
                "detail": "the recording lost the scenario's events (no %s; ring buffer "
                          "drops)" % evidence}
    name = "%s-%s" % (sc["name"], variant)
    fixture = os.path.join(SRC, "tests", "replay", "live", name + ".jsonl")
    os.makedirs(os.path.dirname(fixture), exist_ok=True)
    with open(fixture, "w") as f:
        f.write("\n".join(lines) + ("\n" if lines else ""))
    rc, out, err = replay(args, fixture)
    replay_rules = sorted({json.loads(l).get("rule") for l in out.splitlines()
                           if l.startswith("{")})
    res = {"fixture": fixture, "fixture_lines": len(lines), "replay_rules": replay_rules}
    if rc != 0:
        res["ok"] = False
        res["detail"] = "replay of %s failed (%d): %s" % (fixture, rc, err.strip()[-300:])
        return res
    if replay_rules != live_rules:
        res["ok"] = False
        res["detail"] = "replay alerts %s differ from live %s" % (replay_rules, live_rules)
        return res
    case = os.path.join(SRC, "tests", "golden", "cases", "watch-live-" + name)
    os.makedirs(case, exist_ok=True)
    with open(os.path.join(case, "args"), "w") as f:
        f.write("\n".join(["watch", "--source", "replay", "--format", "json", "--hostname",
                           "node-1", "--rules", "@SHARED@/corpus/falco-rules/falco_rules.yaml",
                           "--input", "../replay/live/%s.jsonl" % name]) + "\n")
    with open(os.path.join(case, "stdout"), "w") as f:
        f.write(out)
    with open(os.path.join(case, "exit"), "w") as f:
        f.write("0\n")
    return res


def can_run(args):
    if os.geteuid() != 0:
        return "not root (eBPF needs CAP_BPF and CAP_PERFMON)"
    for h in ("vg-ctr", "vg-memfd", "vg-ptrace"):
        if not os.access(os.path.join(args.helpers, h), os.X_OK):
            return "helper %s not built in %s" % (h, args.helpers)
    if not os.path.exists(args.rules):
        return "rules file %s not found" % args.rules
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vigil", required=True)
    ap.add_argument("--rules", required=True)
    ap.add_argument("--helpers", required=True, help="directory with vg-ctr, vg-memfd, vg-ptrace")
    ap.add_argument("--only", action="append", help="scenario name (repeatable)")
    ap.add_argument("--duration", type=int, default=60, help="vigil --duration safety bound")
    ap.add_argument("--ready", type=float, default=8.0, help="max seconds to wait for vigil")
    ap.add_argument("--settle", type=float, default=1.0, help="seconds after the activity")
    ap.add_argument("--update-fixtures", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the work directories")
    ap.add_argument("--attempts", type=int, default=3,
                    help="runs of a failing case before it fails (ring-buffer drops)")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    args.helpers = os.path.abspath(args.helpers)
    args.vigil = os.path.abspath(args.vigil)
    if args.list:
        for sc in SCENARIOS:
            print(sc["name"])
        return 0
    why = can_run(args)
    if why:
        print("SKIP: %s" % why, flush=True)
        return SKIP
    scs = [s for s in SCENARIOS if not args.only or s["name"] in args.only]
    if not scs:
        print("no such scenario: %s" % args.only, file=sys.stderr)
        return 2
    listener = Listener()
    tmp = tempfile.mkdtemp(prefix="vg-live-")
    # the helpers run from the temporary directory: recordings do not name this checkout
    bindir = os.path.join(tmp, "bin")
    os.makedirs(bindir)
    for h in ("vg-ctr", "vg-memfd", "vg-ptrace"):
        shutil.copy2(os.path.join(args.helpers, h), bindir)
    args.helpers = bindir
    failed = 0
    try:
        for sc in scs:
            for variant in ("fire", "nearmiss"):
                for attempt in range(args.attempts):
                    status, res = run_variant(args, sc, variant, listener, tmp)
                    if status != "fail" or not res.get("retry"):
                        break
                    # under load the ring buffer may drop the scenario's events: try again
                    log("  attempt %d of %s/%s failed: %s" % (attempt + 1, sc["name"], variant,
                                                               res["detail"]))
                if status == "skip":
                    print("SKIP: %s" % res, flush=True)
                    return SKIP
                want = "alert" if variant == "fire" else "no alert"
                log("%s %s/%s (%s '%s'): %s" % ("PASS" if status == "ok" else "FAIL",
                                                sc["name"], variant, want, sc["rule"],
                                                res["detail"]))
                if "fixture" in res:
                    log("    recorded %s (%d lines), replay: %s" % (
                        os.path.relpath(res["fixture"], SRC), res["fixture_lines"],
                        ", ".join(res["replay_rules"]) or "no alerts"))
                if status != "ok":
                    failed += 1
    finally:
        listener.close()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            log("kept %s" % tmp)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
