"""Processes and libosdp endpoints shared by the OSDP interop matrix and the attack cells."""
import json
import queue
import subprocess
import threading
import time

import osdp

ADDRESS = 101
CARD = bytes([0x5A, 0xC3, 0x81, 0x40])


class VigilProcess:
    """`vigil osdp cp|pd …` with its stdout JSON lines collected on a thread."""

    def __init__(self, args):
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.events = queue.Queue()
        self.seen = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.proc.stdout:
            try:
                self.events.put(json.loads(line))
            except ValueError:
                self.events.put({"event": "unparsed", "line": line})

    def send(self, obj):
        self.proc.stdin.write(json.dumps(obj) + "\n")
        self.proc.stdin.flush()

    def wait_for(self, predicate, timeout):
        deadline = time.time() + timeout
        for e in self.seen:
            if predicate(e):
                return e
        while time.time() < deadline:
            try:
                e = self.events.get(timeout=max(0.01, deadline - time.time()))
            except queue.Empty:
                break
            self.seen.append(e)
            if predicate(e):
                return e
        return None

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        return self.proc.stderr.read()


def libosdp_pd(channel, scbk, flags=()):
    ident = osdp.PdId(version=1, model=2, vendor_code=0xA1B2C3, serial_number=0x01020304, firmware_version=0x010203)
    caps = osdp.PDCapabilities([(osdp.Capability.OutputControl, 1, 1), (osdp.Capability.LEDControl, 1, 1),
                                (osdp.Capability.AudibleControl, 1, 1), (osdp.Capability.TextOutput, 1, 1)])
    pd = osdp.PeripheralDevice(osdp.PDInfo(ADDRESS, channel, scbk=scbk, id=ident, flags=list(flags)), caps,
                               log_level=osdp.LogLevel.Emergency)
    pd.start()
    return pd


def libosdp_cp(channel, scbk, flags=()):
    cp = osdp.ControlPanel([osdp.PDInfo(ADDRESS, channel, scbk=scbk, flags=list(flags))], log_level=osdp.LogLevel.Emergency)
    cp.start()
    return cp
