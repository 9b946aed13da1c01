#!/usr/bin/env python3
"""bench/agreement.py - agreement by check between vigil and its peers, from bench/peers.sh output.

usage: agreement.py --out DIR --dockerfiles DIR --manifests DIR [--mappings DIR] [--per-check N]
                    [--secret-ids REGEX]
       agreement.py --count KIND FILE      (number of findings in one tool's output; for peers.sh)

Reads DIR/raw/{vigil,trivy,dockerfilelint}.dockerfiles.json, DIR/raw/{vigil,trivy}.manifests.json
and DIR/raw/{vigil-secrets,secretlint,trivy-secret}.secrets.json (a missing file skips the
comparisons that need it) and normalises every finding to (file, check key), file relative to the
corpus root given by --dockerfiles/--manifests:

  - Trivy: the check ID (DS002, KSV014); its secret scanner: the key "secret";
  - dockerfilelint: the rule name (sudo_usage, missing_tag; from the title, mappings/dockerfilelint.tsv);
  - secretlint: "secret";
  - vigil: mapped to the peer's keys through the finding's refs.trivy and mappings/trivy.tsv
    (Trivy), mappings/dockerfilelint.tsv (dockerfilelint), or "secret" for IDs matching
    --secret-ids (secret scanners).

For every key both tools can raise it counts the files where both, only vigil or only the peer
report it; agreement = both / (both + only vigil + only peer). It writes DIR/agreement.md (tables,
checks without a counterpart, and a deterministic sample of up to --per-check disagreements per
key and side with both tools' findings on that file) and DIR/disagreements.tsv (every disagreement).
"""
import argparse
import collections
import csv
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load_json(path):
    with open(path, encoding='utf-8') as fh:
        return json.load(fh)


def rel(path, root):
    """path relative to root (both may be relative to the cwd or absolute)"""
    p = os.path.normpath(os.path.abspath(path))
    r = os.path.normpath(os.path.abspath(root))
    if p == r:
        return os.path.basename(p)
    if p.startswith(r + os.sep):
        return p[len(r) + 1:]
    return os.path.normpath(path)


def read_tsv(path):
    with open(path, encoding='utf-8') as fh:
        lines = [l for l in fh if not l.startswith('#')]
    return list(csv.DictReader(lines, delimiter='\t', quoting=csv.QUOTE_NONE))


# ---- parsers: each returns {key: {file: [detail, ...]}} plus the files the tool saw --------------

def parse_vigil(path, root):
    """vigil findings as (file, vigil ID) -> list of finding dicts"""
    d = load_json(path)
    out = collections.defaultdict(lambda: collections.defaultdict(list))
    for f in d['findings']:
        out[f['id']][rel(f['file'], root)].append(f)
    return out, d.get('summary', {})


def parse_trivy_config(path, root):
    d = load_json(path)
    out = collections.defaultdict(lambda: collections.defaultdict(list))
    titles = {}
    targets = set()
    for r in d.get('Results') or []:
        targets.add(r['Target'])
        for m in r.get('Misconfigurations') or []:
            if m.get('Status') != 'FAIL':
                continue
            cm = m.get('CauseMetadata') or {}
            line = cm.get('StartLine') or 0
            out[m['ID']][rel(os.path.join(root, r['Target']), root)].append(
                {'line': line, 'message': m.get('Message', ''), 'title': m.get('Title', '')})
            titles[m['ID']] = m.get('Title', '')
    return out, titles, targets


def parse_trivy_secret(path, root):
    d = load_json(path)
    out = collections.defaultdict(list)
    for r in d.get('Results') or []:
        for s in r.get('Secrets') or []:
            out[rel(os.path.join(root, r['Target']), root)].append(
                {'line': s.get('StartLine', 0), 'message': '%s (%s)' % (s.get('Title', ''), s.get('RuleID', ''))})
    return out


def parse_dockerfilelint(path, root, title_to_rule):
    d = load_json(path)
    out = collections.defaultdict(lambda: collections.defaultdict(list))
    unknown = collections.Counter()
    for f in d.get('files') or []:
        for i in f.get('issues') or []:
            rule = title_to_rule.get(i['title'])
            if rule is None:
                unknown[i['title']] += 1
                rule = 'title:' + i['title']
            out[rule][rel(f['file'], root)].append(
                {'line': int(i.get('line') or 0), 'message': '%s: %s' % (i['title'], i.get('content', '').strip())})
    return out, unknown


def parse_secretlint(path, root):
    d = load_json(path)
    out = collections.defaultdict(list)
    for f in d:
        for m in f.get('messages') or []:
            loc = (m.get('loc') or {}).get('start') or {}
            out[rel(f['filePath'], root)].append(
                {'line': loc.get('line', 0), 'message': '%s: %s' % (m.get('ruleId', ''), m.get('message', ''))})
    return out


def count(kind, path):
    d = load_json(path)
    if kind == 'vigil':
        return len(d['findings'])
    if kind == 'trivy':
        n = 0
        for r in d.get('Results') or []:
            n += sum(1 for m in r.get('Misconfigurations') or [] if m.get('Status') == 'FAIL')
            n += len(r.get('Secrets') or [])
        return n
    if kind == 'dockerfilelint':
        return sum(len(f.get('issues') or []) for f in d.get('files') or [])
    if kind == 'secretlint':
        return sum(len(f.get('messages') or []) for f in d)
    raise SystemExit('unknown kind ' + kind)


# ---- comparison ----------------------------------------------------------------------------------

class Comparison:
    """vigil findings mapped to one peer's keys, against that peer's findings"""

    def __init__(self, name, peer, vigil_by_key, peer_by_key, key_checks, key_titles, vigil_unmapped,
                 mapped_keys, per_check):
        self.name = name
        self.peer = peer
        self.vigil = vigil_by_key      # key -> file -> [vigil finding]
        self.peerf = peer_by_key       # key -> file -> [peer detail]
        self.key_checks = key_checks   # key -> set of vigil IDs that map to it
        self.key_titles = key_titles   # key -> peer title
        self.vigil_unmapped = vigil_unmapped  # vigil ID -> file -> [finding] (no peer key)
        self.mapped_keys = mapped_keys  # keys vigil can raise
        self.per_check = per_check

    def rows(self):
        rows = []
        for key in sorted(self.mapped_keys):
            v = set(self.vigil.get(key, {}))
            p = set(self.peerf.get(key, {}))
            both, ov, op = len(v & p), len(v - p), len(p - v)
            tot = both + ov + op
            rows.append((key, both, ov, op, (100.0 * both / tot) if tot else None))
        return rows

    def peer_only_keys(self):
        return sorted(k for k in self.peerf if k not in self.mapped_keys)

    def disagreements(self):
        """(key, side, file) for every disagreement, in a deterministic order"""
        out = []
        for key in sorted(self.mapped_keys):
            v = set(self.vigil.get(key, {}))
            p = set(self.peerf.get(key, {}))
            for side, files in (('only-vigil', v - p), ('only-' + self.peer, p - v)):
                for f in sorted(files, key=lambda f: hashlib.sha1((key + '\0' + f).encode()).hexdigest()):
                    out.append((key, side, f))
        return out


def fmt_vigil(f):
    return '%s %d:%d %s (%s)' % (f['id'], f['line'], f['column'], f['message'], f.get('path') or '')


def fmt_peer(x):
    return '%d: %s' % (x['line'], x['message'])


def table(c, out):
    out.append('| %s check | vigil checks | both | only vigil | only %s | agreement |' % (c.peer, c.peer))
    out.append('|---|---|---|---|---|---|')
    silent = []
    tb = tv = tp = 0
    for key, both, ov, op, agr in c.rows():
        if agr is None:
            silent.append(key)
            continue
        tb, tv, tp = tb + both, tv + ov, tp + op
        title = c.key_titles.get(key, '')
        out.append('| %s%s | %s | %d | %d | %d | %.0f%% |' % (
            key, (' ' + title) if title else '', ', '.join(sorted(c.key_checks.get(key, ()))), both, ov, op, agr))
    tot = tb + tv + tp
    out.append('| **all mapped checks** | | %d | %d | %d | %.0f%% |' % (tb, tv, tp, 100.0 * tb / tot if tot else 0))
    out.append('')
    if silent:
        out.append('Mapped, raised by neither tool on this input: %s.' % ', '.join(silent))
        out.append('')
    po = c.peer_only_keys()
    if po:
        out.append('%s checks vigil has no counterpart for (files): %s.' % (c.peer, '; '.join(
            '%s%s (%d)' % (k, (' ' + c.key_titles[k]) if c.key_titles.get(k) else '', len(c.peerf[k])) for k in po)))
        out.append('')
    if c.vigil_unmapped:
        out.append('vigil checks with no %s counterpart (files): %s.' % (c.peer, ', '.join(
            '%s (%d)' % (k, len(v)) for k, v in sorted(c.vigil_unmapped.items()))))
        out.append('')
    return tb, tv, tp


def sample(c, out, tsv, vigil_all):
    seen = collections.Counter()
    for key, side, f in c.disagreements():
        vd = [fmt_vigil(x) for x in c.vigil.get(key, {}).get(f, [])]
        pd = [fmt_peer(x) for x in c.peerf.get(key, {}).get(f, [])]
        # what vigil said about the file under any check: helps to see a near miss
        other = sorted({x['id'] for fx in vigil_all.values() for x in fx.get(f, [])})
        tsv.append('\t'.join([c.name, key, side, f, ' | '.join(vd), ' | '.join(pd), ','.join(other)]))
        if seen[(key, side)] >= c.per_check:
            continue
        seen[(key, side)] += 1
        out.append('- **%s** %s `%s`' % (key, side, f))
        for x in vd:
            out.append('  - vigil: %s' % x)
        for x in pd:
            out.append('  - %s: %s' % (c.peer, x))
        if not vd and other:
            out.append('  - vigil raised on this file: %s' % ', '.join(other))


def build_trivy(name, vigil, trivy, titles, mapping, per_check):
    """vigil findings keyed by Trivy ID through refs.trivy and mappings/trivy.tsv"""
    table_map = collections.defaultdict(list)  # vigil id -> [(trivy id, regex)]
    for r in mapping:
        table_map[r['vigil_id']].append((r['trivy_id'], re.compile(r['path_regex']) if r['path_regex'] else None))
    by_key = collections.defaultdict(lambda: collections.defaultdict(list))
    key_checks = collections.defaultdict(set)
    unmapped = collections.defaultdict(lambda: collections.defaultdict(list))
    relevant = {'dockerfiles': 'DS', 'manifests': 'KSV'}[name.split()[0]]
    mapped_keys = set()
    for vid, lst in table_map.items():
        for tid, _ in lst:
            if tid.startswith(relevant):
                mapped_keys.add(tid)
                key_checks[tid].add(vid)
    for vid, files in vigil.items():
        for f, finds in files.items():
            for x in finds:
                keys = set()
                for tid, rx in table_map.get(vid, ()):
                    if rx is None or rx.search(x.get('path') or ''):
                        keys.add(tid)
                ref = (x.get('refs') or {}).get('trivy')
                if ref and not table_map.get(vid):
                    print('agreement.py: %s carries refs.trivy %s missing from mappings/trivy.tsv' % (vid, ref),
                          file=sys.stderr)
                    keys.add(ref)
                if not keys:
                    unmapped[vid][f].append(x)
                for k in keys:
                    by_key[k][f].append(x)
                    key_checks[k].add(vid)
                    mapped_keys.add(k)
    return Comparison(name, 'trivy', by_key, trivy, key_checks, titles, unmapped, mapped_keys, per_check)


def build_dfl(vigil, dfl, dfl_map, per_check):
    by_key = collections.defaultdict(lambda: collections.defaultdict(list))
    key_checks = collections.defaultdict(set)
    vid_to_rules = collections.defaultdict(list)
    titles = {}
    for r in dfl_map:
        titles[r['rule']] = ''
        for vid in filter(None, (r['vigil_ids'] or '').split(',')):
            vid_to_rules[vid.strip()].append(r['rule'])
            key_checks[r['rule']].add(vid.strip())
    unmapped = collections.defaultdict(lambda: collections.defaultdict(list))
    for vid, files in vigil.items():
        for f, finds in files.items():
            for x in finds:
                rules = vid_to_rules.get(vid)
                if not rules:
                    unmapped[vid][f].append(x)
                for k in rules or ():
                    by_key[k][f].append(x)
    return Comparison('dockerfiles vs dockerfilelint', 'dockerfilelint', by_key, dfl, key_checks, {},
                      unmapped, set(key_checks), per_check)


def build_secret(name, peer, vigil, peer_files, secret_rx, per_check):
    by_key = collections.defaultdict(lambda: collections.defaultdict(list))
    for vid, files in vigil.items():
        if secret_rx.search(vid):
            for f, finds in files.items():
                by_key['secret'][f].extend(finds)
    peerd = {'secret': peer_files}
    return Comparison(name, peer, by_key, peerd, {'secret': {'--secret-ids'}}, {}, {}, {'secret'}, per_check)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--count', nargs=2, metavar=('KIND', 'FILE'))
    ap.add_argument('--out', help='bench/peers.sh output directory (reads OUT/raw)')
    ap.add_argument('--dockerfiles', help='root of the Dockerfile corpus the tools ran on')
    ap.add_argument('--manifests', help='root of the manifest corpus the tools ran on')
    ap.add_argument('--mappings', default=os.path.join(HERE, 'mappings'))
    ap.add_argument('--per-check', type=int, default=3, help='disagreements shown per check and side')
    ap.add_argument('--secret-ids', default=r'^VG-SEC-', help='regex of the vigil IDs that are secret findings')
    a = ap.parse_args()
    if a.count:
        print(count(*a.count))
        return 0
    if not (a.out and a.dockerfiles and a.manifests):
        ap.error('--out, --dockerfiles and --manifests are required')
    raw = os.path.join(a.out, 'raw')
    R = lambda n: os.path.join(raw, n)
    trivy_map = read_tsv(os.path.join(a.mappings, 'trivy.tsv'))
    dfl_map = read_tsv(os.path.join(a.mappings, 'dockerfilelint.tsv'))
    title_to_rule = {r['title']: r['rule'] for r in dfl_map}
    secret_rx = re.compile(a.secret_ids)

    comps = []
    notes = []
    vigil_all = {}
    if os.path.exists(R('vigil.dockerfiles.json')):
        vdf, vsum = parse_vigil(R('vigil.dockerfiles.json'), a.dockerfiles)
        vigil_all['dockerfiles'] = vdf
        notes.append('vigil read %d Dockerfiles.' % vsum.get('files', 0))
        if os.path.exists(R('trivy.dockerfiles.json')):
            t, titles, targets = parse_trivy_config(R('trivy.dockerfiles.json'), a.dockerfiles)
            notes.append('Trivy reported on %d Dockerfiles.' % len(targets))
            comps.append(build_trivy('dockerfiles vs trivy', vdf, t, titles, trivy_map, a.per_check))
        if os.path.exists(R('dockerfilelint.dockerfiles.json')):
            d, unknown = parse_dockerfilelint(R('dockerfilelint.dockerfiles.json'), a.dockerfiles, title_to_rule)
            if unknown:
                notes.append('dockerfilelint titles missing from mappings/dockerfilelint.tsv: %s' % dict(unknown))
            comps.append(build_dfl(vdf, d, dfl_map, a.per_check))
    if os.path.exists(R('vigil.manifests.json')):
        vm, vsum = parse_vigil(R('vigil.manifests.json'), a.manifests)
        vigil_all['manifests'] = vm
        notes.append('vigil read %d manifest files, %d objects.' % (vsum.get('files', 0), vsum.get('objects', 0)))
        if os.path.exists(R('trivy.manifests.json')) and os.path.getsize(R('trivy.manifests.json')) > 0:
            t, titles, targets = parse_trivy_config(R('trivy.manifests.json'), a.manifests)
            notes.append('Trivy reported on %d manifest files.' % len(targets))
            comps.append(build_trivy('manifests vs trivy', vm, t, titles, trivy_map, a.per_check))
    if os.path.exists(R('vigil-secrets.secrets.json')):
        vs, _ = parse_vigil(R('vigil-secrets.secrets.json'), a.manifests)
        vigil_all['secrets'] = vs
        if os.path.exists(R('secretlint.secrets.json')):
            comps.append(build_secret('secrets vs secretlint', 'secretlint', vs,
                                      parse_secretlint(R('secretlint.secrets.json'), a.manifests), secret_rx, a.per_check))
        if os.path.exists(R('trivy-secret.secrets.json')):
            comps.append(build_secret('secrets vs trivy-secret', 'trivy', vs,
                                      parse_trivy_secret(R('trivy-secret.secrets.json'), a.manifests), secret_rx,
                                      a.per_check))
    else:
        notes.append('no vigil secret scan output (vigil scan --secrets): the secret comparison is n/a; '
                     'peer secret findings: %s' % ', '.join(
                         '%s %d files' % (n, len(p)) for n, p in (
                             ('secretlint', parse_secretlint(R('secretlint.secrets.json'), a.manifests)
                              if os.path.exists(R('secretlint.secrets.json')) else {}),
                             ('trivy', parse_trivy_secret(R('trivy-secret.secrets.json'), a.manifests)
                              if os.path.exists(R('trivy-secret.secrets.json')) else {}))))

    md = ['# Agreement by check: vigil vs peers', '',
          'Generated by `bench/agreement.py` from `%s/raw`. Unit: a (file, check) pair; a file counts once per '
          'check however many findings it has. Agreement = both / (both + only vigil + only peer).' % a.out, '']
    md += ['- ' + n for n in notes] + ['']
    tsv = ['comparison\tkey\tside\tfile\tvigil\tpeer\tvigil_ids_on_file']
    summary = []
    for c in comps:
        md.append('## %s' % c.name)
        md.append('')
        tb, tv, tp = table(c, md)
        summary.append((c.name, tb, tv, tp))
    md.append('## Summary')
    md.append('')
    md.append('| comparison | both | only vigil | only peer | agreement |')
    md.append('|---|---|---|---|---|')
    for n, tb, tv, tp in summary:
        tot = tb + tv + tp
        md.append('| %s | %d | %d | %d | %.0f%% |' % (n, tb, tv, tp, 100.0 * tb / tot if tot else 0))
    md.append('')
    md.append('## Disagreement sample (up to %d per check and side)' % a.per_check)
    md.append('')
    for c in comps:
        md.append('### %s' % c.name)
        md.append('')
        base = {'dockerfiles': vigil_all.get('dockerfiles', {}), 'manifests': vigil_all.get('manifests', {}),
                'secrets': vigil_all.get('secrets', {})}[c.name.split()[0]]
        sample(c, md, tsv, base)
        md.append('')
    with open(os.path.join(a.out, 'agreement.md'), 'w', encoding='utf-8') as fh:
        fh.write('\n'.join(md) + '\n')
    with open(os.path.join(a.out, 'disagreements.tsv'), 'w', encoding='utf-8') as fh:
        fh.write('\n'.join(tsv) + '\n')
    for n, tb, tv, tp in summary:
        tot = tb + tv + tp
        print('%-32s both %5d  only vigil %5d  only peer %5d  agreement %3.0f%%' % (
            n, tb, tv, tp, 100.0 * tb / tot if tot else 0))
    return 0


if __name__ == '__main__':
    sys.exit(main())
