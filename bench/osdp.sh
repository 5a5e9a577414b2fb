#!/usr/bin/env bash
# OSDP Secure Channel benchmark (issue #4): secure POLL/ACK round trips per second and handshake
# time over loopback TCP, Vigil's CP against Vigil's PD and against libosdp 3.2.9's PD, in a
# release build. Usage: bench/osdp.sh [SECONDS_PER_RUN] [RUNS]   (default 5 3)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
swift build -c release --product vigil 2>&1 | tail -1
python="$(bash scripts/osdp/venv.sh)"
"$python" bench/osdp_bench.py --vigil "$(swift build -c release --show-bin-path)/vigil" --seconds "${1:-5}" --runs "${2:-3}"
