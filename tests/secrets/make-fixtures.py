#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes tests/checks/<ID>/ for VG-SEC-001..025 and VG-DF-034..041 (fake values, not real
credentials) and their expected files. usage: make-fixtures.py VIGIL"""
import os, json, subprocess, base64, sys
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "checks")
vigil = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build/debug/vigil"
# deterministic fake values (not real credentials)
AK = "AKIA" + "Q2ZT7MX4KP3WNB5R"
SK = "Zq8Xv2Lm4Np6Rt1Ws3Yu5Ab7Cd9Ef0Gh2Ij4Kl6M"
GHP = "ghp_" + "Xk4mP9qR2sT7vW1yZ3bC5dF8gH0jL6nQ2rS4"
GFG = "github_pat_" + "Qw3Er5Ty7Ui9Op1As3Df5G" + "_" + ("Hj7Kl9Zx1Cv3Bn5Mq7We9Rt1Yu3Io5Pa7Sd9Fg1Hj3Kl5Zx7Cv9Bn1Mq3We5Rt7Yu9")[:59]
GL = "glpat-" + "Rk7Tm2Qw9Zx4Lp8Vn3Bc"
SL = "xoxb-" + "482915736041-5829163740215-Tq9Wm2Zx7Lp4Rk8Vn3Bc6Hd"
WH = "https://hooks.slack.com/services/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"
PEM = "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(["MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun"]*4) + "\n-----END RSA PRIVATE KEY-----\n"
STR = "sk_live_" + "Tq9Wm2Zx7Lp4Rk8Vn3Bc6Hd1"
GAK = "AIza" + "SyB7Tq9Wm2Zx7Lp4Rk8Vn3Bc6Hd1Fg5Jk0M"
NPM = "npm_" + "Tq9Wm2Zx7Lp4Rk8Vn3Bc6Hd1Fg5Jk0Mq2Ws4"
SG = "SG." + "Tq9Wm2Zx7Lp4Rk8Vn3Bc6H" + "." + "Fg5Jk0Mq2Ws4Ye6Ua8Io1Pz3Xc5Vb7Nm9Lk2Jh4Gf6D"
AZ = ("Tq9Wm2Zx7Lp4Rk8Vn3Bc6Hd1Fg5Jk0Mq2Ws4Ye6Ua8Io1Pz3Xc5Vb7Nm9Lk2Jh4Gf6Ds8Aq1Zw3Ex5Cr7Vt9Gb2Yh4U" * 2)[:86] + "=="
VT = "hvs." + "CAESI" + "Tq9Wm2Zx7Lp4Rk8Vn3Bc6Hd1Fg5Jk0Mq2Ws4Ye6Ua8Io1Pz3Xc5Vb7Nm9Lk2Jh4Gf6Ds8Aq1Zw3Ex5Cr7Vt9Gb2Yh4U"
JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmaXh0dXJlIn0.Tq9Wm2Zx7Lp4Rk8Vn3Bc6Hd1Fg5Jk0Mq2Ws4Ye6U"
SA = json.dumps({"type": "service_account", "project_id": "fixture", "private_key": "-----BEGIN PRIVATE KEY-----\n" + "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n"*2 + "-----END PRIVATE KEY-----\n", "client_email": "ci@fixture.iam.gserviceaccount.com"}, indent=2) + "\n"

def dep(ann_tpl="", pod_extra="", vols=""):
    return ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n"
            "  template:\n    metadata:\n      annotations:\n" + ann_tpl +
            "    spec:\n      containers:\n      - name: web\n        image: web:1.0\n" + pod_extra + vols)

S = "--secrets"
cases = {
 "VG-SEC-001": ([S], {".env": f"AWS_ACCESS_KEY_ID={AK}\n"}, {".env": "AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX\n"}),
 "VG-SEC-002": ([S], {"credentials": f"[default]\naws_secret_access_key = {SK}\n"}, {"credentials": "[default]\naws_secret_access_key = <your-secret-key>\n"}),
 "VG-SEC-003": ([], {"secret.yaml": f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: gh\nstringData:\n  token: {GHP}\n"}, {"secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: gh\nstringData:\n  token: ghp_short\n"}),
 "VG-SEC-004": ([S], {"gh.env": f"GH_TOKEN={GFG}\n"}, {"gh.env": "GH_TOKEN=github_pat_REPLACE_ME\n"}),
 "VG-SEC-005": ([], {"Dockerfile": f"FROM alpine:3.19\nRUN git clone https://oauth2:{GL}@gitlab.com/acme/app.git /src\n"}, {"Dockerfile": "FROM alpine:3.19\nRUN git clone https://oauth2:${GITLAB_TOKEN}@gitlab.com/acme/app.git /src\n"}),
 "VG-SEC-006": ([S], {"slack.env": f"SLACK_BOT_TOKEN={SL}\n"}, {"slack.env": "SLACK_BOT_TOKEN=xoxb-your-token\n"}),
 "VG-SEC-007": ([], {"cm.yaml": f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alerts\ndata:\n  url: {WH}\n"}, {"cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alerts\ndata:\n  url: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX\n"}),
 "VG-SEC-008": ([S], {"id_rsa": PEM}, {"id_rsa.pub": "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END PUBLIC KEY-----\n"}),
 "VG-SEC-009": ([S], {"pay.env": f"STRIPE_KEY={STR}\n"}, {"pay.env": "STRIPE_KEY=sk_test_Tq9Wm2Zx7Lp4Rk8Vn3Bc6Hd1\n"}),
 "VG-SEC-010": ([S], {"maps.js": f"const KEY = '{GAK}';\n"}, {"maps.js": "const KEY = process.env.MAPS_KEY;\n"}),
 "VG-SEC-011": ([], {"Dockerfile": f"FROM node:20.11\nARG NPM_TOKEN={NPM}\nRUN npm ci\n"}, {"Dockerfile": "FROM node:20.11\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n"}),
 "VG-SEC-012": ([S], {"mail.env": f"SENDGRID_API_KEY={SG}\n"}, {"mail.env": "SENDGRID_API_KEY=SG.your-key-here\n"}),
 "VG-SEC-013": ([S], {"storage.config": f"DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={AZ};EndpointSuffix=core.windows.net\n"}, {"storage.config": "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=<key>;EndpointSuffix=core.windows.net\n"}),
 "VG-SEC-014": ([S], {"vault.sh": f"export VAULT_TOKEN={VT}\n"}, {"vault.sh": "export VAULT_TOKEN=\"$(cat /run/secrets/vault-token)\"\n"}),
 "VG-SEC-015": ([S], {"sa-key.json": SA}, {"sa-key.json": json.dumps({"type": "service_account", "project_id": "fixture", "private_key": "", "client_email": "ci@fixture.iam.gserviceaccount.com"}, indent=2) + "\n"}),
 "VG-SEC-016": ([], {"cm.yaml": f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  AUTH: \"Bearer {JWT}\"\n"}, {"cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  AUTH: \"Bearer eyJhbGciOi...\"\n"}),
 "VG-SEC-017": ([S], {"repo.properties": "repo.url=https://deploy:Tq9Wm2Zx7Lp4Rk@nexus.acme.io/repository/maven\n"}, {"repo.properties": "repo.url=https://deploy@nexus.acme.io/repository/maven\n"}),
 "VG-SEC-018": ([S], {"db.env": "DATABASE_URL=postgres://app:Tq9Wm2Zx7Lp4Rk8V@db.internal:5432/app\n"}, {"db.env": "DATABASE_URL=postgres://app:${DB_PASSWORD}@db.internal:5432/app\n"}),
 "VG-SEC-019": ([], {"pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n  - name: api\n    image: api:2.1\n    env:\n    - name: DB_PASSWORD\n      value: \"Tq9!Wm2Zx7Lp4Rk8\"\n"}, {"pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n  - name: api\n    image: api:2.1\n    env:\n    - name: DB_PASSWORD\n      value: \"changeme\"\n"}),
 "VG-SEC-020": ([], {"web.yaml": dep('        vault.hashicorp.com/agent-inject: "true"\n')}, {"web.yaml": dep('        vault.hashicorp.com/agent-inject: "true"\n        vault.hashicorp.com/role: "web"\n')}),
 "VG-SEC-021": ([], {"web.yaml": dep('        vault.hashicorp.com/agent-inject: "true"\n        vault.hashicorp.com/role: "web"\n        vault.hashicorp.com/agent-inject-secret-db: "database/creds/web"\n')},
                    {"web.yaml": dep('        vault.hashicorp.com/agent-inject: "true"\n        vault.hashicorp.com/role: "web"\n        vault.hashicorp.com/agent-inject-secret-db: "database/creds/web"\n        vault.hashicorp.com/agent-inject-template-db: |\n          {{- with secret "database/creds/web" -}}{{ .Data.password }}{{- end }}\n')}),
 "VG-SEC-022": ([], {"web.yaml": dep('        vault.hashicorp.com/agent-inject: "yes"\n        vault.hashicorp.com/role: "web"\n')}, {"web.yaml": dep('        vault.hashicorp.com/agent-inject: "True"\n        vault.hashicorp.com/role: "web"\n')}),
 "VG-SEC-023": ([], {"web.yaml": dep('        vault.hashicorp.com/agent-inject: "true"\n        vault.hashicorp.com/role: "web"\n').replace("  namespace: shop\n", "  namespace: shop\n  annotations:\n    vault.hashicorp.com/agent-inject: \"true\"\n", 1)},
                    {"web.yaml": dep('        vault.hashicorp.com/agent-inject: "true"\n        vault.hashicorp.com/role: "web"\n')}),
}
csi_pod = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\n  namespace: shop\nspec:\n  containers:\n  - name: app\n    image: app:1.0\n    volumeMounts:\n    - name: secrets-store\n      mountPath: /mnt/secrets\n      readOnly: true\n"
           "  volumes:\n  - name: secrets-store\n    csi:\n      driver: secrets-store.csi.k8s.io\n      readOnly: true\n      volumeAttributes:\n        secretProviderClass: aws-secrets\n")
spc = lambda api: f"apiVersion: {api}\nkind: SecretProviderClass\nmetadata:\n  name: aws-secrets\n  namespace: shop\nspec:\n  provider: aws\n  parameters:\n    objects: |\n      - objectName: \"prod/db\"\n        objectType: \"secretsmanager\"\n"
cases["VG-SEC-024"] = ([], {"pod.yaml": csi_pod}, {"pod.yaml": csi_pod + "---\n" + spc("secrets-store.csi.x-k8s.io/v1")})
cases["VG-SEC-025"] = ([], {"spc.yaml": spc("v1")}, {"spc.yaml": spc("secrets-store.csi.x-k8s.io/v1")})
DF = "FROM alpine:3.19\n"
cases.update({
 "VG-DF-034": ([], {"Dockerfile": DF + "RUN apk add --no-cache curl=8.5.0-r0 \\\n    && curl -fsSL -u deploy:hunter2hunter2 https://repo.acme.io/app.tgz -o /tmp/app.tgz\n"},
                   {"Dockerfile": DF + "RUN --mount=type=secret,id=netrc,target=/root/.netrc \\\n    curl -fsSL --netrc https://repo.acme.io/app.tgz -o /tmp/app.tgz\n"}),
 "VG-DF-035": ([], {"Dockerfile": DF + "RUN wget -q https://x.acme.io/a -O /a\nRUN curl -fsSL https://x.acme.io/b -o /b\n"}, {"Dockerfile": DF + "RUN curl -fsSL https://x.acme.io/a -o /a\nRUN curl -fsSL https://x.acme.io/b -o /b\n"}),
 "VG-DF-036": ([], {"Dockerfile": "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*\n"},
                   {"Dockerfile": "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*\n"}),
 "VG-DF-037": ([], {"Dockerfile": "FROM opensuse/leap:15.5\nRUN zypper install curl=8.0.1 && zypper clean\n"}, {"Dockerfile": "FROM opensuse/leap:15.5\nRUN zypper -n install curl=8.0.1 && zypper clean\n"}),
 "VG-DF-038": ([], {"Dockerfile": "FROM opensuse/leap:15.5\nRUN zypper -n dup\n"}, {"Dockerfile": "FROM opensuse/leap:15.5\nRUN zypper -n patch\n"}),
 "VG-DF-039": ([], {"Dockerfile": "FROM opensuse/leap:15.5\nRUN zypper -n install curl=8.0.1\n"}, {"Dockerfile": "FROM opensuse/leap:15.5\nRUN zypper -n install curl=8.0.1 && zypper clean -a\n"}),
 "VG-DF-040": ([], {"Dockerfile": "FROM opensuse/leap:15.5\nRUN zypper -n install curl && zypper clean\n"}, {"Dockerfile": "FROM opensuse/leap:15.5\nRUN zypper -n install curl=8.0.1 && zypper clean\n"}),
 "VG-DF-041": ([], {"Dockerfile": DF + "ONBUILD FROM alpine:3.19\n"}, {"Dockerfile": DF + "ONBUILD RUN echo building a child image\n"}),
})
for cid, (args, fail, pas) in cases.items():
    d = os.path.join(root, cid)
    for sub, files in (("fail", fail), ("pass", pas)):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
        for n, c in files.items():
            open(os.path.join(d, sub, n), "w").write(c)
    if args:
        open(os.path.join(d, "args"), "w").write("\n".join(args) + "\n")
    res = {}
    for sub in ("fail", "pass"):
        out = subprocess.run([vigil, "scan", "--format", "json", "--exit-code", "0"] + args + [sub], cwd=d, capture_output=True, text=True)
        rep = json.loads(out.stdout)
        res[sub] = [f for f in rep["findings"] if f["id"] == cid]
    if not res["fail"] or res["pass"]:
        print("BAD", cid, len(res["fail"]), [f["message"] for f in res["pass"]])
    with open(os.path.join(d, "expected"), "w") as f:
        for x in res["fail"]:
            f.write(f"{x['file']}:{x['line']}:{x['column']}\t{x['path'] or ''}\t{x['message']}\n")
print("done", len(cases))
