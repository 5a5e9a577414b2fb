"""OSDP Secure Channel benchmark: secure POLL/ACK round trips per second over loopback TCP, and
handshake time, with Vigil's CP polling as fast as the PD answers (--poll-ms 0) against Vigil's
own PD and against libosdp 3.2.9's PD (the peer), side by side. Run by bench/osdp.sh.

Round trips per second = the CP's secure_exchanges / online time (its `stats` event). The
handshake time is the CP's own CHLNG-to-RMAC_I measurement (`handshake_us` in sc_up). For
libosdp's CP, which polls on its own fixed timer and reports no counters, the wall time from
start() to an active Secure Channel is printed instead (it includes ID and CAP)."""
import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "osdp"))
from libosdp_channels import tcp_accept, tcp_connect  # noqa: E402
from peers import ADDRESS, libosdp_cp, libosdp_pd  # noqa: E402

KEY = bytes.fromhex("00112233445566778899aabbccddeeff")


def run_vigil_cp(vigil, port, seconds):
    out = subprocess.run([vigil, "osdp", "cp", "--connect", f"127.0.0.1:{port}", "--address", str(ADDRESS),
                          "--scbk", KEY.hex(), "--poll-ms", "0", "--duration", str(seconds)],
                         stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=seconds + 30)
    events = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    up = next((e for e in events if e.get("event") == "sc_up"), None)
    stats = next((e for e in events if e.get("event") == "stats"), None)
    if not up or not stats or not stats.get("online_ms"):
        raise RuntimeError(f"no secure session: {out.stdout[-400:]} {out.stderr[-400:]}")
    return up["handshake_us"], stats["secure_exchanges"] / (stats["online_ms"] / 1000.0)


def vigil_pd_pair(vigil, port, seconds):
    pd = subprocess.Popen([vigil, "osdp", "pd", "--listen", f"127.0.0.1:{port}", "--address", str(ADDRESS),
                           "--scbk", KEY.hex()], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.3)
    try:
        return run_vigil_cp(vigil, port, seconds)
    finally:
        pd.terminate()
        pd.wait()


def libosdp_pd_pair(vigil, port, seconds):
    holder = {}
    accept = threading.Thread(target=lambda: holder.update(ch=tcp_accept("127.0.0.1", port)[0]))
    accept.start()
    time.sleep(0.1)
    result = {}
    cp = threading.Thread(target=lambda: result.update(r=run_vigil_cp(vigil, port, seconds)))
    cp.start()
    accept.join(10)
    pd = libosdp_pd(holder["ch"], KEY)
    cp.join()
    pd.teardown()
    return result["r"]


def libosdp_pair_time_to_secure(port):
    holder = {}
    accept = threading.Thread(target=lambda: holder.update(ch=tcp_accept("127.0.0.1", port)[0]))
    accept.start()
    time.sleep(0.1)
    channel, _ = tcp_connect("127.0.0.1", port)
    accept.join(10)
    pd = libosdp_pd(holder["ch"], KEY)
    started = time.perf_counter()
    cp = libosdp_cp(channel, KEY)
    ok = cp.sc_wait(ADDRESS, timeout=10)
    elapsed = time.perf_counter() - started
    cp.teardown()
    pd.teardown()
    if not ok:
        raise RuntimeError("libosdp pair: no secure channel")
    return elapsed * 1e6


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vigil", required=True)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=47700)
    args = parser.parse_args()
    ports = iter(range(args.port, args.port + 1000))
    rows = []
    for name, pair in (("Vigil CP x Vigil PD", vigil_pd_pair), ("Vigil CP x libosdp PD (peer)", libosdp_pd_pair)):
        results = [pair(args.vigil, next(ports), args.seconds) for _ in range(args.runs)]
        handshake = statistics.median(r[0] for r in results)
        rate = max(r[1] for r in results)
        rows.append((name, f"{rate:,.0f}", f"{handshake:,.0f} us (CHLNG to RMAC_I)"))
    peer = statistics.median(libosdp_pair_time_to_secure(next(ports)) for _ in range(args.runs))
    rows.append(("libosdp CP x libosdp PD (peer)", "n/a (fixed poll timer)", f"{peer:,.0f} us (start to SC active)"))
    print(f"OSDP Secure Channel over loopback TCP, {args.seconds} s per run, best rate and median handshake of {args.runs} runs")
    print(f"{'pair':32} {'secure POLL/ACK round trips/s':>30}  handshake")
    for name, rate, handshake in rows:
        print(f"{name:32} {rate:>30}  {handshake}")


if __name__ == "__main__":
    main()
