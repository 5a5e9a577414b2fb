#!/usr/bin/env bash
# Builds samples/mdns-camera.pcap: a street camera (10.82.0.12) announcing itself over
# multicast DNS and a monitoring station (10.82.0.2) browsing for it, both with python-zeroconf
# (scripts/identity/mdns_device.py, mdns_browser.py) in two network namespaces.
# Needs root (ip netns). Installs what it needs from Debian and PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-samples/mdns-camera.pcap}
SRV=vigil-mdns-camera CLI=vigil-mdns-station
S=10.82.0.12 C=10.82.0.2
SIF=vm0 CIF=vm1
. scripts/sample/netns-pair.sh

if ! command -v tcpdump >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump iproute2 >/dev/null
fi
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q zeroconf==0.136.2
PY="$work/venv/bin/python"

netns_pair
ip -n $SRV link set $SIF address ac:cc:8e:82:00:12   # an Axis Communications OUI
ip -n $CLI link set $CIF address 00:1b:1b:82:00:02
# Multicast leaves by the veth in each namespace (RFC 6762 uses 224.0.0.251).
ip -n $SRV route add 224.0.0.0/4 dev $SIF
ip -n $CLI route add 224.0.0.0/4 dev $CIF

ip netns exec $CLI tcpdump -i $CIF -U -s 0 -w "$work/cap.pcap" >/dev/null 2>&1 &
TCPDUMP=$!
sleep 1
ip netns exec $SRV "$PY" scripts/identity/mdns_device.py $S >"$work/device.log" 2>&1 &
sleep 3
ip netns exec $CLI "$PY" scripts/identity/mdns_browser.py $C
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
mkdir -p "$(dirname "$OUT")"
cp "$work/cap.pcap" "$OUT"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes)"
