#!/usr/bin/env bash
# Hub ingest benchmark, release build: SENSORS sensors (default 8) enrolled in a new hub each
# ship a folder of logs at once (bench/dashboard_data.py: per sensor 1,000 devices, ALERTS
# notices and a quarter as many connections), over mutual TLS, each batch signed and checked.
# Printed beside the database's own insert rate for the same rows: sqlite3's `.import` of every
# row (one text column, one transaction), which does none of the hub's work; and by the
# database's own pace at storing the hub's stored events and alerts again into copies of its
# tables, indexes and all (bench/hub_tables_load.py): the most any hub could store here.
# With HUB_POSTGRES=postgres://USER:PASSWORD@HOST:PORT/DATABASE the hub stores on that server,
# in a new database vigil_bench (dropped first), and the reference is psql's \copy (COPY) of
# the same rows into one text column there.
# Usage: [HUB_POSTGRES=URL] [VIGIL=BINARY] bench/hub_ingest.sh [SENSORS [ALERTS]]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
command -v sqlite3 >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null; }
if [ -n "${VIGIL:-}" ]; then
  vigil=$VIGIL  # another build of vigil, to compare two builds on the same machine and hour
else
  swift build -c release --product vigil 2>&1 | tail -1
  vigil=$(swift build -c release --show-bin-path)/vigil
fi
work=${BENCH_DIR:-$(mktemp -d)}/ingest
sensors=${1:-8}
alerts=${2:-125000}
mkdir -p "$work"
folder="$work/logs-$alerts"
[ -f "$folder/notice.log" ] || python3 bench/dashboard_data.py --out "$folder" --assets 1000 --alerts "$alerts" --conns $((alerts / 4)) >/dev/null
rm -rf "$work/hub" "$work"/sensor-* "$work/import.db"
database=()
if [ -n "${HUB_POSTGRES:-}" ]; then
  psql -q "$HUB_POSTGRES" -c "DROP DATABASE IF EXISTS vigil_bench" -c "CREATE DATABASE vigil_bench"
  bench_url=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(p._replace(path="/vigil_bench").geturl())' "$HUB_POSTGRES")
  database=(--database "$bench_url")
fi
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
api=$(port)
ingest=$(port)
"$vigil" hub init --dir "$work/hub" "${database[@]}" >/dev/null
"$vigil" hub serve --dir "$work/hub" "${database[@]}" --listen "127.0.0.1:$api" --ingest "127.0.0.1:$ingest" >"$work/serve.log" 2>&1 &
hub=$!
trap 'kill $hub 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if python3 -c "import socket; socket.create_connection(('127.0.0.1', $api), 1)" 2>/dev/null; then break; fi
  sleep 0.1
done
for i in $(seq 1 "$sensors"); do
  token=$("$vigil" hub enroll-token --dir "$work/hub" "${database[@]}")
  "$vigil" enroll --hub "https://127.0.0.1:$api" --token "$token" --name "sensor-$i" --identity "$work/sensor-$i" >/dev/null
done
records=$(( (1000 + alerts + alerts / 4) * sensors ))
# CPU seconds while the sensors ship: the whole machine's (every core, /proc/stat), the hub
# process's (/proc/PID/stat) and the shippers' (bash's `times`, for children waited for); the
# database's is what is left.
machine_cpu() { awk -v hz="$(getconf CLK_TCK)" 'NR == 1 { print ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat; }
hub_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$hub/stat"; }
# `times` must run in this shell, not in a $(…) subshell, to count this shell's children.
children_cpu() { awk 'NR == 2 { gsub(/[ms]/, " "); print $1 * 60 + $2 + $3 * 60 + $4 }' "$work/times"; }
times >"$work/times"
machine0=$(machine_cpu) hub0=$(hub_cpu) children0=$(children_cpu)
start=$(date +%s.%N)
for i in $(seq 1 "$sensors"); do
  "$vigil" ship "$folder" --identity "$work/sensor-$i" >"$work/ship-$i.log" 2>&1 &
done
wait $(jobs -p | grep -v "^$hub$") 2>/dev/null || true
end=$(date +%s.%N)
times >"$work/times"
minus() { awk -v a="$1" -v b="$2" 'BEGIN { print a - b }'; }
machine_used=$(minus "$(machine_cpu)" "$machine0")
hub_used=$(minus "$(hub_cpu)" "$hub0")
shippers_used=$(minus "$(children_cpu)" "$children0")
# How long the hub's writer was busy storing groups of batches (the hub's own metric): busy
# for the whole span, the hub stores as fast as its one writer can, and records per busy
# second is that writer's pace; much less, the time went elsewhere (the shippers, TLS).
token=$("$vigil" hub token bench --dir "$work/hub" "${database[@]}")
busy=$(python3 - "$api" "$work/hub/authority.pem" "$token" <<'PY'
import re, ssl, sys, urllib.request
api, authority, token = sys.argv[1:]
request = urllib.request.Request(f"https://127.0.0.1:{api}/api/v1/metrics", headers={"Authorization": f"Bearer {token}"})
text = urllib.request.urlopen(request, context=ssl.create_default_context(cafile=authority)).read().decode()
found = re.search(r'^vigil_hub_database_seconds_sum\{operation="store_group"\} (\S+)', text, re.M)
print(found.group(1) if found else "0")
PY
)
rows=$(cat "$folder"/*.log | wc -l)
for _ in $(seq 1 "$sensors"); do cat "$folder"/*.log; done >"$work/all.jsonl"
if [ -n "${HUB_POSTGRES:-}" ]; then
  stored=$(psql -qtA "$bench_url" -c "SELECT coalesce(sum(records), 0) FROM batch")
  span=$(psql -qtA "$bench_url" -c "SELECT max(received) - min(received) FROM batch")
  reference="psql \\copy (COPY)"
  psql -q "$bench_url" -c "CREATE TABLE import_event(row TEXT)"
  import_start=$(date +%s.%N)
  psql -q "$bench_url" -c "\\copy import_event(row) FROM '$work/all.jsonl' WITH (FORMAT csv, DELIMITER E'\\x1f', QUOTE E'\\x1e')"
  import_end=$(date +%s.%N)
  read -r load_seconds load_busy load_events < <(python3 bench/hub_tables_load.py postgres "$bench_url" "$work")
  load_how="PostgreSQL's COPY (two connections at once)"
else
  stored=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT coalesce(sum(records),0) FROM batch').fetchone()[0])" "$work/hub/hub.db")
  span=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT max(received) - min(received) FROM batch').fetchone()[0])" "$work/hub/hub.db")
  reference="sqlite3 .import"
  import_start=$(date +%s.%N)
  sqlite3 "$work/import.db" "CREATE TABLE event(row TEXT);" ".mode ascii" ".separator \"\\037\" \"\\n\"" ".import $work/all.jsonl event"
  import_end=$(date +%s.%N)
  read -r load_seconds load_busy load_events < <(python3 bench/hub_tables_load.py sqlite "$work/hub/hub.db" "$work")
  load_how="SQLite's INSERT … SELECT (one transaction)"
fi
python3 - "$start" "$end" "$records" "$stored" "$import_start" "$import_end" "$((rows * sensors))" "$sensors" "$reference" "${HUB_POSTGRES:+PostgreSQL}" "$span" "$busy" "$load_seconds" "$load_events" "$load_how" \
  "$machine_used" "$hub_used" "$shippers_used" "$load_busy" <<'PY'
import sys
start, end, records, stored, i0, i1, imported, sensors, reference, store, span, busy, load_seconds, load_events, load_how = sys.argv[1:16]
machine_used, hub_used, shippers_used, load_busy = map(float, sys.argv[16:])
hub = float(end) - float(start)
ref = float(i1) - float(i0)
print(f"Hub ingest into {store or 'SQLite'}, {sensors} sensors at once: {int(stored):,} of {int(records):,} records stored in {hub:.1f} s ({int(stored) / hub:,.0f} records/s)")
# The sensors first read their logs into their spools; the hub's own pace is from the first
# batch it stored to the last.
print(f"  from the hub's first stored batch to its last: {float(span):.1f} s ({int(stored) / float(span):,.0f} records/s)")
if float(busy) > 0:
    print(f"  the writer busy storing them: {float(busy):.1f} s ({int(stored) / float(busy):,.0f} records per busy second)")
print(f"{reference} of the same {int(imported):,} log rows: {ref:.1f} s ({int(imported) / ref:,.0f} rows/s)")
# The bound on this machine: the database alone storing the hub's own event and alert rows,
# with the same indexes, counted per event as the hub's figure is per record.
load = float(load_seconds)
print(f"{load_how} of the hub's {int(load_events):,} stored events and their alerts into empty copies of")
print(f"  its event and alert tables, every index kept: {load:.1f} s ({int(load_events) / load:,.0f} events/s), the most the hub could store here")
# Where the machine's CPU went, per record stored: what a rate on these cores can afford.
per = lambda seconds, count: f"{seconds * 1e6 / count:.1f} µs"
n = int(stored)
database = max(0.0, machine_used - hub_used - shippers_used)
if store:
    print(f"CPU per record stored: {per(machine_used, n)} in all = the hub {per(hub_used, n)} + the shippers {per(shippers_used, n)}"
          f" + PostgreSQL and the rest {per(database, n)}")
else:
    print(f"CPU per record stored: {per(machine_used, n)} in all = the hub, SQLite in it, {per(hub_used, n)}"
          f" + the shippers {per(shippers_used, n)} + the rest {per(database, n)}")
print(f"  the database alone storing the same events and alerts again: {per(load_busy, int(load_events))} an event")
PY
rm -f "$work/all.jsonl"
