#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes tests/data/secrets-labelled/: one case per file, pos-* holding exactly one
real-looking secret in a real format, neg-* a near miss, plus LABELS.tsv. The values are
random (fixed seed) in the vendors' documented formats; none is a real credential.
Written before measuring vigil on it; rerun only to regenerate the same files."""
import base64, json, os, random, string, sys

rnd = random.Random(20261129)
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "data", "secrets-labelled")
AN = string.ascii_letters + string.digits
def r(n, alpha=AN): return "".join(rnd.choice(alpha) for _ in range(n))
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
B64 = string.ascii_letters + string.digits + "+/"
URL = string.ascii_letters + string.digits + "-_"

def pem(kind="RSA PRIVATE KEY", lines=12):
    body = "\n".join(r(64, B64) for _ in range(lines))
    return f"-----BEGIN {kind}-----\n{body}\n{r(24, B64)}==\n-----END {kind}-----"

def jwt():
    h = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=")
    p = base64.urlsafe_b64encode(json.dumps({"sub": r(8), "iat": rnd.randint(1600000000, 1800000000)}).encode()).decode().rstrip("=")
    return f"{h}.{p}.{r(43, URL)}"

def pw(n=16):
    return r(n, string.ascii_letters + string.digits + "!#%+-_.")

cases = []  # (label, kind, ext, content, note)
def add(label, kind, ext, content, note):
    cases.append((label, kind, ext, content, note))

# ---------------------------------------------------------------- positives
akid = lambda: "AKIA" + r(16, B32)
awssk = lambda: r(40, string.ascii_letters + string.digits + "+/")
pos = [
 ("aws-access-key", "env", lambda: f"AWS_REGION=eu-west-1\nAWS_ACCESS_KEY_ID={akid()}\n", "AKIA key id in .env"),
 ("aws-access-key", "yaml", lambda: f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  AWS_ACCESS_KEY_ID: {akid()}\n", "ConfigMap data"),
 ("aws-access-key", "sh", lambda: f"#!/bin/sh\naws configure set aws_access_key_id {akid()}\n", "aws configure"),
 ("aws-secret-key", "properties", lambda: f"aws.secretKey={awssk()}\n", "properties"),
 ("aws-secret-key", "ini", lambda: f"[default]\naws_secret_access_key = {awssk()}\n", "credentials file"),
 ("aws-secret-key", "Dockerfile", lambda: f"FROM alpine:3.19\nENV AWS_SECRET_ACCESS_KEY={awssk()}\n", "Dockerfile ENV"),
 ("github-pat", "yaml", lambda: f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: gh\nstringData:\n  token: ghp_{r(36)}\n", "Secret stringData"),
 ("github-pat", "sh", lambda: f"git clone https://x-access-token:ghp_{r(36)}@github.com/acme/app.git\n", "clone URL"),
 ("github-oauth", "json", lambda: json.dumps({"github": {"oauth": f"gho_{r(36)}"}}, indent=2) + "\n", "json"),
 ("github-fine-grained", "env", lambda: f"GH_TOKEN=github_pat_{r(22)}_{r(59)}\n", ".env"),
 ("gitlab-pat", "Dockerfile", lambda: f"FROM alpine:3.19\nRUN git clone https://oauth2:glpat-{r(20, AN+'-_')}@gitlab.com/acme/app.git /src\n", "RUN clone"),
 ("gitlab-pat", "yaml", lambda: f"variables:\n  GITLAB_TOKEN: glpat-{r(20, AN)}\n", "CI variables"),
 ("slack-bot-token", "env", lambda: f"SLACK_BOT_TOKEN=xoxb-{rnd.randint(10**11,10**12)}-{rnd.randint(10**12,10**13)}-{r(24)}\n", ".env"),
 ("slack-webhook", "json", lambda: json.dumps({"webhook": f"https://hooks.slack.com/services/T{r(10, string.ascii_uppercase+string.digits)}/B{r(10, string.ascii_uppercase+string.digits)}/{r(24)}"}) + "\n", "json"),
 ("slack-webhook", "yaml", lambda: f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alerts\ndata:\n  url: https://hooks.slack.com/services/T{r(10, string.ascii_uppercase+string.digits)}/B{r(10, string.ascii_uppercase+string.digits)}/{r(24)}\n", "ConfigMap"),
 ("private-key-rsa", "pem", lambda: pem() + "\n", "PEM file"),
 ("private-key-ec", "yaml", lambda: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls\nstringData:\n  tls.key: |\n" + "\n".join("    " + l for l in pem("EC PRIVATE KEY", 3).splitlines()) + "\n", "Secret block scalar"),
 ("private-key-openssh", "key", lambda: pem("OPENSSH PRIVATE KEY", 6) + "\n", "id_ed25519"),
 ("private-key-pkcs8", "Dockerfile", lambda: "FROM alpine:3.19\nRUN mkdir -p /root/.ssh && cat > /root/.ssh/id_rsa <<'EOF'\n" + pem("PRIVATE KEY", 4) + "\nEOF\n", "heredoc"),
 ("stripe-live", "env", lambda: f"STRIPE_KEY=sk_live_{r(24)}\n", ".env"),
 ("stripe-live", "json", lambda: json.dumps({"stripe": {"secret": f"rk_live_{r(34)}"}}) + "\n", "restricted key"),
 ("google-api-key", "js", lambda: f"const MAPS_KEY = 'AIza{r(35, AN+'-_')}';\n", "JS source"),
 ("google-api-key", "yaml", lambda: f"maps:\n  apiKey: AIza{r(35, AN+'-_')}\n", "values yaml"),
 ("npm-token", "npmrc", lambda: f"//registry.npmjs.org/:_authToken=npm_{r(36)}\n", ".npmrc"),
 ("npm-token", "Dockerfile", lambda: f"FROM node:20\nARG NPM_TOKEN=npm_{r(36)}\nRUN npm ci\n", "ARG default"),
 ("sendgrid", "env", lambda: f"SENDGRID_API_KEY=SG.{r(22, AN+'-_')}.{r(43, AN+'-_')}\n", ".env"),
 ("azure-storage", "config", lambda: f"DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey={r(86, B64)}==;EndpointSuffix=core.windows.net\n", "connection string"),
 ("azure-storage", "yaml", lambda: f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: az\nstringData:\n  conn: \"DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={r(86, B64)}==\"\n", "Secret"),
 ("vault-token", "sh", lambda: f"export VAULT_TOKEN=hvs.{r(95, AN+'_-')}\n", "shell"),
 ("gcp-service-account", "json", lambda: json.dumps({"type": "service_account", "project_id": "acme-prod", "private_key_id": r(40, "0123456789abcdef"), "private_key": pem("PRIVATE KEY", 8) + "\n", "client_email": "ci@acme-prod.iam.gserviceaccount.com", "client_id": str(rnd.randint(10**20, 10**21))}, indent=2) + "\n", "key file"),
 ("gcp-service-account", "yaml", lambda: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: gcp\nstringData:\n  key.json: |\n    " + json.dumps({"type": "service_account", "project_id": "acme", "private_key": pem("PRIVATE KEY", 6) + "\n", "client_email": "x@acme.iam.gserviceaccount.com"}) + "\n", "Secret"),
 ("jwt", "yaml", lambda: f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  AUTH_HEADER: \"Bearer {jwt()}\"\n", "ConfigMap"),
 ("jwt", "sh", lambda: f"curl -H 'Authorization: Bearer {jwt()}' https://api.acme.io/v1/orders\n", "curl header"),
 ("jwt", "env", lambda: f"SERVICE_JWT={jwt()}\n", ".env"),
 ("url-basic-auth", "yaml", lambda: f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n      containers:\n      - name: w\n        image: w:1.0\n        env:\n        - name: UPSTREAM\n          value: https://svc:{pw(14)}@api.partner.io/v2\n", "env value"),
 ("url-basic-auth", "properties", lambda: f"repo.url=https://deploy:{pw(18)}@nexus.acme.io/repository/maven\n", "properties"),
 ("url-basic-auth", "Dockerfile", lambda: f"FROM python:3.12\nRUN pip install --index-url https://ci:{pw(16)}@pypi.acme.io/simple acme-lib==1.2\n", "pip index"),
 ("db-url", "env", lambda: f"DATABASE_URL=postgres://app:{pw(20)}@db.internal:5432/app\n", ".env"),
 ("db-url", "yaml", lambda: f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  uri: mongodb+srv://api:{pw(16)}@cluster0.abcde.mongodb.net/prod\n", "Secret"),
 ("db-url", "json", lambda: json.dumps({"redis": f"redis://default:{pw(24)}@cache:6379/0"}) + "\n", "json"),
 ("db-url", "properties", lambda: f"spring.datasource.url=jdbc:mysql://db:3306/shop?user=shop&password={pw(14)}\n", "jdbc"),
 ("db-ado", "json", lambda: json.dumps({"ConnectionStrings": {"Default": f"Server=tcp:sql.acme.net,1433;Database=shop;User ID=shop;Password={pw(18)};Encrypt=True;"}}, indent=2) + "\n", "appsettings.json"),
 ("db-url", "Dockerfile", lambda: f"FROM alpine:3.19\nENV DATABASE_URL=mysql://root:{pw(15)}@mysql:3306/app\n", "ENV"),
 ("generic-password", "yaml", lambda: f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  app.properties: |\n    db.user=app\n    db.password={pw(18)}\n", "ConfigMap embedded"),
 ("generic-password", "yaml", lambda: f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n      - name: api\n        image: api:2.1\n        env:\n        - name: DB_PASSWORD\n          value: \"{pw(16)}\"\n", "env literal"),
 ("generic-password", "env", lambda: f"POSTGRES_PASSWORD={pw(20)}\n", ".env"),
 ("generic-password", "properties", lambda: f"mail.smtp.password={pw(16)}\n", "properties"),
 ("generic-password", "sh", lambda: f"#!/bin/bash\nexport MYSQL_ROOT_PASSWORD='{pw(18)}'\n", "shell"),
 ("generic-password", "Dockerfile", lambda: f"FROM postgres:16\nENV POSTGRES_PASSWORD={pw(16)}\n", "ENV"),
 ("generic-secret", "json", lambda: json.dumps({"client_id": "web-app", "client_secret": r(32)}, indent=2) + "\n", "oauth client"),
 ("generic-secret", "yaml", lambda: f"auth:\n  jwtSecret: {r(40)}\n", "values yaml"),
 ("generic-token", "env", lambda: f"API_TOKEN={r(32, string.ascii_lowercase+string.digits)}\n", ".env"),
 ("generic-apikey", "yaml", lambda: f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    monitoring.acme.io/api-key: \"{r(32)}\"\nspec:\n  containers:\n  - name: p\n    image: p:1\n", "annotation"),
 ("generic-apikey", "json", lambda: json.dumps({"datadog": {"api_key": r(32, "0123456789abcdef")}}) + "\n", "hex api key"),
 ("generic-password", "args-yaml", lambda: f"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: m\n        image: migrate:4\n        args: [\"--db-password\", \"{pw(16)}\"]\n", "args pair"),
 ("secret-data-b64", "yaml", lambda: f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: aws\ntype: Opaque\ndata:\n  AWS_ACCESS_KEY_ID: {base64.b64encode(akid().encode()).decode()}\n", "base64 Secret data"),
 ("secret-data-b64", "yaml", lambda: f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: gh\ndata:\n  token: {base64.b64encode(('ghp_' + r(36)).encode()).decode()}\n", "base64 token"),
 ("generic-password", "yml", lambda: f"services:\n  db:\n    image: mysql:8.0\n    environment:\n      MYSQL_PASSWORD: \"{pw(16)}\"\n", "compose"),
 ("generic-token", "py", lambda: f"SLACK_SIGNING_SECRET = \"{r(32, '0123456789abcdef')}\"\n", "python"),
 ("generic-password", "toml", lambda: f"[database]\nuser = \"app\"\npassword = \"{pw(18)}\"\n", "toml"),
]
for i, (kind, ext, gen, note) in enumerate(pos, 1):
    add("pos", kind, ext, gen(), note)

# ---------------------------------------------------------------- negatives
digest = lambda: r(64, "0123456789abcdef")
neg = [
 ("placeholder", "env", "AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX\nAWS_SECRET_ACCESS_KEY=<your-secret-key>\n", "filler key"),
 ("placeholder", "env", "DB_PASSWORD=changeme\nAPI_TOKEN=REPLACE_ME\n", "placeholders"),
 ("placeholder", "yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: \"{{ .Values.db.password }}\"\n", "helm-rendered template left"),
 ("placeholder", "yaml", "db:\n  password: ${DB_PASSWORD}\n  token: $(cat /run/secrets/token)\n", "variable references"),
 ("placeholder", "properties", "db.password=${env:DB_PASSWORD}\napi.key=<api-key>\n", "properties refs"),
 ("placeholder", "Dockerfile", "FROM alpine:3.19\nARG API_TOKEN\nRUN --mount=type=secret,id=token TOKEN=$(cat /run/secrets/token) ./deploy.sh\n", "build secret"),
 ("placeholder", "json", json.dumps({"password": "your-password-here", "apiKey": "YOUR_API_KEY"}) + "\n", "json placeholders"),
 ("placeholder", "sh", "#!/bin/sh\nmysql -u root -p\"$MYSQL_ROOT_PASSWORD\" app < schema.sql\n", "env reference"),
 ("placeholder", "yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: p\n    image: p:1\n    env:\n    - name: DB_PASSWORD\n      valueFrom:\n        secretKeyRef:\n          name: db\n          key: password\n", "secretKeyRef"),
 ("placeholder", "env", "SECRET_KEY=xxxxxxxxxxxxxxxxxxxxxxxx\n", "x filler"),
 ("placeholder", "yaml", "slack:\n  webhook: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX\n", "docs filler webhook"),
 ("placeholder", "env", "DATABASE_URL=postgres://user:password@localhost:5432/app\n", "literal word password"),
 ("placeholder", "Dockerfile", "FROM alpine:3.19\nENV DB_PASSWORD_FILE=/run/secrets/db_password\n", "_FILE convention"),
 ("placeholder", "yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: \"<password>\"\n", "angle placeholder"),
 ("test-value", "env", "STRIPE_KEY=sk_test_" + r(24) + "\n", "Stripe test key"),
 ("test-value", "yaml", "test:\n  password: test1234\n", "test password"),
 ("test-value", "json", json.dumps({"admin_password": "admin123"}) + "\n", "demo password"),
 ("test-value", "properties", "spring.datasource.password=secret\n", "word secret"),
 ("digest", "yaml", f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: d\n        image: nginx@sha256:{digest()}\n", "image digest"),
 ("digest", "Dockerfile", f"FROM python:3.12-slim@sha256:{digest()}\nRUN pip install --no-cache-dir requests==2.31.0\n", "FROM digest"),
 ("digest", "json", json.dumps({"name": "left-pad", "version": "1.3.0", "integrity": "sha512-" + r(86, B64) + "=="}) + "\n", "npm integrity"),
 ("digest", "txt", "\n".join(f"{digest()}  pkg-{i}.tar.gz" for i in range(3)) + "\n", "SHA256SUMS"),
 ("digest", "yaml", f"checksum:\n  sha256: {digest()}\n", "checksum"),
 ("commit-sha", "json", json.dumps({"commit": r(40, "0123456789abcdef"), "ref": "refs/heads/main"}) + "\n", "git sha"),
 ("commit-sha", "yaml", f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: build\n  annotations:\n    acme.io/git-commit: {r(40, '0123456789abcdef')}\ndata:\n  version: 1.4.2\n", "annotation sha"),
 ("uuid", "json", json.dumps({"request_id": "3f2b8c1e-9d4a-4e7b-a1c2-5f6e7d8c9b0a", "tenant": "c0ffee00-1234-4abc-9def-000011112222"}) + "\n", "UUIDs"),
 ("uuid", "yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ids\n  uid: 6b1f1c2e-6a52-4b47-8d2f-4f1f6a0e9c11\ndata:\n  clusterId: 9a7c3b2d-1e4f-4a6b-8c9d-0e1f2a3b4c5d\n", "UIDs"),
 ("base64-text", "yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: cfg\ndata:\n  username: " + base64.b64encode(b"admin").decode() + "\n  config.ini: " + base64.b64encode(b"[server]\nport=8080\nlog_level=info\n").decode() + "\n", "base64 non-secret"),
 ("base64-text", "yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: logo\nbinaryData:\n  logo.txt: " + base64.b64encode(b"ACME Corporation - all rights reserved 2026").decode() + "\n", "binaryData text"),
 ("base64-text", "json", json.dumps({"icon": "data:image/png;base64," + r(120, B64)}) + "\n", "inline image"),
 ("public-key", "pem", "-----BEGIN PUBLIC KEY-----\n" + "\n".join(r(64, B64) for _ in range(6)) + "\n-----END PUBLIC KEY-----\n", "public key"),
 ("public-key", "pub", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + r(43, B64) + " deploy@ci\n", "ssh public key"),
 ("certificate", "crt", "-----BEGIN CERTIFICATE-----\n" + "\n".join(r(64, B64) for _ in range(10)) + "\n-----END CERTIFICATE-----\n", "certificate"),
 ("certificate", "yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ca\ndata:\n  ca.crt: |\n" + "\n".join("    " + l for l in ("-----BEGIN CERTIFICATE-----\n" + "\n".join(r(64, B64) for _ in range(5)) + "\n-----END CERTIFICATE-----").splitlines()) + "\n", "CA bundle"),
 ("url-no-password", "env", "REGISTRY=https://registry.acme.io/v2\nGIT_REMOTE=ssh://git@github.com/acme/app.git\n", "URLs without password"),
 ("url-no-password", "yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  DATABASE_URL: postgres://app@db.internal:5432/app?sslmode=require\n", "no password"),
 ("url-var-password", "env", "DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app\n", "interpolated"),
 ("url-var-password", "Dockerfile", "FROM alpine:3.19\nRUN git clone https://ci:${GITLAB_TOKEN}@gitlab.com/acme/app.git\n", "ARG in URL"),
 ("jwt-like", "txt", "The token looks like eyJhbGciOi... followed by a payload; see RFC 7519.\n", "truncated example"),
 ("secret-name", "yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: d\n        image: d:1\n      volumes:\n      - name: creds\n        secret:\n          secretName: db-credentials-v2\n", "secret reference"),
 ("secret-name", "json", json.dumps({"tokenUrl": "https://auth.acme.io/oauth2/token", "tokenTTL": 3600, "secretName": "api-token-prod"}) + "\n", "names and urls"),
 ("high-entropy-nonsecret", "json", json.dumps({"build_id": r(32), "trace": r(24)}) + "\n", "random ids under neutral keys"),
 ("high-entropy-nonsecret", "yaml", f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  cacheKey: \"{r(24)}\"\n  etag: \"{r(32, '0123456789abcdef')}\"\n", "cache key"),
 ("high-entropy-nonsecret", "env", f"SESSION_COOKIE_NAME=sid\nCSRF_HEADER=X-CSRF-{r(6, string.ascii_uppercase)}\n", "names"),
 ("version", "properties", "app.version=3.14.159\ntoken.expiry=2026-11-29T12:00:00Z\n", "version/date"),
 ("path", "yaml", "tls:\n  privateKey: /etc/tls/private/server.key\n  keyPassword: /run/secrets/key_password\n", "paths"),
 ("path", "env", "GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/google/key.json\n", "credentials path"),
 ("prose", "md", "# Setup\n\nSet the `API_TOKEN` environment variable to the token from the dashboard, and the\npassword to your database password. Never commit them.\n", "docs prose"),
 ("prose", "txt", "password: the one you chose at sign-up\n", "prose after key"),
 ("vault-ref", "yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: v\nspec:\n  template:\n    metadata:\n      annotations:\n        vault.hashicorp.com/agent-inject: \"true\"\n        vault.hashicorp.com/role: \"v\"\n        vault.hashicorp.com/agent-inject-secret-db: \"database/creds/v\"\n        vault.hashicorp.com/agent-inject-template-db: |\n          {{- with secret \"database/creds/v\" -}}\n          password={{ .Data.password }}\n          {{- end }}\n    spec:\n      containers:\n      - name: v\n        image: v:1\n", "vault template"),
 ("ref", "yaml", "apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: db\nspec:\n  secretStoreRef:\n    name: aws\n    kind: SecretStore\n  data:\n  - secretKey: password\n    remoteRef:\n      key: prod/db/password\n", "ExternalSecret"),
 ("ref", "json", json.dumps({"password": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf"}) + "\n", "ARN"),
 ("hex-color", "css", ".btn { color: #1a2b3c; background: #ffeedd; }\n", "css"),
 ("lockfile", "yaml", "packages:\n  /lodash/4.17.21:\n    resolution: {integrity: sha512-" + r(86, B64) + "==}\n", "pnpm lock"),
 ("k8s-token-ref", "yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ci\nautomountServiceAccountToken: false\nsecrets:\n- name: ci-token-x7k2p\n", "token secret name"),
 ("docker-login-stdin", "Dockerfile", "FROM docker:24\nRUN --mount=type=secret,id=pw cat /run/secrets/pw | docker login -u ci --password-stdin registry.acme.io\n", "password-stdin"),
 ("placeholder", "toml", "[database]\npassword = \"\"\n", "empty"),
 ("placeholder", "py", "API_KEY = os.environ[\"API_KEY\"]\n", "environ"),
 ("test-value", "yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: test\nstringData:\n  password: password123\n", "weak demo password"),
 ("short", "env", "REDIS_PASSWORD=a1B2\n", "too short"),
 ("aws-account", "json", json.dumps({"account": "123456789012", "region": "eu-west-1", "role_arn": "arn:aws:iam::123456789012:role/deploy"}) + "\n", "account ids"),
]
for kind, ext, content, note in neg:
    add("neg", kind, ext, content, note)

os.makedirs(OUT, exist_ok=True)
rows = []
np = nn = 0
for label, kind, ext, content, note in cases:
    if label == "pos":
        np += 1; n = np
    else:
        nn += 1; n = nn
    if ext == "Dockerfile":
        name = f"{label}-{n:03d}-{kind}.Dockerfile"
    elif ext == "args-yaml":
        name = f"{label}-{n:03d}-{kind}.yaml"
    else:
        name = f"{label}-{n:03d}-{kind}.{ext}"
    with open(os.path.join(OUT, name), "w") as f:
        f.write(content)
    rows.append(f"{name}\t{label}\t{kind}\t{note}")
with open(os.path.join(OUT, "LABELS.tsv"), "w") as f:
    f.write("file\tlabel\tkind\tnote\n" + "\n".join(rows) + "\n")
print(f"{np} positive and {nn} negative cases written to {OUT}")
