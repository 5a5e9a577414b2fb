"""Attack cells for the OSDP matrix: a man in the middle (mitm.Proxy) between a CP and a PD,
one side or both being libosdp 3.2.9, and `vigil osdp monitor` reading the trace the proxy
recorded. Each cell checks what the endpoints did under attack and what the monitor raised.
Every function returns (ok, detail) like the interop cells."""
import hashlib
import json
import os
import subprocess
import tempfile
import threading
import time

import osdp

from libosdp_channels import tcp_accept, tcp_connect
from mitm import Proxy, ReplayAttack, downgrade_attack
from monitor_run import alert_types, monitor
from peers import ADDRESS, CARD, VigilProcess, libosdp_cp, libosdp_pd

def vigil_cp_through_proxy(vigil, ports, attack, key, cp_args=()):
    """libosdp PD <- proxy <- Vigil CP. Returns (cp, pd, proxy, trace path)."""
    cp_port, pd_port = ports
    holder = {}
    accept = threading.Thread(target=lambda: holder.update(ch=tcp_accept("127.0.0.1", pd_port)[0]))
    accept.start()
    time.sleep(0.1)
    trace = tempfile.mktemp(suffix=".osdpcap")
    proxy = Proxy(cp_port, pd_port, trace, attack)
    cp = VigilProcess([vigil, "osdp", "cp", "--connect", f"127.0.0.1:{cp_port}", "--address", str(ADDRESS),
                       "--scbk", key.hex(), *cp_args])
    accept.join(10)
    pd = libosdp_pd(holder["ch"], key)
    return cp, pd, proxy, trace


def downgrade_cell(vigil, ports, key, enforce):
    """PDCAP rewritten to compliance 0 on its way to Vigil's CP."""
    cp, pd, proxy, trace = vigil_cp_through_proxy(vigil, ports, downgrade_attack, key, ["--enforce-secure"] if enforce else [])
    try:
        if enforce:
            offline = cp.wait_for(lambda e: e.get("event") == "pd_offline", 6)
            online = cp.wait_for(lambda e: e.get("event") == "pd_online", 1)
            if online or not offline or "PDCAP" not in offline.get("reason", ""):
                return False, f"CP under downgrade: online={online} offline={offline}"
            outcome = "CP held the PD offline (" + offline["reason"] + ")"
        else:
            online = cp.wait_for(lambda e: e.get("event") == "pd_online", 6)
            if not online or online.get("secure") is not False:
                return False, f"expected the downgrade to succeed against a non-enforcing CP: {online}"
            time.sleep(0.5)
            outcome = "attack succeeded: CP polls in the clear"
    finally:
        pd.teardown()
        cp.stop()
        proxy.stop()
    events, summary = monitor(vigil, trace)
    os.unlink(trace)
    found = alert_types(events)
    expected = {"osdp.downgrade"} | (set() if enforce else {"osdp.no_secure_channel"})
    if not expected <= set(found):
        return False, f"monitor raised {found}, expected {sorted(expected)}"
    return True, f"{', '.join(proxy.notes[:1])}; {outcome}; monitor: {', '.join(found)} ({summary.get('packets')} packets)"


def replay_vigil_cp_cell(vigil, ports, key):
    """Vigil CP -> proxy replaying a secured LED command -> libosdp PD."""
    cp, pd, proxy, trace = vigil_cp_through_proxy(vigil, ports, ReplayAttack(), key)
    try:
        online = cp.wait_for(lambda e: e.get("event") == "pd_online", 8)
        if not online or not online.get("secure"):
            return False, f"no secure link: {online}"
        cp.send({"command": "led", "reader": 0, "led": 0, "color": "red", "on_ms": 500, "off_ms": 500})
        leds = 0
        deadline = time.time() + 3
        while time.time() < deadline:
            cmd = pd.get_command(timeout=0.5)
            if cmd and cmd.get("command") == osdp.Command.LED:
                leds += 1
        if "LED replayed" not in proxy.notes:
            return False, "the proxy never replayed the LED command"
        if leds != 1:
            return False, f"libosdp PD performed the LED {leds} times"
        recovered = cp.wait_for(lambda e: e.get("event") == "sc_up", 0.1)
    finally:
        pd.teardown()
        cp.stop()
        proxy.stop()
    events, summary = monitor(vigil, trace, keys=[key])
    os.unlink(trace)
    replays = [e for e in events if e.get("type") == "osdp.replay"]
    if len(replays) != 1 or replays[0].get("code") != "led":
        return False, f"monitor replay alerts: {replays}"
    return True, (f"libosdp PD performed the LED once; monitor: osdp.replay of packet {replays[0]['replay_of']}; "
                  f"{summary.get('verified')}/{summary.get('secured')} MACs verified with the site key")


def replay_libosdp_cp_cell(vigil, ports, key):
    """libosdp CP -> proxy replaying a secured LED command -> Vigil PD."""
    cp_port, pd_port = ports
    pd = VigilProcess([vigil, "osdp", "pd", "--listen", f"127.0.0.1:{pd_port}", "--address", str(ADDRESS), "--scbk", key.hex()])
    time.sleep(0.3)
    trace = tempfile.mktemp(suffix=".osdpcap")
    proxy = Proxy(cp_port, pd_port, trace, ReplayAttack())
    channel, _ = tcp_connect("127.0.0.1", cp_port)
    cp = libosdp_cp(channel, key)
    try:
        if not cp.sc_wait(ADDRESS, timeout=8):
            return False, "libosdp CP: no secure channel"
        cp.submit_command(ADDRESS, {"command": osdp.Command.LED, "reader": 0, "led_number": 0, "control_code": 1,
                                    "on_count": 5, "off_count": 5, "on_color": osdp.CommandLEDColor.Green,
                                    "off_color": osdp.CommandLEDColor.Black, "timer_count": 0, "temporary": False})
        time.sleep(3)
        pd.wait_for(lambda e: False, 0.2)  # collect every event printed so far into pd.seen
        leds = [e for e in pd.seen if e.get("command") == "led"]
        if "LED replayed" not in proxy.notes:
            return False, "the proxy never replayed the LED command"
        if len(leds) != 1:
            return False, f"Vigil PD performed the LED {len(leds)} times"
        refused = [e for e in pd.seen if e.get("event") in ("sc_down", "nak_sent")]
    finally:
        cp.teardown()
        pd.stop()
        proxy.stop()
    events, _ = monitor(vigil, trace)
    os.unlink(trace)
    replays = [e for e in events if e.get("type") == "osdp.replay"]
    if len(replays) != 1 or replays[0].get("code") != "led":
        return False, f"monitor replay alerts: {replays}"
    why = refused[0].get("reason", refused[0].get("event")) if refused else "answered from its cache"
    return True, f"Vigil PD performed the LED once ({why}); monitor: osdp.replay of packet {replays[0]['replay_of']}"


def libosdp_pair_through_proxy(ports, cp_key, pd_key, pd_flags=()):
    """libosdp CP -> proxy -> libosdp PD (no attack); returns (cp, pd, proxy, trace)."""
    cp_port, pd_port = ports
    holder = {}
    accept = threading.Thread(target=lambda: holder.update(ch=tcp_accept("127.0.0.1", pd_port)[0]))
    accept.start()
    time.sleep(0.1)
    trace = tempfile.mktemp(suffix=".osdpcap")
    proxy = Proxy(cp_port, pd_port, trace)
    channel, _ = tcp_connect("127.0.0.1", cp_port)
    accept.join(10)
    pd = libosdp_pd(holder["ch"], pd_key, pd_flags)
    cp = libosdp_cp(channel, cp_key)
    return cp, pd, proxy, trace


def monitor_follows_libosdp_cell(vigil, ports, key):
    """The monitor, given the site key, verifies every MAC libosdp's CP and PD compute and
    decrypts their LED command and card read."""
    cp, pd, proxy, trace = libosdp_pair_through_proxy(ports, key, key)
    try:
        if not cp.sc_wait(ADDRESS, timeout=8):
            return False, "libosdp pair: no secure channel"
        cp.submit_command(ADDRESS, {"command": osdp.Command.LED, "reader": 0, "led_number": 0, "control_code": 1,
                                    "on_count": 5, "off_count": 5, "on_color": osdp.CommandLEDColor.Blue,
                                    "off_color": osdp.CommandLEDColor.Black, "timer_count": 0, "temporary": False})
        pd.get_command(timeout=3)
        pd.submit_event({"event": osdp.Event.CardRead, "reader_no": 0, "format": osdp.CardFormat.Wiegand, "direction": 0,
                         "data": CARD, "length": 26})
        cp.get_event(ADDRESS, timeout=3)
        time.sleep(0.5)
    finally:
        cp.teardown()
        pd.teardown()
        proxy.stop()
    events, s = monitor(vigil, trace, keys=[key])
    os.unlink(trace)
    packets = [e for e in events if e.get("event") == "packet"]
    led = any(p.get("code") == "led" and p.get("color") == "blue" and p.get("mac") == "ok" for p in packets)
    card = any(p.get("code") == "raw" and p.get("data") == CARD.hex() and p.get("mac") == "ok" for p in packets)
    ok = (s.get("secured", 0) > 4 and s.get("verified") == s["secured"] - s.get("retransmissions", 0)
          and s.get("mac_errors") == 0 and led and card and not alert_types(events))
    return ok, (f"{s.get('verified')}/{s.get('secured')} libosdp MACs verified, LED {'decrypted' if led else 'MISSING'}, "
                f"card {'decrypted' if card else 'MISSING'}, alerts {alert_types(events)}")


def install_mode_keyset_cell(vigil, ports, key):
    """libosdp CP provisions a libosdp PD in install mode (its SCBK fails, it falls back to
    SCBK-D and sends its SCBK with KEYSET on its own): the monitor raises install_mode and
    recovers the key from libosdp's encrypted KEYSET."""
    cp, pd, proxy, trace = libosdp_pair_through_proxy(ports, key, None, pd_flags=(osdp.LibFlag.InstallMode,))
    try:
        if not cp.sc_wait(ADDRESS, timeout=10):
            return False, "libosdp pair: no install-mode secure channel"
        cmd = pd.get_command(timeout=3)
        if not cmd or cmd.get("command") != osdp.Command.Keyset or bytes(cmd.get("data", b"")) != key:
            return False, f"libosdp PD did not receive the KEYSET: {cmd}"
        time.sleep(1.0)
    finally:
        cp.teardown()
        pd.teardown()
        proxy.stop()
    events, _ = monitor(vigil, trace)
    os.unlink(trace)
    found = alert_types(events)
    keyset = next((e for e in events if e.get("type") == "osdp.keyset_observed"), {})
    fingerprint = hashlib.sha256(key).hexdigest()[:8]
    ok = ("osdp.install_mode" in found and keyset.get("key_recovered") is True
          and keyset.get("key_fingerprint") == fingerprint and keyset.get("severity") == "critical"
          and not any(key.hex() in json.dumps(e) for e in events))
    return ok, f"monitor: {', '.join(found)}; KEYSET key recovered, fingerprint {keyset.get('key_fingerprint')} (expected {fingerprint})"


def tty_monitor_cell(vigil, key):
    """`vigil osdp monitor --tty` on a pty: a trace recorded through the proxy is written into
    the pty's other end, as an RS-485 tap would deliver it; the alerts match the file run."""
    import tty as ttymod
    cp, pd, proxy, trace = libosdp_pair_through_proxy((next_port(), next_port()), None, None)
    try:
        cp.online_wait(ADDRESS, timeout=8)
        time.sleep(0.5)
    finally:
        cp.teardown()
        pd.teardown()
        proxy.stop()
    expected, summary = monitor(vigil, trace)
    master, slave = os.openpty()
    ttymod.setraw(master)
    ttymod.setraw(slave)
    path = os.ttyname(slave)
    mon = VigilProcess([vigil, "osdp", "monitor", "--tty", path, "--alerts-only"])
    time.sleep(0.5)
    with open(trace) as f:
        for line in f:
            os.write(master, bytes.fromhex(json.loads(line)["data"].replace(" ", "")))
    got = mon.wait_for(lambda e: e.get("event") == "alert", 5)
    mon.proc.send_signal(2)
    end = mon.wait_for(lambda e: e.get("event") == "summary", 5)
    mon.stop()
    os.close(master)
    os.close(slave)
    os.unlink(trace)
    ok = (got is not None and end is not None and end.get("packets") == summary.get("packets")
          and alert_types(mon.seen) == alert_types(expected))
    return ok, f"tty: {end and end.get('packets')} packets, {alert_types(mon.seen)}; file: {summary.get('packets')} packets"


def analyze_capture_cell(vigil, ports, key):
    """OSDP over TCP in a capture: tcpdump records the CP side of a downgraded link (Vigil CP,
    PDCAP-rewriting proxy, libosdp PD) and `vigil analyze` must write one osdp.log row per
    frame the proxy relayed there, with the same codes as `vigil osdp monitor` on the proxy's
    own trace, and the downgrade in osdp_alert.log."""
    cp_port = ports[0]
    work = tempfile.mkdtemp()
    pcap = os.path.join(work, "osdp.pcap")
    # -Z root: tcpdump otherwise drops to its own user, which cannot write in a private temp dir.
    dump = subprocess.Popen(["tcpdump", "-Z", "root", "-i", "lo", "-U", "-w", pcap, f"tcp port {cp_port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    dump.stderr.readline()  # "listening on lo, …": capture has started
    time.sleep(0.2)
    cp, pd, proxy, trace = vigil_cp_through_proxy(vigil, ports, downgrade_attack, key)
    try:
        online = cp.wait_for(lambda e: e.get("event") == "pd_online", 6)
        pd.submit_event({"event": osdp.Event.CardRead, "reader_no": 0, "format": osdp.CardFormat.Wiegand, "direction": 0,
                         "data": CARD, "length": 26})
        card = cp.wait_for(lambda e: e.get("event") == "card_read", 5)
        time.sleep(0.3)
    finally:
        pd.teardown()
        cp.stop()
        proxy.stop()
        time.sleep(0.5)
        dump.send_signal(2)
        dump.wait(5)
    if not online or not card:
        return False, f"link under attack: online={online} card={card}"
    out = subprocess.run([vigil, "analyze", pcap, "--out", work, "--quiet"], capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        return False, f"vigil analyze exit {out.returncode}: {out.stderr[-300:]}"
    def rows(name):
        path = os.path.join(work, name)
        return [json.loads(l) for l in open(path) if l.strip()] if os.path.exists(path) else []
    osdp_rows, alert_rows = rows("osdp.log"), rows("osdp_alert.log")
    events, _ = monitor(vigil, trace)
    traced = [e["code"] for e in events if e.get("event") == "packet"]
    logged = [r["code"] for r in osdp_rows]
    alerts = sorted({r["alert"] for r in alert_rows})
    card_rows = [r for r in osdp_rows if r["code"] == "raw" and f"data={CARD.hex()}" in r.get("details", [])]
    os.unlink(trace)
    ok = (logged == traced and len(logged) > 10 and card_rows
          and {"osdp.downgrade", "osdp.no_secure_channel"} <= set(alerts))
    return ok, f"osdp.log {len(logged)} rows (trace {len(traced)}, codes {'equal' if logged == traced else 'DIFFER'}), card row {'ok' if card_rows else 'MISSING'}; osdp_alert.log: {', '.join(alerts)}"


next_port = None


def cells(vigil, port_source, key):
    """The attack cells, as (name, thunk) pairs for interop.main."""
    global next_port
    next_port = port_source
    two = lambda: (port_source(), port_source())
    return [
        ("MITM downgrade: Vigil CP x PDCAP rewrite x libosdp PD", lambda: downgrade_cell(vigil, two(), key, False)),
        ("MITM downgrade: Vigil CP --enforce-secure x rewrite", lambda: downgrade_cell(vigil, two(), key, True)),
        ("MITM replay: Vigil CP x LED replay x libosdp PD", lambda: replay_vigil_cp_cell(vigil, two(), key)),
        ("MITM replay: libosdp CP x LED replay x Vigil PD", lambda: replay_libosdp_cp_cell(vigil, two(), key)),
        ("monitor --scbk follows libosdp CP x libosdp PD", lambda: monitor_follows_libosdp_cell(vigil, two(), key)),
        ("monitor: libosdp install mode + KEYSET recovered", lambda: install_mode_keyset_cell(vigil, two(), key)),
        ("monitor --tty on a pty (libosdp clear link)", lambda: tty_monitor_cell(vigil, key)),
        ("vigil analyze: osdp.log from a tcpdump capture", lambda: analyze_capture_cell(vigil, two(), key)),
    ]
