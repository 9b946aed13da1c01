#!/usr/bin/env python3
"""k8saudit-check.py VIGIL SHARED - replays every scenario of Falco's k8s audit test table
(falco_k8s_audit_tests.yaml) that uses only the stock rules files, through
`vigil watch --source k8saudit --rule-matching all`, and compares detections (rule -> count)
with the table. Prints one line per scenario; exits 1 on an unexplained difference.
Known, explained differences are listed in KNOWN (see tests/replay/README.md)."""
import json, os, re, subprocess, sys, yaml

vigil, shared = sys.argv[1], sys.argv[2]
tdir = os.path.join(shared, 'corpus/k8saudit/falco-trace-files')
rules = os.path.join(shared, 'corpus/falco-rules/k8s_audit_rules.yaml')

class Loader(yaml.SafeLoader):
    pass
Loader.add_constructor('!mux', lambda l, n: l.construct_mapping(n, deep=True))
table = yaml.load(open(os.path.join(tdir, 'falco_k8s_audit_tests.yaml')), Loader=Loader)['trace_files']

RENAMED = 'the table (Falco 0.34.1) predates the rule rename to "K8s ClusterRole*"; same detection'
KNOWN = {
    'create_clusterrole': RENAMED, 'create_clusterrolebinding': RENAMED,
    'delete_clusterrole': RENAMED, 'delete_clusterrolebinding': RENAMED,
}
bad = ok = skipped = 0
for name, sc in sorted(table.items()):
    rf = [os.path.basename(r) for r in sc.get('rules_file', [])]
    if any(r not in ('falco_rules.yaml', 'k8s_audit_rules.yaml') for r in rf):
        skipped += 1
        continue
    m = re.search(r'open_params=trace_files/k8s_audit/(\S+)', sc.get('addl_cmdline_opts', ''))
    if not m:
        skipped += 1
        continue
    trace = os.path.join(tdir, m.group(1))
    p = subprocess.run([vigil, 'watch', '--source', 'k8saudit', '--rules', rules, '--format', 'json',
                        '--rule-matching', 'all', '--hostname', 'test', '--input', trace],
                       capture_output=True, text=True)
    got = {}
    for line in p.stdout.splitlines():
        r = json.loads(line)['rule']
        got[r] = got.get(r, 0) + 1
    want = {}
    for d in sc.get('detect_counts', []) or []:
        want.update(d)
    if sc.get('detect'):
        good = all(got.get(r, 0) == c for r, c in want.items())
    else:
        good = not any(r in got for r in want) and (want or not got)
    if not good and name in KNOWN:
        print('KNOWN %s: %s' % (name, KNOWN[name]))
        ok += 1
        continue
    print('%s %s: want %s detect=%s, got %s' % ('ok ' if good else 'BAD', name, want,
                                                sc.get('detect'), got))
    ok += good
    bad += not good
print('%d agree, %d differ, %d skipped (other rules files)' % (ok, bad, skipped))
sys.exit(1 if bad else 0)
