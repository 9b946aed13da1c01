#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""validate.py SCHEMA_DIR FILE... - check SBOMs against the official JSON schemas.

CycloneDX documents (bomFormat) are checked against bom-<specVersion>.schema.json, whose $refs
(spdx.schema.json, jsf-0.82.schema.json#/definitions/signature) resolve to the files of the same
folder through a RefResolver store; SPDX documents (spdxVersion) against spdx-2.3.schema.json.
Then the rules the schemas cannot express but the specifications state:

  CycloneDX  bom-refs unique; every dependencies ref/dependsOn names a bom-ref; one entry
             per ref; the metadata component reachable
  SPDX       SPDXIDs match SPDXRef-[A-Za-z0-9.-]+ and are unique; relationships name known
             elements; every LicenseRef- used is defined in hasExtractedLicensingInfos; one
             DESCRIBES; filesAnalyzed false (no files are listed)

Run with Debian's python3-jsonschema (4.10: RefResolver, no referencing package):
/usr/bin/python3 tests/sbom/validate.py ../shared/corpus/sbom-schemas out/*.json
Exit 0 when every file is valid, 1 otherwise, 2 on usage errors. With --expect-invalid first
(the self-test on tests/sbom/invalid/), exit 0 when every file is rejected.
"""
import json
import os
import re
import sys

import jsonschema

CDX_BASE = "http://cyclonedx.org/schema/"


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class Schemas:
    def __init__(self, folder):
        self.folder = folder
        self.store = {}
        for name in ("spdx.schema.json", "jsf-0.82.schema.json"):
            doc = load(os.path.join(folder, name))
            self.store[CDX_BASE + name] = doc
            if "$id" in doc:
                self.store[doc["$id"]] = doc

    def validator(self, schema_file):
        schema = load(os.path.join(self.folder, schema_file))
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        base = schema.get("$id", CDX_BASE + schema_file)
        resolver = jsonschema.RefResolver(base_uri=base, referrer=schema, store=self.store)
        return cls(schema, resolver=resolver, format_checker=jsonschema.FormatChecker())


def cyclonedx_rules(doc):
    errs = []
    refs = []

    def walk(comps, where):
        for i, c in enumerate(comps or []):
            if "bom-ref" in c:
                refs.append(c["bom-ref"])
            walk(c.get("components"), "%s[%d].components" % (where, i))

    meta = doc.get("metadata", {}).get("component")
    if meta and "bom-ref" in meta:
        refs.append(meta["bom-ref"])
    walk(doc.get("components"), "components")
    seen = set()
    for r in refs:
        if r in seen:
            errs.append("bom-ref %r is not unique" % r)
        seen.add(r)
    dep_refs = set()
    for d in doc.get("dependencies", []):
        if d["ref"] in dep_refs:
            errs.append("dependencies: two entries for %r" % d["ref"])
        dep_refs.add(d["ref"])
        for x in [d["ref"]] + d.get("dependsOn", []):
            if x not in seen:
                errs.append("dependencies: %r names no bom-ref" % x)
    if meta and doc.get("components") and meta.get("bom-ref") not in dep_refs:
        errs.append("dependencies: no entry for the metadata component")
    return errs


IDSTRING = re.compile(r"^SPDXRef-[A-Za-z0-9.\-]+$")
LICREF = re.compile(r"LicenseRef-[A-Za-z0-9.\-]+")


def spdx_rules(doc):
    errs = []
    ids = set()
    for p in doc.get("packages", []):
        if not IDSTRING.match(p["SPDXID"]):
            errs.append("SPDXID %r is not SPDXRef-[idstring]" % p["SPDXID"])
        if p["SPDXID"] in ids:
            errs.append("SPDXID %r is not unique" % p["SPDXID"])
        ids.add(p["SPDXID"])
        if p.get("filesAnalyzed", True) and not p.get("hasFiles"):
            errs.append("%s: filesAnalyzed must be false without files" % p["SPDXID"])
    defined = {e["licenseId"] for e in doc.get("hasExtractedLicensingInfos", [])}
    for e in doc.get("hasExtractedLicensingInfos", []):
        if not re.fullmatch(r"LicenseRef-[A-Za-z0-9.\-]+", e["licenseId"]):
            errs.append("licenseId %r is not LicenseRef-[idstring]" % e["licenseId"])
    for p in doc.get("packages", []):
        for field in ("licenseDeclared", "licenseConcluded"):
            for ref in LICREF.findall(p.get(field, "")):
                if ref not in defined:
                    errs.append("%s.%s uses %s, which is not defined" % (p["SPDXID"], field, ref))
    known = ids | {"SPDXRef-DOCUMENT"}
    describes = 0
    for r in doc.get("relationships", []):
        for k in ("spdxElementId", "relatedSpdxElement"):
            if r[k] not in known:
                errs.append("relationship names unknown element %r" % r[k])
        if r["spdxElementId"] == "SPDXRef-DOCUMENT" and r["relationshipType"] == "DESCRIBES":
            describes += 1
    if describes != 1:
        errs.append("%d DESCRIBES relationships, want 1" % describes)
    for d in doc.get("documentDescribes", []):
        if d not in ids:
            errs.append("documentDescribes names unknown package %r" % d)
    return errs


def check(schemas, path):
    try:
        doc = load(path)
    except (OSError, ValueError) as e:
        return ["cannot read: %s" % e]
    if "bomFormat" in doc:
        spec = doc.get("specVersion", "?")
        schema_file = "bom-%s.schema.json" % spec
        if not os.path.exists(os.path.join(schemas.folder, schema_file)):
            return ["no schema for CycloneDX %s" % spec]
        rules = cyclonedx_rules
    elif "spdxVersion" in doc:
        if doc["spdxVersion"] != "SPDX-2.3":
            return ["no schema for %s" % doc["spdxVersion"]]
        schema_file = "spdx-2.3.schema.json"
        rules = spdx_rules
    else:
        return ["neither CycloneDX nor SPDX"]
    v = schemas.validator(schema_file)
    errs = ["%s %s: %s" % (schema_file, "/".join(str(x) for x in e.absolute_path) or "(root)",
                           e.message)
            for e in sorted(v.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))]
    if not errs:
        errs = ["specification: %s" % e for e in rules(doc)]
    return errs


def main(argv):
    expect_invalid = bool(argv) and argv[0] == "--expect-invalid"
    if expect_invalid:
        argv = argv[1:]
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    schemas = Schemas(argv[0])
    bad = 0
    for path in argv[1:]:
        errs = check(schemas, path)
        if expect_invalid:
            if errs:
                print("%s: rejected: %s" % (path, errs[0]))
            else:
                bad += 1
                print("%s: accepted, but it is invalid" % path)
            continue
        if errs:
            bad += 1
            for e in errs[:50]:
                print("%s: %s" % (path, e))
            if len(errs) > 50:
                print("%s: ... %d more" % (path, len(errs) - 50))
        else:
            print("%s: valid" % path)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
