"""A `vigil osdp cp|pd …` process driven by the cell scripts, and the constants every cell
shares. It imports no OSDP peer, so both peer environments (libosdp's and `osdp` 1.6's, which
install modules of the same name) can use it."""
import json
import queue
import subprocess
import threading
import time

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

    def drain(self, seconds=0.0):
        """Collects what arrives within `seconds` and returns every event seen so far."""
        self.wait_for(lambda e: False, seconds)
        return self.seen

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        return self.proc.stderr.read()
