#!/usr/bin/env bash
# Builds samples/ot-sweep.pcap: an intruder's host (10.81.0.66) sweeping a plant's two /24s
# (10.82.0.0/23) for Modbus and S7 with nmap's SYN scan, across two network namespaces. The
# plant's namespace answers for every address of the range (a local route, as a router with
# proxy answers would): a pymodbus server accepts on TCP 502, TCP 102 is refused.
# Needs root (ip netns). Installs what it needs from Debian and PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-samples/ot-sweep.pcap}
SRV=vigil-sweep-plant CLI=vigil-sweep-intruder
S=10.81.0.1 C=10.81.0.66
SIF=vw0 CIF=vw1
RANGE=10.82.0.0/23
. scripts/sample/netns-pair.sh

if ! command -v tcpdump >/dev/null || ! command -v nmap >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump iproute2 nmap >/dev/null
fi
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q pymodbus==3.6.9
PY="$work/venv/bin/python"

netns_pair
# IPv4 only: the namespaces' own IPv6 start-up (router and neighbour solicitations) is not
# part of the sweep.
for ns in $SRV $CLI; do ip netns exec $ns sysctl -q -w net.ipv6.conf.all.disable_ipv6=1; done
ip -n $SRV link set $SIF address 00:1b:1b:78:00:01   # a Siemens OUI: the plant's router
ip -n $CLI link set $CIF address 02:00:00:78:00:66   # locally administered: the intruder's laptop
# Every address of the range is the plant namespace's own; the intruder reaches it through
# the plant's address.
ip -n $SRV route add local $RANGE dev lo
ip -n $CLI route add $RANGE via $S

ip netns exec $SRV "$PY" scripts/sample/modbus_server.py 0.0.0.0 502 >"$work/modbus.log" 2>&1 &
for _ in $(seq 50); do ip netns exec $SRV ss -ltn | grep -q ":502 " && break; sleep 0.2; done

ip netns exec $CLI tcpdump -i $CIF -U -s 0 -w "$work/cap.pcap" >/dev/null 2>&1 &
TCPDUMP=$!
sleep 1
ip netns exec $CLI nmap -n -Pn -sS -p 102,502 --max-retries 0 -oX "$work/sweep.xml" $RANGE >"$work/nmap.txt" 2>&1 || true
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
tail -3 "$work/nmap.txt"
mkdir -p "$(dirname "$OUT")"
cp "$work/cap.pcap" "$OUT"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes)"
