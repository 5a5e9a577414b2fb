"""OSDP interoperability matrix: Vigil's CP and PD against libosdp 3.2.9 (PyPI `libosdp`),
over TCP and over a pty pair, with the Secure Channel off and on, plus wrong-key, install-mode
and enforce-secure cases. Run with libosdp's virtual environment:

    python scripts/osdp/interop.py --vigil .build/debug/vigil

Each cell checks behaviour end to end: the link comes up (secure or not, as expected), a LED
command from the CP reaches the PD with its colour and timing, and a card read presented at
the PD reaches the CP with its bits and data. Prints the matrix; exits 1 if any cell fails.
"""
import argparse
import os
import socket
import threading
import time

import osdp

from cell_runner import run_cells
from libosdp_channels import FdChannel, tcp_accept, tcp_connect
import attack_cells
from peers import ADDRESS, CARD, VigilProcess, libosdp_cp, libosdp_pd

KEY = bytes.fromhex("00112233445566778899aabbccddeeff")
OTHER_KEY = bytes.fromhex("ffeeddccbbaa99887766554433221100")


def pty_pair():
    """A pty pair: libosdp gets the master fd, Vigil opens the slave path with --tty."""
    import tty
    master, slave = os.openpty()
    tty.setraw(master)
    tty.setraw(slave)
    os.set_blocking(master, False)
    path = os.ttyname(slave)
    channel = FdChannel(lambda n: os.read(master, n), lambda b: os.write(master, b), master)
    return channel, path, (master, slave)


def vigil_cp_cell(vigil, transport, port, pd_key, cp_key, expect_secure, pd_flags=(), cp_extra=(), expect_online=True):
    """Vigil CP against libosdp's PD."""
    notes = []
    if transport == "tcp":
        holder = {}
        t = threading.Thread(target=lambda: holder.update(ch=tcp_accept("127.0.0.1", port)[0]))
        t.start()
        time.sleep(0.1)
        link = ["--connect", f"127.0.0.1:{port}"]
        cp = VigilProcess([vigil, "osdp", "cp", *link, "--address", str(ADDRESS), *cp_extra] + (["--scbk", cp_key.hex()] if cp_key else []))
        t.join(10)
        channel = holder["ch"]
        fds = ()
    else:
        channel, path, fds = pty_pair()
        cp = VigilProcess([vigil, "osdp", "cp", "--tty", path, "--baud", "115200", "--address", str(ADDRESS), *cp_extra] + (["--scbk", cp_key.hex()] if cp_key else []))
    pd = libosdp_pd(channel, pd_key, pd_flags)
    try:
        online = cp.wait_for(lambda e: e.get("event") == "pd_online", 8)
        if not expect_online:
            offline = cp.wait_for(lambda e: e.get("event") == "pd_offline", 4)
            ok = online is None and offline is not None
            return ok, "held offline: " + (offline or {}).get("reason", "no pd_offline event")
        if online is None:
            return False, "no pd_online"
        if online.get("secure") != expect_secure:
            # The session may come up after pd_online when a key had to be installed first.
            up = cp.wait_for(lambda e: e.get("event") == "sc_up" and e.get("key") == "scbk", 5) if expect_secure else None
            if not up:
                return False, f"pd_online secure={online.get('secure')}, expected {expect_secure}"
        if expect_secure and not pd.is_sc_active():
            time.sleep(0.5)
            if not pd.is_sc_active():
                return False, "libosdp PD reports no secure channel"
        cp.send({"command": "led", "reader": 0, "led": 0, "color": "red", "on_ms": 500, "off_ms": 500})
        cmd = pd.get_command(timeout=5)
        if cmd and cmd.get("command") == osdp.Command.Keyset:
            # Install mode: the CP first hands the PD its new SCBK (under SCBK-D).
            if bytes(cmd.get("data", b"")) != cp_key:
                return False, f"KEYSET carried the wrong key: {cmd}"
            notes.append("KEYSET installed the SCBK")
            cmd = pd.get_command(timeout=5)
        if not cmd or cmd.get("command") != osdp.Command.LED or cmd.get("on_color") != osdp.CommandLEDColor.Red or cmd.get("on_count") != 5:
            return False, f"LED at libosdp PD: {cmd}"
        notes.append("LED ok")
        pd.submit_event({"event": osdp.Event.CardRead, "reader_no": 0, "format": osdp.CardFormat.Wiegand, "direction": 0,
                         "data": CARD, "length": 26})
        card = cp.wait_for(lambda e: e.get("event") == "card_read", 5)
        if not card or card.get("data") != CARD.hex() or card.get("bits") != 26:
            return False, f"card at Vigil CP: {card}"
        notes.append("card ok")
        return True, ", ".join(notes)
    finally:
        pd.teardown()
        err = cp.stop()
        for fd in fds:
            os.close(fd)


def vigil_pd_cell(vigil, transport, port, pd_key, cp_key, expect_secure, pd_extra=(), cp_flags=()):
    """libosdp's CP against Vigil's PD."""
    if transport == "tcp":
        pd = VigilProcess([vigil, "osdp", "pd", "--listen", f"127.0.0.1:{port}", "--address", str(ADDRESS), *pd_extra] + (["--scbk", pd_key.hex()] if pd_key else []))
        channel, _ = tcp_connect("127.0.0.1", port)
        fds = ()
    else:
        channel, path, fds = pty_pair()
        pd = VigilProcess([vigil, "osdp", "pd", "--tty", path, "--baud", "115200", "--address", str(ADDRESS), *pd_extra] + (["--scbk", pd_key.hex()] if pd_key else []))
    cp = libosdp_cp(channel, cp_key, cp_flags)
    try:
        if not cp.online_wait(ADDRESS, timeout=8):
            return False, "libosdp CP never saw the PD online"
        if expect_secure:
            if not cp.sc_wait(ADDRESS, timeout=8):
                return False, "libosdp CP: secure channel not active"
            if not pd.wait_for(lambda e: e.get("event") == "sc_up", 3):
                return False, "Vigil PD printed no sc_up"
        elif cp.is_sc_active(ADDRESS):
            return False, "secure channel active where none was expected"
        cp.submit_command(ADDRESS, {"command": osdp.Command.LED, "reader": 0, "led_number": 0, "control_code": 1,
                                    "on_count": 5, "off_count": 5, "on_color": osdp.CommandLEDColor.Green,
                                    "off_color": osdp.CommandLEDColor.Black, "timer_count": 0, "temporary": False})
        led = pd.wait_for(lambda e: e.get("command") == "led", 5)
        if not led or led.get("color") != "green" or led.get("on_ms") != 500 or led.get("secure") != expect_secure:
            return False, f"LED at Vigil PD: {led}"
        pd.send({"card": CARD.hex(), "bits": 26})
        deadline = time.time() + 5
        while time.time() < deadline:
            ev = cp.get_event(ADDRESS, timeout=1)
            if ev and ev.get("event") == osdp.Event.CardRead:
                if bytes(ev.get("data")) == CARD and ev.get("length") == 26:
                    return True, "LED ok, card ok"
                return False, f"card at libosdp CP: {ev}"
        return False, "no card read at libosdp CP"
    finally:
        cp.teardown()
        pd.stop()
        for fd in fds:
            os.close(fd)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vigil", required=True)
    parser.add_argument("--port", type=int, default=47200)
    parser.add_argument("--skip-attacks", action="store_true", help="only the interop cells, not the MITM and monitor cells")
    parser.add_argument("--only", help="run only cells whose name contains this text")
    args = parser.parse_args()
    vigil = os.path.abspath(args.vigil)
    port = args.port
    cells = []
    for transport in ("tcp", "pty"):
        for secure in (False, True):
            key = KEY if secure else None
            sc = "SC on" if secure else "SC off"
            cells.append((f"Vigil CP x libosdp PD, {transport}, {sc}", lambda t=transport, k=key, s=secure: vigil_cp_cell(vigil, t, next_port(), k, k, s)))
            cells.append((f"libosdp CP x Vigil PD, {transport}, {sc}", lambda t=transport, k=key, s=secure: vigil_pd_cell(vigil, t, next_port(), k, k, s)))
    cells += [
        ("Vigil CP x libosdp PD, tcp, wrong key -> clear", lambda: vigil_cp_cell(vigil, "tcp", next_port(), KEY, OTHER_KEY, False)),
        ("Vigil CP --enforce-secure x libosdp PD, wrong key", lambda: vigil_cp_cell(vigil, "tcp", next_port(), KEY, OTHER_KEY, False, cp_extra=("--enforce-secure",), expect_online=False)),
        ("Vigil CP --enforce-secure x libosdp PD, no SC", lambda: vigil_cp_cell(vigil, "tcp", next_port(), None, KEY, False, cp_extra=("--enforce-secure",), expect_online=False)),
        ("Vigil CP --enforce-secure x libosdp PD, right key", lambda: vigil_cp_cell(vigil, "tcp", next_port(), KEY, KEY, True, cp_extra=("--enforce-secure",))),
        ("Vigil CP --install-mode x libosdp PD InstallMode", lambda: vigil_cp_cell(vigil, "tcp", next_port(), None, KEY, True, pd_flags=(osdp.LibFlag.InstallMode,), cp_extra=("--install-mode",))),
        ("libosdp CP x Vigil PD --install-mode", lambda: vigil_pd_cell(vigil, "tcp", next_port(), None, KEY, True, pd_extra=("--install-mode",))),
        ("libosdp CP EnforceSecure x Vigil PD, right key", lambda: vigil_pd_cell(vigil, "tcp", next_port(), KEY, KEY, True, cp_flags=(osdp.LibFlag.EnforceSecure,))),
    ]
    counter = iter(range(port, port + 1000))
    global next_port
    next_port = lambda: free_port(counter)
    if not args.skip_attacks:
        cells += attack_cells.cells(vigil, next_port, KEY)
    run_cells(cells, args.only, "cells")


next_port = None


def free_port(candidates):
    """The next candidate port nothing on this host holds. The range lies among the kernel's
    ephemeral ports, so another process's connection or listener can own one of them, and a
    peer that cannot bind its port never comes up (seen once in CI as a refused connection)."""
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise RuntimeError("no free port left in the cells' range")

if __name__ == "__main__":
    main()
