#!/usr/bin/env python3
"""The database's own pace at storing what a hub stored: the hub's event and alert rows,
copied out after a run of bench/hub_ingest.sh, loaded into empty copies of those two tables
with every index the hub keeps on them, by the database's own bulk path and nothing else (no
TLS, signatures, JSON, map, assets or audit). The hub cannot store faster than this on the
same machine: it is the bound to read the hub's figure against.

PostgreSQL: COPY from two connections at once, each half the events and then half the alerts,
so that both cores work, as the hub's own server would. SQLite: one INSERT ... SELECT per table
in one transaction, with the hub's settings (write-ahead log, a sync at commit, a 64 MiB page
cache); SQLite has one writer at a time.

Usage: hub_tables_load.py postgres URL WORKDIR | hub_tables_load.py sqlite HUB_DB WORKDIR
Prints the seconds taken, the machine's busy CPU seconds meanwhile (every core) and the
events loaded, tab-separated."""

import os
import sqlite3
import subprocess
import sys
import time

TABLES = ("event", "alert")


# The tables' DROP IF EXISTS would print a notice on a first run.
os.environ["PGOPTIONS"] = "-c client_min_messages=warning"


def busy_core_seconds():
    """The machine's CPU time so far, every core, outside idle and I/O wait (/proc/stat)."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def psql(url, *commands):
    arguments = ["psql", "-q", "-v", "ON_ERROR_STOP=1", url]
    for command in commands:
        arguments += ["-c", command]
    subprocess.run(arguments, check=True, stdout=subprocess.DEVNULL)


def postgres(url, work):
    # Each table copied out, then split in two halves of its lines (COPY's text format escapes
    # a newline inside a value, so a line is a row), read as a stream: the events of a long
    # run are gigabytes.
    halves, counts = {}, {}
    for table in TABLES:
        whole = os.path.join(work, f"{table}.copy")
        psql(url, f"\\copy {table} TO '{whole}'")
        with open(whole, "rb") as f:
            counts[table] = sum(1 for _ in f)
        halves[table] = [os.path.join(work, f"{table}.{i}.copy") for i in range(2)]
        with open(whole, "rb") as f, open(halves[table][0], "wb") as first, open(halves[table][1], "wb") as second:
            for n, line in enumerate(f):
                (first if n < counts[table] // 2 else second).write(line)
        os.remove(whole)
    for table in TABLES:
        psql(url, f"DROP TABLE IF EXISTS {table}_load", f"CREATE TABLE {table}_load (LIKE {table} INCLUDING ALL)")
    events = counts["event"]
    start, busy = time.monotonic(), busy_core_seconds()
    loaders = [
        subprocess.Popen(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", url]
            + [a for table in TABLES for a in ("-c", f"\\copy {table}_load FROM '{halves[table][i]}'")],
            stdout=subprocess.DEVNULL,
        )
        for i in range(2)
    ]
    if any(loader.wait() != 0 for loader in loaders):
        sys.exit("hub_tables_load: a COPY failed")
    seconds, busy = time.monotonic() - start, busy_core_seconds() - busy
    psql(url, *(f"DROP TABLE {table}_load" for table in TABLES))
    for paths in halves.values():
        for path in paths:
            os.remove(path)
    return seconds, busy, events


def sqlite(hub_db, work):
    target = os.path.join(work, "tables-load.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(target + suffix):
            os.remove(target + suffix)
    source = sqlite3.connect(hub_db)
    schema = source.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name IN ('event', 'alert') AND sql IS NOT NULL "
        "ORDER BY type = 'index'"
    ).fetchall()
    events = source.execute("SELECT count(*) FROM event").fetchone()[0]
    source.close()
    load = sqlite3.connect(target, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "cache_size = -65536", "foreign_keys = ON"):
        load.execute(f"PRAGMA {pragma}")
    for (sql,) in schema:
        # The alert table's reference to its notice stays: SQLite checks it, as in the hub.
        load.execute(sql)
    load.execute("ATTACH DATABASE ? AS hub", (hub_db,))
    start, busy = time.monotonic(), busy_core_seconds()
    load.execute("BEGIN")
    for table in TABLES:
        load.execute(f"INSERT INTO main.{table} SELECT * FROM hub.{table}")
    load.execute("COMMIT")
    seconds, busy = time.monotonic() - start, busy_core_seconds() - busy
    load.close()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(target + suffix):
            os.remove(target + suffix)
    return seconds, busy, events


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("postgres", "sqlite"):
        sys.exit(__doc__)
    kind, where, work = sys.argv[1:]
    seconds, busy, events = (postgres if kind == "postgres" else sqlite)(where, work)
    print(f"{seconds:.3f}\t{busy:.2f}\t{events}")
