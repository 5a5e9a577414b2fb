#!/usr/bin/env python3
"""Checks Vigil's CSAF importer against a real CSAF 2.0 validator (the `csaf` package from PyPI).

Every shared advisory (../shared/data/csaf) and a set of broken copies of a real one are given to
both. For each document, Vigil must import it exactly when the validator finds it valid against
the CSAF 2.0 JSON schema and mandatory test 6.1.1 (every product id a status names is defined);
those are the checks Vigil's importer makes, since they guard what matching reads. Vigil's error
must name the file and the JSON pointer the validator reports.

The validator's other mandatory tests (CWE names, version ranges in product_version, profile
rules) fail on 11 of CISA's own published advisories; Vigil still imports those, as refusing a
real advisory would hide real vulnerabilities. One schema rule Vigil does not check is listed in
KNOWN_DIFFERENCES with its reason.

usage: csaf_peer.py --vigil PATH --validator PATH [--data DIR]
"""
import argparse
import copy
import glob
import json
import os
import subprocess
import sys
import tempfile

# Broken copies of a real advisory: (name, edit, the pointer Vigil must name).
def mutations(doc):
    def edit(f):
        d = copy.deepcopy(doc)
        f(d)
        return d

    yield "cve-as-number", edit(lambda d: d["vulnerabilities"][0].__setitem__("cve", 2018)), "/vulnerabilities/0/cve"
    yield "no-tracking", edit(lambda d: d["document"].pop("tracking")), "/document/tracking"
    yield "undefined-product", edit(
        lambda d: d["vulnerabilities"][0]["product_status"].__setitem__("known_affected", ["CSAFPID-0001", "CSAFPID-9999"])
    ), "/vulnerabilities/0/product_status/known_affected/1"
    yield "old-csaf-version", edit(lambda d: d["document"].__setitem__("csaf_version", "1.2")), "/document/csaf_version"
    yield "branch-without-name", edit(lambda d: d["product_tree"]["branches"][0].pop("name")), "/product_tree/branches/0/name"
    yield "score-as-text", edit(
        lambda d: d["vulnerabilities"][0]["scores"][0]["cvss_v3"].__setitem__("baseScore", "8.6")
    ), "/vulnerabilities/0/scores/0/cvss_v3/baseScore"
    yield "bad-date", edit(lambda d: d["document"]["tracking"].__setitem__("current_release_date", "yesterday")), None


# Documents on which Vigil and the validator are expected to disagree, and why.
KNOWN_DIFFERENCES = {
    "bad-date.json": "Vigil keeps tracking dates as text (they only order revisions); it does not check their format",
}


def validator_verdicts(validator, files):
    """schema + 6.1.1 validity per file, from the validator's deprecated-json output (one
    RFC 7464 record per file, in argument order)."""
    out = subprocess.run(
        [validator, "validate", "--spec-version", "v20", "--no-network", "--format", "deprecated-json", "--rfc7464-always", *files],
        capture_output=True, text=True)
    records = [json.loads(r) for r in out.stdout.split("\x1e") if r.strip()]
    if len(records) != len(files):
        sys.exit(f"validator gave {len(records)} results for {len(files)} files:\n{out.stderr[-2000:]}")
    verdicts = {}
    for f, r in zip(files, records):
        tests = {t["name"]: t for t in r["tests"]}
        # A document that fails the schema is not given the mandatory tests.
        checked = [tests[n] for n in ("schema", "mandatoryTest_6_1_1") if n in tests]
        errors = [e for t in checked for e in t["errors"]]
        verdicts[f] = (all(t["isValid"] for t in checked), errors)
    return verdicts


def vigil_failures(vigil, files, store):
    out = subprocess.run([vigil, "vulns", "import", "-q", *files, "--store", store], capture_output=True, text=True)
    failures = {}
    for line in out.stderr.splitlines():
        if line.startswith("vigil: "):
            path, _, message = line[len("vigil: "):].partition(": ")
            failures[path] = message
    return failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vigil", required=True)
    ap.add_argument("--validator", required=True)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../shared/data"))
    args = ap.parse_args()

    shared = sorted(glob.glob(os.path.join(args.data, "csaf", "*", "*.json")))
    if len(shared) != 600:
        sys.exit(f"expected the 600 shared advisories, found {len(shared)} under {args.data}/csaf")
    with tempfile.TemporaryDirectory() as tmp:
        base = json.load(open(os.path.join(args.data, "csaf/2018/icsa-18-310-02.json")))
        broken = {}
        for name, doc, pointer in mutations(base):
            path = os.path.join(tmp, name + ".json")
            json.dump(doc, open(path, "w"))
            broken[path] = pointer
        files = shared + sorted(broken)
        verdicts = validator_verdicts(args.validator, files)
        failures = vigil_failures(args.vigil, files, os.path.join(tmp, "store.db"))

        problems = []
        for f in files:
            valid, errors = verdicts[f]
            imported = f not in failures
            name = os.path.basename(f)
            if name in KNOWN_DIFFERENCES:
                if valid or not imported:
                    problems.append(f"{name}: listed as a known difference, but validator valid={valid}, Vigil imported={imported}")
                continue
            if valid != imported:
                problems.append(f"{name}: validator valid={valid} ({errors[:1]}), Vigil imported={imported} ({failures.get(f)})")
            elif not valid and broken.get(f) and f"at {broken[f]}" not in failures[f]:
                problems.append(f"{name}: Vigil's error does not name {broken[f]}: {failures[f]}")
        rejected = sum(1 for f in files if not verdicts[f][0])
        print(f"CSAF peer check: {len(files)} documents ({len(shared)} shared, {len(broken)} broken copies); "
              f"validator rejects {rejected} on schema or 6.1.1, Vigil rejects {len(failures)}; "
              f"{len(KNOWN_DIFFERENCES)} known difference(s); {len(problems)} problem(s)")
        for p in problems:
            print("  " + p)
        sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
