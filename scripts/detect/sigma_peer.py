#!/usr/bin/env python3
"""Checks Vigil's Sigma engine against pySigma with its SQLite backend.

The same rules (the shipped pack under rules/ and SigmaHQ's Zeek rules in ../shared/data/sigma)
are run by both over the same logs:
  * the logs `vigil analyze --vulns` writes for every capture of the corpus and for the
    project's DCE/RPC sample (remote service creation and scheduled tasks, which SigmaHQ's
    dce_rpc rules look for) (JSON), and
  * every Zeek or ICSNPP TSV log the corpus holds (Zeek's and ICSNPP's own baselines), read by
    `vigil detect` as any Zeek user's logs would be.
Vigil runs `vigil detect --suppress-for 0`, so notice.log has one row per match. pySigma turns
each rule into SQL for a table of that rule's log; the logs are loaded one table per log, one
column per field (NUMERIC affinity, so numbers compare as numbers, and NOCASE, as Sigma compares
strings), sets as their comma-joined text, Booleans as 'true'/'false'. For every rule, the rows
matched (log, ts, uid, counted) must be the same, except the differences listed in
KNOWN_DIFFERENCES with their reason.

Correlation rules are not compared: Vigil evaluates them over sliding windows anchored at each
match, pySigma's SQLite backend over its own window queries, and the two definitions of "within
the timespan" differ by design (the correlation specification leaves it to the tool).
CorrelationTests checks Vigil's semantics case by case. Vigil is given the shipped pack's
detection rules without its correlations, so that a rule a correlation keeps quiet
(`generate: false`) still writes a notice per match to compare.

usage: sigma_peer.py --vigil PATH [--corpus DIR] [--sigma DIR] [--rules DIR]
"""
import argparse
import collections
import glob
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

from sigma.backends.sqlite import sqliteBackend
from sigma.collection import SigmaCollection

# (rule id, log): why the two engines may disagree on it.
KNOWN_DIFFERENCES = {}


def read_rows(path):
    """Rows of a Zeek log (JSON lines or TSV with its # header) as dicts, and the log's name."""
    log = os.path.basename(path).split(".")[0]
    rows, fields, types, sep, set_sep, empty, unset = [], [], [], "\t", ",", "(empty)", "-"
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line:
                continue
            if line.startswith("{"):
                try:
                    rows.append(json.loads(line))
                except ValueError:
                    pass
                continue
            if line.startswith("#"):
                if line.startswith("#separator "):
                    sep = bytes(line.split(" ", 1)[1], "ascii").decode("unicode_escape")
                    continue
                parts = line.split(sep)
                key, rest = parts[0], parts[1:]
                if key == "#set_separator":
                    set_sep = rest[0]
                elif key == "#empty_field":
                    empty = rest[0]
                elif key == "#unset_field":
                    unset = rest[0]
                elif key == "#path":
                    log = rest[0]
                elif key == "#fields":
                    fields = rest
                elif key == "#types":
                    types = rest
                continue
            row = {}
            for i, value in enumerate(line.split(sep)):
                if i >= len(fields) or value == unset:
                    continue
                t = types[i] if i < len(types) else "string"
                if t.startswith(("set[", "vector[")):
                    row[fields[i]] = [] if value == empty else value.split(set_sep)
                elif t == "bool":
                    row[fields[i]] = value == "T"
                elif t in ("count", "int", "port", "double", "time", "interval"):
                    # Baselines canonify times to XXXXXXXXXX.XXXXXX: those stay text.
                    row[fields[i]] = number(value)
                else:
                    row[fields[i]] = "" if value == empty and t == "string" else value
            rows.append(row)
    return log, rows


def number(text):
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(cell(v)) for v in value)
    return value


def quote(name):
    return '"' + name.replace('"', '""') + '"'


def load_tables(db, files):
    """One table per log; returns {log: [row dicts in rowid order]}."""
    by_log = collections.defaultdict(list)
    for path in files:
        log, rows = read_rows(path)
        by_log[log] += rows
    for log, rows in by_log.items():
        columns = sorted({k for r in rows for k in r})
        if not columns:
            continue
        db.execute(f"CREATE TABLE {quote(log)} (" + ", ".join(f"{quote(c)} NUMERIC COLLATE NOCASE" for c in columns) + ")")
        insert = f"INSERT INTO {quote(log)} (" + ", ".join(quote(c) for c in columns) + ") VALUES (" + ", ".join("?" for _ in columns) + ")"
        db.executemany(insert, [[cell(r.get(c)) if c in r else None for c in columns] for r in rows])
    return by_log


def regexp(pattern, value):
    if value is None:
        return False
    return re.search(pattern, str(value)) is not None


def row_key(log, row):
    ts = row.get("ts")
    return (log, round(ts, 6) if isinstance(ts, (int, float)) else None, row.get("uid"))


def pysigma_matches(rule_files, files, timings=None):
    """{rule id: Counter of (log, ts, uid)} and the rules pySigma could not convert. With
    `timings`, records the seconds spent loading the logs and running the rules, and the rows
    of the logs the rules read."""
    import time
    started = time.monotonic()
    db = sqlite3.connect(":memory:")
    db.create_function("regexp", 2, regexp)
    by_log = load_tables(db, files)
    loaded = time.monotonic()
    read_logs = set()
    matches, refused = collections.defaultdict(collections.Counter), {}
    for path in rule_files:
        text = open(path, encoding="utf-8").read()
        if re.search(r"^correlation:", text, re.M):
            continue
        try:
            collection = SigmaCollection.from_yaml(text)
        except Exception as e:
            refused[path] = str(e)
            continue
        for rule in collection.rules:
            source = rule.logsource
            if (source.product or "").lower() not in ("zeek", "vigil"):
                continue
            log = (source.service or "").lower()
            rule_id = str(rule.id) if rule.id else rule.title
            if log not in by_log:
                continue
            read_logs.add(log)
            backend = sqliteBackend(table=log)
            try:
                queries = backend.convert_rule(rule)
            except Exception as e:
                refused[path] = str(e)
                continue
            existing = {r[1].lower() for r in db.execute(f"PRAGMA table_info({quote(log)})")}
            for field in backend.required_fields(rule):
                if field.lower() not in existing:
                    db.execute(f"ALTER TABLE {quote(log)} ADD COLUMN {quote(field)} NUMERIC COLLATE NOCASE")
                    existing.add(field.lower())
            for q in queries:
                q = q.replace("SELECT *", "SELECT rowid", 1)
                for (rowid,) in db.execute(q):
                    matches[rule_id][row_key(log, by_log[log][rowid - 1])] += 1
    if timings is not None:
        timings["load"] = loaded - started
        timings["queries"] = time.monotonic() - loaded
        timings["rows"] = sum(len(by_log[log]) for log in read_logs)
    return matches, refused


def vigil_matches(vigil, rule_paths, log_dir, work):
    out = os.path.join(work, "notices")
    cmd = [vigil, "detect", log_dir, "--suppress-for", "0", "--out", out, "--quiet"]
    for r in rule_paths:
        cmd += ["--rules", r]
    run = subprocess.run(cmd, capture_output=True, text=True)
    refused = [l for l in run.stderr.splitlines() if l.startswith("vigil: ")]
    matches = collections.defaultdict(collections.Counter)
    notice = os.path.join(out, "notice.log")
    if os.path.exists(notice):
        with open(notice) as f:
            for line in f:
                n = json.loads(line)
                if n["note"] == "Sigma::Correlation":
                    continue  # correlations are not compared (see the docstring)
                matches[n["rule_id"]][(n["log"], round(n["ts"], 6) if "ts" in n else None, n.get("uid"))] += 1
        os.remove(notice)
    return matches, refused


def compare(name, vigil, pysigma):
    failures, agreed, total = [], 0, 0
    for rule_id in sorted(set(vigil) | set(pysigma)):
        v, p = vigil.get(rule_id, collections.Counter()), pysigma.get(rule_id, collections.Counter())
        total += sum(p.values())
        if v == p:
            agreed += sum(p.values())
            continue
        for key in sorted(set(v) | set(p), key=str):
            if v[key] != p[key] and (rule_id, key[0]) not in KNOWN_DIFFERENCES:
                failures.append(f"{name}: rule {rule_id}, {key}: Vigil {v[key]}, pySigma {p[key]}")
    return failures, agreed, total


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.normpath(os.path.join(here, "..", ".."))
    ap = argparse.ArgumentParser()
    ap.add_argument("--vigil", required=True)
    ap.add_argument("--corpus", default=os.path.join(root, "..", "shared", "corpus"))
    ap.add_argument("--sigma", default=os.path.join(root, "..", "shared", "data", "sigma", "sigmahq-sigma"))
    ap.add_argument("--rules", default=os.path.join(root, "rules"))
    args = ap.parse_args()
    rule_paths = [p for p in (args.rules, args.sigma) if os.path.isdir(p)]
    rule_files = sorted(f for p in rule_paths for f in glob.glob(os.path.join(p, "**", "*.y*ml"), recursive=True))
    # Vigil's rules: the shipped pack's detection rules one by one (its correlations left out,
    # see the docstring), and SigmaHQ's folder.
    shipped = [f for f in rule_files if f.startswith(os.path.join(args.rules, ""))]
    vigil_rules = [f for f in shipped if not re.search(r"^correlation:", open(f, encoding="utf-8").read(), re.M)]
    vigil_rules += [p for p in rule_paths if p != args.rules]
    failures = []
    with tempfile.TemporaryDirectory() as work:
        # 1. Vigil's own logs of every corpus capture, with its devices matched against the
        #    shared advisories so that the rules on vulnerabilities.log are compared too.
        store = os.path.join(work, "vulns.db")
        data = os.path.join(root, "..", "shared", "data")
        feeds = [os.path.join(data, "csaf"), os.path.join(data, "nvd"), os.path.join(data, "kev", "known_exploited_vulnerabilities.json")]
        imported = subprocess.run([args.vigil, "vulns", "import", "--quiet", *feeds, "--store", store], capture_output=True, text=True)
        if imported.returncode != 0:
            sys.exit(f"vigil vulns import failed: {imported.stderr[-2000:]}")
        vigil_logs = os.path.join(work, "vigil-logs")
        run = subprocess.run(
            [args.vigil, "analyze", args.corpus, os.path.join(root, "samples", "dce-rpc.pcap"), "--out", vigil_logs, "--quiet", "--vulns", store],
            capture_output=True, text=True)
        if not os.path.isdir(vigil_logs):
            sys.exit(f"vigil analyze wrote nothing: {run.stderr[-2000:]}")
        # 2. Zeek's and ICSNPP's own TSV logs, gathered one file per log.
        zeek_logs = os.path.join(work, "zeek-logs")
        os.makedirs(zeek_logs)
        for path in sorted(glob.glob(os.path.join(args.corpus, "**", "*.log"), recursive=True)):
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            m = re.search(r"^#path\t(\S+)$", text, re.M)
            if not m:
                continue
            with open(os.path.join(zeek_logs, m.group(1) + ".log"), "a", encoding="utf-8") as out:
                out.write(text if text.endswith("\n") else text + "\n")
        for name, log_dir in (("vigil-json", vigil_logs), ("zeek-tsv", zeek_logs)):
            files = sorted(glob.glob(os.path.join(log_dir, "*.log")))
            files = [f for f in files if os.path.basename(f) != "notice.log"]
            p, p_refused = pysigma_matches(rule_files, files)
            v, v_refused = vigil_matches(args.vigil, vigil_rules, log_dir, work)
            f, agreed, total = compare(name, v, p)
            failures += f
            rules_hit = len([r for r in set(v) | set(p) if sum(p.get(r, {}).values()) or sum(v.get(r, {}).values())])
            print(f"{name}: {len(files)} logs, {rules_hit} rules matched; pySigma {total} matches, Vigil {sum(sum(c.values()) for c in v.values())}, agreeing {agreed}")
            for path, why in sorted(p_refused.items()):
                print(f"  pySigma refused {os.path.relpath(path, root)}: {why[:160]}")
            for line in v_refused:
                print(f"  Vigil: {line[:200]}")
    for f in failures[:50]:
        print("DIFFERENCE " + f)
    if failures:
        sys.exit(f"{len(failures)} difference(s) between Vigil and pySigma")
    print("Sigma peer check: Vigil and pySigma agree on every rule and row")


if __name__ == "__main__":
    main()
