"""Interop cells with the second, independent OSDP control panel: PyPI `osdp` 1.6 (pure
Python) against Vigil's PD, over TCP and over a pty pair, with the Secure Channel off and on,
plus install mode, enforce-secure and a wrong master key. Run with its own environment:

    python scripts/osdp/osdp16_cells.py --vigil .build/debug/vigil

How this CP keys the Secure Channel: it holds a master key and derives each PD's SCBK as
AES-128-ECB(master, cUID || ~cUID), cUID being the 8 bytes the PD sends in CCRYPT (vendor
code, model, serial number: the same bytes as in its PDID reply). It always asks for SCBK-D
in CHLNG and follows the key the PD says it used. A PD in install mode gets the derived SCBK
with KEYSET. Each cell checks the identity the CP read, a LED command at the PD (colour,
timing, secured or not), a card read at the CP, and the trace of the link as the monitor
reads it. Prints one line per cell; exits 1 if any fails.
"""
import argparse
import hashlib
import logging
import os
import queue
import select
import tempfile
import threading
import time
import tty

import osdp

from cell_runner import run_cells
from monitor_run import alert_types, monitor
from mitm import Proxy
from vigil_process import ADDRESS, CARD, VigilProcess

MASTER = bytes.fromhex("000102030405060708090a0b0c0d0e0f")
OTHER_MASTER = bytes.fromhex("0f0e0d0c0b0a09080706050403020100")

# Vigil's PD identity (OSDPPeripheralConfiguration): vendor "VGL" 0x56474C, model 1, serial
# 0x00010203. Its cUID is those bytes as PDID carries them.
VIGIL_VENDOR = bytes.fromhex("4c4756")
VIGIL_SERIAL = 0x00010203
VIGIL_CUID = VIGIL_VENDOR + bytes([1]) + VIGIL_SERIAL.to_bytes(4, "little")


class RecordingControlPanel(osdp.ControlPanel):
    """The `osdp` 1.6 CP with card reads collected in a queue."""

    def __init__(self, master_key=None):
        super().__init__(master_key)
        self.cards = queue.Queue()

    def on_raw_card_data_reply_received(self, address, raw_card_data):
        self.cards.put((address, raw_card_data))


def pty_link():
    """Two pty pairs joined back to back by a relay thread, so both ends open a real tty path:
    `osdp` 1.6 opens one with pyserial, Vigil the other with --tty."""
    pairs = [os.openpty(), os.openpty()]
    for master, slave in pairs:
        tty.setraw(master)
        tty.setraw(slave)
    masters = [pairs[0][0], pairs[1][0]]
    stop = threading.Event()

    def relay():
        while not stop.is_set():
            ready, _, _ = select.select(masters, [], [], 0.05)
            for fd in ready:
                try:
                    data = os.read(fd, 4096)
                except OSError:  # the far end closed its slave
                    continue
                os.write(masters[1] if fd == masters[0] else masters[0], data)

    thread = threading.Thread(target=relay, daemon=True)
    thread.start()

    def close():
        stop.set()
        thread.join(1)
        for master, slave in pairs:
            os.close(master)
            os.close(slave)

    return os.ttyname(pairs[0][1]), os.ttyname(pairs[1][1]), close


def led_controls(color):
    """One permanent LED setting: `color` 500 ms on, 500 ms off (units of 100 ms)."""
    return osdp.ReaderLedControls([osdp.ReaderLedControl(
        0, 0, osdp.TemporaryReaderControlCode.Nop, 0, 0, osdp.LedColor.Black, osdp.LedColor.Black, 0,
        osdp.PermanentReaderControlCode.SetPermanentState, 5, 5, color, osdp.LedColor.Black)])


class Cell:
    """osdp 1.6 CP -> Vigil PD over TCP (through a recording proxy, so the monitor can read the
    link) or over a pty pair."""

    def __init__(self, vigil, transport, ports, pd_args, master, secure):
        self.transport, self.trace, self.close_link, self.proxy = transport, None, None, None
        if transport == "tcp":
            cp_port, pd_port = ports
            self.pd = VigilProcess([vigil, "osdp", "pd", "--listen", f"127.0.0.1:{pd_port}", "--address", str(ADDRESS), *pd_args])
            self.trace = tempfile.mktemp(suffix=".osdpcap")
            self.proxy = Proxy(cp_port, pd_port, self.trace)
            connection = osdp.TcpClientOsdpConnection("127.0.0.1", cp_port)
        else:
            cp_path, pd_path, self.close_link = pty_link()
            self.pd = VigilProcess([vigil, "osdp", "pd", "--tty", pd_path, "--baud", "9600", "--address", str(ADDRESS), *pd_args])
            connection = osdp.SerialPortOsdpConnection(cp_path, 9600)
        time.sleep(0.3)
        self.cp = RecordingControlPanel(master)
        self.bus = self.cp.start_connection(connection)
        self.cp.add_device(self.bus, ADDRESS, use_crc=True, use_secure_channel=secure)

    @property
    def device(self):
        return self.cp._buses[self.bus]._configured_devices[ADDRESS]  # the library exposes no getter

    def wait_secure(self, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.device.is_security_established:
                return True
            time.sleep(0.05)
        return False

    def finish(self):
        self.cp.shutdown()
        if self.proxy:
            self.proxy.stop()
        self.pd.stop()
        if self.close_link:
            self.close_link()


def exchange(cell, secure, notes):
    """ID, a LED command and a card read across the link; returns a failure text or None."""
    ident = cell.cp.id_report(cell.bus, ADDRESS)
    if bytes(ident.vendor_code) != VIGIL_VENDOR or ident.serial_number != VIGIL_SERIAL:
        return f"PDID read by osdp: vendor {bytes(ident.vendor_code).hex()} serial {ident.serial_number:#x}"
    notes.append("PDID ok")
    if not cell.cp.reader_led_control(cell.bus, ADDRESS, led_controls(osdp.LedColor.Red)):
        return "LED not acknowledged"
    led = cell.pd.wait_for(lambda e: e.get("event") == "command" and e.get("command") == "led", 5)
    if not led or led.get("color") != "red" or led.get("on_ms") != 500 or led.get("secure") != secure:
        return f"LED at Vigil PD: {led}"
    notes.append("LED ok")
    cell.pd.send({"card": CARD.hex(), "bits": 26})
    try:
        address, card = cell.cp.cards.get(timeout=5)
    except queue.Empty:
        return "no card read at the osdp CP"
    if address != ADDRESS or bytes(card.data) != CARD or card.bit_count != 26:
        return f"card at osdp CP: {card}"
    notes.append("card ok")
    return None


def monitor_check(vigil, cell, scbk, expect, notes):
    """The monitor on the proxy's trace: no alert but the expected ones, and every MAC verified
    when the site key is given."""
    if not cell.trace:
        return None
    events, summary = monitor(vigil, cell.trace, [scbk] if scbk else [])
    os.unlink(cell.trace)
    found = alert_types(events)
    if found != sorted(expect):
        return f"monitor alerts {found}, expected {sorted(expect)}"
    if scbk and (summary.get("verified", 0) == 0 or summary.get("mac_errors", 0) != 0):
        return f"monitor with the site key: {summary.get('verified')} MACs verified, {summary.get('mac_errors')} bad"
    notes.append(f"monitor: {', '.join(found) or 'no alerts'}" + (f", {summary.get('verified')} MACs verified" if scbk else ""))
    return None


def interop_cell(vigil, transport, ports, secure):
    scbk = osdp.calculate_scbk(MASTER, VIGIL_CUID) if secure else None
    cell = Cell(vigil, transport, ports, ["--scbk", scbk.hex()] if scbk else [], MASTER if secure else None, secure)
    notes = []
    try:
        if secure and not cell.wait_secure(8):
            return False, "osdp CP: no secure channel"
        if secure and not cell.pd.wait_for(lambda e: e.get("event") == "sc_up" and e.get("key") == "scbk", 3):
            return False, "Vigil PD printed no sc_up with its SCBK"
        failure = exchange(cell, secure, notes)
        if failure:
            return False, failure
    finally:
        cell.finish()
    # The osdp CP's clear-text link is what no_secure_channel is for; the secure one raises nothing.
    failure = monitor_check(vigil, cell, scbk, [] if secure else ["osdp.no_secure_channel"], notes)
    return failure is None, failure or ", ".join(notes)


def install_mode_cell(vigil, ports):
    """Vigil PD --install-mode: the osdp CP opens an SCBK-D session, installs the SCBK derived
    from its master key with KEYSET, and restarts the session under it."""
    scbk = osdp.calculate_scbk(MASTER, VIGIL_CUID)
    cell = Cell(vigil, "tcp", ports, ["--install-mode"], MASTER, True)
    notes = []
    try:
        if not cell.pd.wait_for(lambda e: e.get("event") == "key_installed", 8):
            return False, "Vigil PD: no key_installed"
        if not cell.pd.wait_for(lambda e: e.get("event") == "sc_up" and e.get("key") == "scbk", 8):
            return False, "no session under the installed SCBK"
        ups = [e.get("key") for e in cell.pd.seen if e.get("event") == "sc_up"]
        notes.append("sc_up " + " then ".join(ups))
        if not cell.wait_secure(3):
            return False, "osdp CP: no secure channel after KEYSET"
        failure = exchange(cell, True, notes)
        if failure:
            return False, failure
    finally:
        cell.finish()
    events, _ = monitor(vigil, cell.trace)
    os.unlink(cell.trace)
    found = alert_types(events)
    install = next((e for e in events if e.get("type") == "osdp.install_mode"), {})
    keyset = next((e for e in events if e.get("type") == "osdp.keyset_observed"), {})
    fingerprint = hashlib.sha256(scbk).hexdigest()[:8]
    if found != ["osdp.install_mode", "osdp.keyset_observed"] or install.get("cp_requested_scbk_d") is not True:
        return False, f"monitor alerts {found}: {install}"
    if keyset.get("key_fingerprint") != fingerprint or keyset.get("severity") != "critical":
        return False, f"monitor KEYSET: {keyset}, expected fingerprint {fingerprint}"
    notes.append(f"monitor: install_mode, keyset_observed critical, key {fingerprint} recovered")
    return True, ", ".join(notes)


def enforce_secure_cell(vigil, ports):
    """osdp CP without a key against Vigil PD --enforce-secure: ID is answered, LED is refused
    with NAK 6 and never performed."""
    scbk = osdp.calculate_scbk(MASTER, VIGIL_CUID)
    cell = Cell(vigil, "tcp", ports, ["--scbk", scbk.hex(), "--enforce-secure"], None, False)
    try:
        ident = cell.cp.id_report(cell.bus, ADDRESS)
        acked = cell.cp.reader_led_control(cell.bus, ADDRESS, led_controls(osdp.LedColor.Red))
        nak = cell.pd.wait_for(lambda e: e.get("event") == "nak_sent" and e.get("command") == "led", 3)
        led = cell.pd.wait_for(lambda e: e.get("event") == "command" and e.get("command") == "led", 1)
    finally:
        cell.finish()
    ok = bytes(ident.vendor_code) == VIGIL_VENDOR and not acked and nak is not None and nak.get("reason") == 6 and led is None
    return ok, f"ID answered, LED refused with NAK {nak and nak.get('reason')}, performed: {led is not None}"


def wrong_key_cell(vigil):
    """osdp CP whose master key derives another SCBK, over a pty (its TCP connection cannot
    reconnect after the error): no session comes up and the LED is never performed."""
    scbk = osdp.calculate_scbk(MASTER, VIGIL_CUID)
    cell = Cell(vigil, "pty", None, ["--scbk", scbk.hex(), "--enforce-secure"], OTHER_MASTER, True)
    try:
        secure = cell.wait_secure(4)
        try:
            cell.cp.reader_led_control(cell.bus, ADDRESS, led_controls(osdp.LedColor.Red))
        except TimeoutError:
            pass
        events = cell.pd.drain(1)
    finally:
        cell.finish()
    ups = [e for e in events if e.get("event") == "sc_up"]
    leds = [e for e in events if e.get("event") == "command" and e.get("command") == "led"]
    ok = not secure and not ups and not leds
    return ok, f"session up: {secure or bool(ups)}, LED performed: {bool(leds)}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vigil", required=True)
    parser.add_argument("--port", type=int, default=47600)
    parser.add_argument("--only", help="run only cells whose name contains this text")
    args = parser.parse_args()
    vigil = os.path.abspath(args.vigil)
    logging.getLogger("osdp").setLevel(logging.CRITICAL)  # it logs every timeout as a traceback
    ports = iter(range(args.port, args.port + 1000, 2))

    def two():
        first = next(ports)
        return first, first + 1

    cells = []
    for transport in ("tcp", "pty"):
        for secure in (False, True):
            name = f"osdp 1.6 CP x Vigil PD, {transport}, SC {'on' if secure else 'off'}"
            cells.append((name, lambda t=transport, s=secure: interop_cell(vigil, t, two() if t == "tcp" else None, s)))
    cells += [
        ("osdp 1.6 CP x Vigil PD --install-mode, tcp", lambda: install_mode_cell(vigil, two())),
        ("osdp 1.6 CP, no key x Vigil PD --enforce-secure", lambda: enforce_secure_cell(vigil, two())),
        ("osdp 1.6 CP, wrong master key x Vigil PD, pty", lambda: wrong_key_cell(vigil)),
    ]
    run_cells(cells, args.only, "osdp 1.6 cells")


if __name__ == "__main__":
    main()
