#!/usr/bin/env python3
"""bench/classify-disagreements.py - sort every disagreement of bench/agreement.py into the causes
DISAGREEMENTS.md explains, so that the counts given there can be re-checked on a new run.

usage: classify-disagreements.py OUT DOCKERFILE_ROOT MANIFEST_ROOT

OUT is a bench/peers.sh output directory (reads OUT/disagreements.tsv and OUT/raw/trivy.*.json).
Prints, per comparison, check and side, the number of files per cause and one example file.
A cause of "other" means: not one of the known causes, look at it.
"""
import collections
import json
import os
import re
import sys

import yaml


class DupLoader(yaml.SafeLoader):
    """SafeLoader that fails on a duplicate mapping key (as Trivy's decoder does)"""


def _mapping(loader, node, deep=False):
    seen = set()
    for k, _ in node.value:
        key = loader.construct_object(k, deep=deep)
        try:
            if key in seen:
                raise ValueError('duplicate key %r at line %d' % (key, k.start_mark.line + 1))
            seen.add(key)
        except TypeError:
            pass
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


DupLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read(path):
    with open(path, encoding='utf-8', errors='replace') as fh:
        return fh.read()


def trivy_targets(out, name):
    p = os.path.join(out, 'raw', 'trivy.%s.json' % name)
    if not os.path.exists(p) or not os.path.getsize(p):
        return None
    with open(p, encoding='utf-8') as fh:
        return {r['Target'] for r in json.load(fh).get('Results') or []}


def runs(text):
    """RUN instructions with continuations joined"""
    out, cur = [], None
    for line in text.splitlines():
        s = line.strip()
        if cur is None:
            if re.match(r'(?i)^RUN\s', s):
                cur = s
            else:
                continue
        elif s.startswith('#'):
            continue
        else:
            cur += ' ' + s
        if cur.endswith('\\'):
            cur = cur[:-1]
        else:
            out.append(cur)
            cur = None
    if cur:
        out.append(cur)
    return out


def cd_outside_subshell(text):
    """True when some cd is not inside ( ... ) at line level (the docker-library layout)"""
    depth = 0
    for line in text.splitlines():
        s = line.strip()
        if re.match(r'^\(\s*\\?$', s):
            depth += 1
            continue
        if re.match(r'^\)\s*;?\s*\\?$', s):
            depth = max(0, depth - 1)
            continue
        if not s.startswith('#') and re.search(r'(^|[;&|\s])cd\s', s) and depth == 0:
            return True
    return False


def dockerfile_cause(key, side, f, root, targets, peer_detail=''):
    path = os.path.join(root, f)
    text = read(path)
    base = os.path.basename(f)
    if targets is not None and side == 'only-vigil' and key.startswith('DS') and f not in targets:
        return 'file not read by Trivy (name %s)' % base
    froms = re.findall(r'(?im)^FROM\s+(.*)$', text)
    if key in ('DS001', 'latest_tag') and side == 'only-vigil':
        if any('$' in x for x in froms):
            return 'FROM with an ARG default (peer does not substitute)'
    if key == 'DS013' and side == 'only-vigil':
        return 'cd after ; (Trivy splits on && only)' if cd_outside_subshell(text) else 'cd only inside a subshell (vigil bug)'
    if key == 'DS025' and side == 'only-vigil':
        if any('--no-cache' in r and re.search(r'apk add(?![^&;|]*--no-cache)', r) for r in runs(text)):
            return 'another apk add in the RUN has --no-cache (Trivy checks the whole RUN)'
    if key == 'DS029' and side == 'only-trivy':
        if re.search(r'install[^&;\n]*\$[{A-Za-z_][^&;\n]*--no-install-recommends', text):
            return 'flag after a $variable (Trivy regex)'
    if key in ('DS029', 'apt-get_recommends') and side == 'only-vigil':
        if re.search(r'then\s+apt-get install', ' '.join(runs(text))):
            return 'second apt-get install inside if/then'
    if key == 'apt-get_missing_rm' and side == 'only-vigil':
        if re.search(r'apt-get dist-?clean', text):
            return 'apt-get dist-clean (vigil bug)'
    if key == 'sudo_usage' and side == 'only-dockerfilelint':
        if not any(re.search(r'(^RUN\s+|[;&|]\s*)sudo\s', r) for r in runs(text)):
            return 'package named sudo, not a sudo command'
    if key == 'missing_tag' and side == 'only-dockerfilelint':
        stages = {m.lower() for m in re.findall(r'(?im)^FROM\s+.*\s+AS\s+(\S+)', text)}
        causes = set()
        # the FROM lines dockerfilelint flagged ("LINE: Base Image Missing Tag: FROM ...")
        flagged = re.findall(r'Missing Tag: FROM\s+([^|]*)', peer_detail) or froms
        for x in flagged:
            x = x.strip()
            words = [w for w in x.split() if not w.startswith('--')]
            img = words[0] if words else ''
            if x.split()[0].startswith('--platform') and ':' in img:
                causes.add('--platform= taken for the image')
            elif img.lower() in stages:
                causes.add('FROM <stage>')
            elif img.startswith('$'):
                var = img.strip('${}').split(':')[0]
                m = re.search(r'(?m)^ARG\s+%s=(\S+)' % re.escape(var), text)
                causes.add('ARG default with a tag' if m and (':' in m.group(1) or '@' in m.group(1))
                           else 'ARG without a default')
        if targets is not None and f not in targets and not re.match(r'(Dockerfile|Containerfile)(\..*)?$|.*\.[Dd]ockerfile$', base):
            causes = {'file not read by vigil (name %s)' % base}
        return ' + '.join(sorted(causes)) or 'other'
    return 'other'


def manifest_cause(key, side, f, root, targets):
    path = os.path.join(root, f)
    if f.startswith('helm-templates-unrendered/') and side == 'only-vigil':
        return 'in helm-templates-unrendered/ (Trivy told to skip it; vigil reads what parses)'
    if targets is not None and side == 'only-vigil' and f not in targets:
        try:
            list(yaml.load_all(read(path), Loader=DupLoader))
            return 'file not read by Trivy'
        except ValueError as e:
            return 'file skipped by Trivy: %s' % e
        except yaml.YAMLError:
            return 'file not read by Trivy (YAML error)'
    if key in ('KSV036', 'KSV107', 'KSV121'):
        return 'check not run by this Trivy build'
    try:
        docs = [d for d in yaml.safe_load_all(read(path)) if isinstance(d, dict)]
    except yaml.YAMLError:
        return 'other'
    pods = []
    for d in docs:
        s = d.get('spec') or {}
        k = d.get('kind')
        if k == 'Pod':
            pods.append((d, s))
        elif k == 'CronJob':
            pods.append((d, ((((s.get('jobTemplate') or {}).get('spec') or {}).get('template') or {}).get('spec') or {})))
        elif k in ('Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job'):
            pods.append((d, ((s.get('template') or {}).get('spec') or {})))
    ctrs = [c for _, p in pods for c in (p.get('containers') or []) + (p.get('initContainers') or [])
            if isinstance(c, dict)]
    if side == 'only-vigil' and any('name' not in c for c in ctrs):
        return 'container without a name (invalid; Trivy rules yield nothing for it)'
    if key in ('KSV003', 'KSV106') and side == 'only-vigil':
        drops = [d for c in ctrs for d in (((c.get('securityContext') or {}).get('capabilities') or {}).get('drop') or [])]
        if any(str(d).upper() == 'ALL' and d != 'ALL' for d in drops):
            return 'drop: [all] in lower case (PSA compares case-sensitively, Trivy upper-cases)'
    if key == 'KSV028' and side == 'only-vigil':
        vols = [v for _, p in pods for v in (p.get('volumes') or []) if isinstance(v, dict)]
        if any('cephfs' in v for v in vols):
            return 'cephfs volume (Trivy lists "cephFS")'
    if key == 'KSV022' and side == 'only-trivy':
        adds = {a for c in ctrs for a in (((c.get('securityContext') or {}).get('capabilities') or {}).get('add') or [])}
        if adds and adds <= {'NET_BIND_SERVICE'}:
            return 'adds only NET_BIND_SERVICE (allowed by PSS; Trivy allows nothing)'
    if key == 'KSV110' and side == 'only-trivy':
        if all(d.get('kind') != 'Pod' or not d.get('spec') for d in docs):
            return 'Pods without a spec (invalid; vigil does not evaluate them)'
    if key == 'KSV013' and side == 'only-trivy' and any('image' not in c for c in ctrs):
        return 'container without an image'
    if key in ('KSV015', 'KSV016') and side == 'only-trivy':
        r = 'cpu' if key == 'KSV015' else 'memory'
        if all((((c.get('resources') or {}).get('requests') or {}).get(r) or
                ((c.get('resources') or {}).get('limits') or {}).get(r)) for c in ctrs):
            return 'limit without request (the API server copies it)'
    if key in ('KSV020', 'KSV021') and side == 'only-trivy':
        fld = 'runAsUser' if key == 'KSV020' else 'runAsGroup'
        if any(isinstance((p.get('securityContext') or {}).get(fld), int) and p['securityContext'][fld] > 10000
               for _, p in pods):
            return 'pod-level %s > 10000 (Trivy reads containers only)' % fld
    if key == 'KSV104' and side == 'only-trivy':
        if any(d.get('kind') == 'Pod' and (p.get('securityContext') or {}).get('seccompProfile') for d, p in pods):
            return 'bare Pod with a pod-level seccompProfile'
        if any((p.get('securityContext') or {}).get('seccompProfile') for _, p in pods):
            return 'pod template with a pod-level seccompProfile'
    return 'other'


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__.split('\n\n')[1])
    out, droot, mroot = sys.argv[1:]
    tdf, tman = trivy_targets(out, 'dockerfiles'), trivy_targets(out, 'manifests')
    counts = collections.Counter()
    example = {}
    with open(os.path.join(out, 'disagreements.tsv'), encoding='utf-8') as fh:
        rows = [l.rstrip('\n').split('\t') for l in fh][1:]
    for r in rows:
        if len(r) < 4:
            continue
        comp, key, side, f = r[:4]
        if comp.startswith('dockerfiles'):
            cause = dockerfile_cause(key, side, f, droot, tdf, r[5] if len(r) > 5 else '')
        elif comp.startswith('manifests'):
            cause = manifest_cause(key, side, f, mroot, tman)
        else:
            cause = 'other'
        k = (comp, key, side, cause)
        counts[k] += 1
        example.setdefault(k, f)
    for k in sorted(counts):
        print('%-30s %-36s %-20s %4d  %s   e.g. %s' % (k[0], k[1], k[2], counts[k], k[3], example[k]))
    return 0


if __name__ == '__main__':
    sys.exit(main())
