#!/usr/bin/env bash
# Builds samples/dnp3-attacks.pcap: an intruder's DNP3 master at work on a substation's
# outstation. Both ends are opendnp3, the reference implementation, through yadnp3's Python
# bindings (scripts/attack/dnp3_attack.py), across two network namespaces: the outstation at
# 10.79.0.10 (TCP 20000), the master at 10.79.0.1. The master does what opendnp3 does on
# connecting (unsolicited reporting disabled, the restart bit cleared, an integrity poll,
# unsolicited reporting enabled again), then asks for a cold restart and a warm restart (the
# outstation accepts both), latches a relay on by direct operate (refused), stops and
# initialises the application, and signs in for file transfer with a user name and password.
# Needs root (ip netns). Installs what it needs from Debian and PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-samples/dnp3-attacks.pcap}
SRV=vigil-dnp3-outstation CLI=vigil-dnp3-master
S=10.79.0.10 C=10.79.0.1
SIF=vd0 CIF=vd1
. scripts/sample/netns-pair.sh

if ! command -v tcpdump >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump iproute2 >/dev/null
fi
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q yadnp3==3.2.1.4
PY="$work/venv/bin/python"

netns_pair
ip netns exec $SRV "$PY" scripts/attack/dnp3_attack.py outstation $S >"$work/outstation.log" 2>&1 &
for _ in $(seq 50); do ip netns exec $SRV ss -ltn | grep -q ":20000 " && break; sleep 0.2; done
ip netns exec $CLI tcpdump -i $CIF -U -s 0 -w "$work/cap.pcap" >/dev/null 2>&1 &
TCPDUMP=$!
sleep 1
ip netns exec $CLI "$PY" scripts/attack/dnp3_attack.py master $S
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
cat "$work/outstation.log"
mkdir -p "$(dirname "$OUT")"
cp "$work/cap.pcap" "$OUT"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes)"
