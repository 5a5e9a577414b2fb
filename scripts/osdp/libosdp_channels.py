"""Byte channels for libosdp's Python bindings (osdp.Channel): a TCP socket or a tty/pty file
descriptor, optionally recording every byte read and written as osdpcap-style JSON lines."""
import json
import os
import select
import socket
import time

import osdp


class FdChannel(osdp.Channel):
    """Non-blocking reads and writes on a socket or tty; `trace` (a file) gets one JSON line per
    chunk: {"ts": seconds, "dir": "rx"|"tx", "hex": bytes}."""

    def __init__(self, read_fn, write_fn, fileno, trace=None):
        super().__init__()
        self._read, self._write, self._fd, self._trace = read_fn, write_fn, fileno, trace

    def _log(self, direction, data):
        if self._trace and data:
            self._trace.write(json.dumps({"ts": time.time(), "dir": direction, "hex": data.hex()}) + "\n")
            self._trace.flush()

    def read(self, max_bytes):
        ready, _, _ = select.select([self._fd], [], [], 0)
        if not ready:
            return b""
        try:
            data = self._read(max_bytes)
        except (BlockingIOError, InterruptedError):
            return b""
        except OSError:
            return b""
        self._log("rx", data)
        return data or b""

    def write(self, buf):
        try:
            n = self._write(bytes(buf))
        except (BlockingIOError, BrokenPipeError, OSError):
            return 0
        self._log("tx", bytes(buf[:n]))
        return n

    def flush(self):
        pass


def tcp_connect(host, port, trace=None, timeout=10.0):
    deadline = time.time() + timeout
    while True:
        try:
            s = socket.create_connection((host, port), timeout=1.0)
            break
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.05)
    s.setblocking(False)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return FdChannel(s.recv, s.send, s.fileno(), trace), s


def tcp_accept(host, port, trace=None):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(1)
    conn, _ = server.accept()
    conn.setblocking(False)
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    server.close()
    return FdChannel(conn.recv, conn.send, conn.fileno(), trace), conn


def tty_open(path, trace=None):
    import termios
    import tty
    fd = os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
    tty.setraw(fd)
    attrs = termios.tcgetattr(fd)
    attrs[4] = attrs[5] = termios.B115200
    termios.tcsetattr(fd, termios.TCSANOW, attrs)
    return FdChannel(lambda n: os.read(fd, n), lambda b: os.write(fd, b), fd, trace), fd
