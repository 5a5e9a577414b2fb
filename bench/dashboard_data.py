"""Writes a Zeek-style JSON log folder as a large city's sensors would produce it, for the
dashboard benchmark: assets.json with N devices (spread over /24 zones, every Purdue level,
real vendor and protocol names), notice.log with M alerts over 30 days (50 rules, Sigma levels
weighted towards low, sources and destinations among the devices), and conn.log with E
connections between them. Seeded: the same folder every run.

Usage: dashboard_data.py --out DIR [--assets N] [--alerts M] [--conns E]
"""

import argparse
import json
import os
import random

parser = argparse.ArgumentParser()
parser.add_argument("--out", required=True)
parser.add_argument("--assets", type=int, default=100_000)
parser.add_argument("--alerts", type=int, default=1_000_000)
parser.add_argument("--conns", type=int, default=300_000)
args = parser.parse_args()
os.makedirs(args.out, exist_ok=True)
rng = random.Random(20261205)

kinds = [  # type, level, roles, protocols, vendor, model
    ("plc", 1, ["plc", "modbus_server"], ["modbus", "s7comm"], "Siemens", "CPU 1516-3 PN/DP"),
    ("rtu", 1, ["dnp3_outstation"], ["dnp3"], "SEL", "SEL-3530"),
    ("building_controller", 1, ["bacnet_device"], ["bacnet"], "Johnson Controls", "MS-NAE4510-2"),
    ("field_controller", 1, ["cip_device"], ["enip"], "Rockwell Automation", "1756-EN2T/D"),
    ("drive", 0, ["cip_device"], ["enip"], "Rockwell Automation", "PowerFlex 755"),
    ("hmi_or_scada", 2, ["modbus_client", "opcua_client"], ["modbus", "opcua"], "Siemens", "TP1200 Comfort"),
    ("scada_master", 2, ["dnp3_master"], ["dnp3"], "GE", "iFIX"),
    ("opcua_server", 3, ["opcua_server"], ["opcua"], "Kepware", "KEPServerEX"),
    ("iot_broker", 3, ["mqtt_broker"], ["mqtt"], "Eclipse", "Mosquitto"),
    ("iot_device", 1, ["mqtt_client"], ["mqtt", "dns"], "Espressif", "ESP32"),
    ("server", 4, ["http_server", "tls_server"], ["http", "ssl"], "Dell", "PowerEdge R650"),
    ("camera", 1, ["rtsp_server"], ["rtsp"], "Axis", "P1375"),
    ("unknown", None, [], ["tcp"], None, None),
]
services = {"modbus": 502, "s7comm": 102, "dnp3": 20000, "bacnet": 47808, "enip": 44818, "opcua": 4840, "mqtt": 1883,
            "http": 80, "ssl": 443, "rtsp": 554, "dns": 53, "tcp": 8080}
start = 1_796_000_000.0

addresses = []
with open(os.path.join(args.out, "assets.json"), "w") as f:
    f.write('{"assets":[\n')
    for i in range(args.assets):
        zone, host = divmod(i, 200)
        ip = f"10.{zone // 250}.{zone % 250}.{host + 10}"
        mac = "02:%02x:%02x:%02x:%02x:%02x" % (i >> 32 & 255, i >> 24 & 255, i >> 16 & 255, i >> 8 & 255, i & 255)
        addresses.append(ip)
        kind, level, roles, protocols, vendor, model = kinds[rng.randrange(len(kinds))]
        identity = {f: None for f in ["vendor", "product", "model", "firmware", "serial", "software", "name"]}
        if vendor:
            identity["vendor"] = {"value": vendor, "evidence": "bench"}
            identity["model"] = {"value": model, "evidence": "bench"}
            identity["firmware"] = {"value": f"{rng.randrange(1, 5)}.{rng.randrange(10)}.{rng.randrange(10)}", "evidence": "bench"}
        asset = {
            "key": mac, "mac": mac, "oui_vendor": None, "ips": [ip],
            "hostnames": [{"name": f"{kind.replace('_', '-')}-{i}.city.example", "evidence": "dns answer"}],
            "roles": roles, "protocols": protocols, "identity": identity,
            "type": {"value": kind, "level": level, "evidence": "bench"},
            "first_seen": start + rng.random() * 86400, "last_seen": start + 30 * 86400 * rng.random(), "peers": [],
        }
        if rng.random() < 0.05:
            asset["vulnerabilities"] = [{"cve": f"CVE-2024-{rng.randrange(10000, 99999)}", "advisory": "ICSA-24-001-01",
                                         "confidence": "likely", "kev": False, "cvss_score": 7.5, "fixed_version": None}
                                        for _ in range(rng.randrange(1, 6))]
        f.write(("," if i else "") + json.dumps(asset) + "\n")
    f.write("]}\n")

levels = ["low"] * 50 + ["medium"] * 30 + ["high"] * 15 + ["critical"] * 4 + ["informational"]
with open(os.path.join(args.out, "notice.log"), "w") as f:
    for i in range(args.alerts):
        rule = rng.randrange(50)
        src, dst = rng.choice(addresses), rng.choice(addresses)
        row = {
            "ts": start + 30 * 86400 * i / args.alerts, "uid": f"C{i:x}", "id.orig_h": src, "id.orig_p": 40000 + i % 20000,
            "id.resp_h": dst, "id.resp_p": 502, "proto": "tcp", "note": "Sigma::Rule_Match", "msg": f"Bench rule {rule}",
            "src": src, "dst": dst, "p": 502, "n": 1, "actions": ["Notice::ACTION_LOG"], "suppress_for": 3600.0,
            "rule_id": f"00000000-0000-4000-8000-{rule:012d}", "level": levels[rule * 2 % len(levels)],
            "attack_techniques": ["T0836"], "log": "modbus", "evidence": ["func=WRITE_SINGLE_REGISTER"],
        }
        f.write(json.dumps(row, separators=(",", ":")) + "\n")

with open(os.path.join(args.out, "conn.log"), "w") as f:
    for i in range(args.conns):
        a = rng.randrange(len(addresses))
        b = (a + rng.randrange(1, 400)) % len(addresses)  # mostly within or near a zone
        service = rng.choice(list(services))
        row = {
            "ts": start + 30 * 86400 * i / args.conns, "uid": f"D{i:x}", "id.orig_h": addresses[a], "id.orig_p": 40000 + i % 20000,
            "id.resp_h": addresses[b], "id.resp_p": services[service], "proto": "udp" if service in ("dns", "bacnet") else "tcp",
            "service": service if service != "tcp" else None, "duration": 1.5, "orig_pkts": 6, "resp_pkts": 5,
            "orig_ip_bytes": 400 + i % 1000, "resp_ip_bytes": 300 + i % 700, "conn_state": "SF",
        }
        f.write(json.dumps({k: v for k, v in row.items() if v is not None}, separators=(",", ":")) + "\n")
print(f"wrote {args.assets} devices, {args.alerts} alerts and {args.conns} connections to {args.out}")
