"""Runs `vigil osdp monitor` on a recorded trace for the cell scripts (no OSDP peer imported)."""
import json
import subprocess


def monitor(vigil, trace, keys=()):
    """Runs `vigil osdp monitor --osdpcap` on a trace; returns (events, summary)."""
    args = [vigil, "osdp", "monitor", "--osdpcap", trace]
    for key in keys:
        args += ["--scbk", key.hex()]
    out = subprocess.run(args, capture_output=True, text=True, timeout=60)
    events = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    summary = next((e for e in events if e.get("event") == "summary"), {})
    return events, summary


def alert_types(events):
    return sorted({e["type"] for e in events if e.get("event") == "alert"})
