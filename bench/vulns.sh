#!/usr/bin/env bash
# Vulnerability benchmark, release build, one core (taskset -c 0):
#  1. `vigil vulns import` of the shared CSAF folder (600 advisories) into a new store, printed
#     beside the `csaf` validator's run over the same files (a peer that parses and checks them,
#     not an importer: the figure says what reading these documents costs elsewhere);
#  2. `vigil vulns match` of 10,000 devices against every shared advisory and NVD record, with
#     the KEV catalog. The devices are generated from identity fields the corpus reveals
#     (S7-300, ControlLogix, Metasys, Stratix, BACnet controllers) with varied firmware, so
#     every lookup path runs: order number, model words, family, no match.
# Usage: bench/vulns.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
swift build -c release --product vigil 2>&1 | tail -1
vigil=$(swift build -c release --show-bin-path)/vigil
data=../shared/data
work=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"
rm -f "$work"/bench.db*
seconds() { /usr/bin/env python3 -c 'import sys,time,subprocess; t=time.monotonic(); subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); print(f"{time.monotonic()-t:.2f}")' "$@"; }

import_s=$(seconds taskset -c 0 "$vigil" vulns import -q "$data/csaf" --store "$work/bench.db")
"$vigil" vulns import -q "$data/nvd" "$data/kev/known_exploited_vulnerabilities.json" --store "$work/bench.db"
validator="$(bash scripts/vulns/venv.sh)"
peer_s=$(taskset -c 0 python3 -c '
import subprocess, sys, time
t = time.monotonic()
subprocess.run([sys.argv[1], "validate", "--spec-version", "v20", "--no-network", "-q", sys.argv[2] + "/csaf/*/*.json"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(f"{time.monotonic() - t:.2f}")' "$validator" "$data")

python3 - "$work/assets.json" <<'PY'
import json, random, sys
random.seed(7)
kinds = [
    ("Siemens", "6ES7 315-2EH14-0AB0", "CPU 315-2 PN/DP", lambda: f"V3.{random.randint(1, 3)}.{random.randint(0, 25)}"),
    ("Siemens", "6ES7 317-2EK14-0AB0", "CPU 317-2 PN/DP", lambda: f"V3.2.{random.randint(0, 25)}"),
    ("Siemens", None, "CPU 1518-4 PN/DP MFP", lambda: f"V{random.randint(2, 3)}.{random.randint(0, 2)}.0"),
    ("Rockwell Automation/Allen-Bradley", "Communications Adapter", "1756-ENBT/A", lambda: f"{random.randint(3, 6)}.{random.randint(1, 9)}"),
    ("Rockwell Automation/Allen-Bradley", "Communications Adapter", "1756-EN2T/D", lambda: f"{random.randint(9, 12)}.{random.randint(1, 20):03d}"),
    ("Rockwell Automation", None, "Stratix 5400", lambda: f"15.2({random.randint(3, 8)})E{random.randint(0, 2)}a"),
    ("JCI", None, "MS-NAE4510-2", lambda: f"{random.randint(5, 12)}.{random.randint(0, 2)}.0.{random.randint(1000, 9000)}"),
    ("Siemens Schweiz AG (Formerly: Cerberus AG)", None, "RCG-525", lambda: f"1.{random.randint(0, 9)}.{random.randint(0, 9)}"),
    ("PowerCold Comfort Air Solutions, Inc.", None, "GHU-026", lambda: "5.6.1"),
    (None, "http://open62541.org", None, lambda: None),
]
assets = []
for i in range(10000):
    vendor, product, model, fw = kinds[i % len(kinds)]
    ident = {f: None for f in ("vendor", "product", "model", "firmware", "serial", "software", "name")}
    for f, v in (("vendor", vendor), ("product", product), ("model", model), ("firmware", fw())):
        if v is not None:
            ident[f] = {"value": v, "evidence": "bench"}
    assets.append({"mac": None, "oui_vendor": None, "ips": [f"10.{i // 65536}.{i // 256 % 256}.{i % 256}"], "hostnames": [],
                   "roles": [], "protocols": [], "identity": ident, "first_seen": 1.0, "last_seen": 2.0, "peers": []})
json.dump({"assets": assets, "assets_not_tracked": 0}, open(sys.argv[1], "w"))
PY
total_s=$(seconds taskset -c 0 "$vigil" vulns match --assets "$work/assets.json" --store "$work/bench.db" --out "$work/match")
# The matching alone, as the command reports it (the rest is loading the store, reading and
# rewriting assets.json, and writing the log).
match_s=$(taskset -c 0 "$vigil" vulns match --assets "$work/assets.json" --store "$work/bench.db" --out "$work/match" | sed -n 's/^Matched .* in \([0-9.]*\) s$/\1/p')
rows=$(wc -l < "$work/match/vulnerabilities.log")
echo "vulns import, 600 CSAF advisories (one core): vigil ${import_s} s; csaf validator (validation only) ${peer_s} s"
echo "vulns match, 10000 devices x 600 advisories + 61 NVD records + KEV (one core): matching ${match_s} s, whole command ${total_s} s, ${rows} rows (no peer does this matching)"
