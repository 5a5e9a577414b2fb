#!/usr/bin/env bash
# Builds samples/tunnels.pcap: traffic between two hosts of a remote site (192.168.42.0/24 and
# fd42::/64) carried between two gateways (10.90.0.1, 10.90.0.2) in a real Linux VXLAN tunnel
# (VNI 42, UDP 4789): pings over IPv4 and IPv6 and HTTP requests from curl to Python's
# http.server over both. The frames seen inside the tunnel are then carried again, by
# scripts/sample/tunnel_variants.py with scapy, in the other tunnels a sensor meets: GRE,
# GRE with transparent Ethernet bridging, ERSPAN types II and III, GENEVE, IPv4 in IPv4,
# IPv6 in IPv4, Teredo, GTP-U, VXLAN inside GRE (two deep) and VXLAN inside GRE inside IPv4
# (three deep, past Zeek's limit). Each copy starts 1,000 s after the one before.
# Needs root (ip netns). Installs tcpdump, curl and iproute2 from Debian and scapy from PyPI
# into a scratch virtual environment.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-samples/tunnels.pcap}
SRV=vigil-tun-a CLI=vigil-tun-b
S=10.90.0.1 C=10.90.0.2
SIF=ta0 CIF=tb0
. scripts/sample/netns-pair.sh

for tool in tcpdump curl ip; do
  command -v $tool >/dev/null || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump curl iproute2 >/dev/null
    break
  }
done

netns_pair
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q scapy
for side in "$SRV $S $C $SIF 1" "$CLI $C $S $CIF 2"; do
  set -- $side
  ip -n "$1" link add vx0 type vxlan id 42 local "$2" remote "$3" dstport 4789 dev "$4"
  ip -n "$1" addr add "192.168.42.$5/24" dev vx0
  ip -n "$1" addr add "fd42::$5/64" dev vx0 nodad
  ip -n "$1" link set vx0 up
done

ip netns exec $CLI tcpdump -i $CIF -U -s 0 -w "$work/outer.pcap" udp port 4789 >/dev/null 2>&1 &
OUTER=$!
ip netns exec $CLI tcpdump -i vx0 -U -s 0 -w "$work/inner.pcap" ip or ip6 >/dev/null 2>&1 &
INNER=$!
mkdir -p "$work/site" && echo "pump station 7: all pumps running" >"$work/site/status.txt"
ip netns exec $SRV python3 -m http.server 8080 --bind :: --directory "$work/site" >/dev/null 2>&1 &
sleep 2
ip netns exec $CLI ping -c 3 -i 0.2 192.168.42.1 >/dev/null
ip netns exec $CLI curl -s -o /dev/null http://192.168.42.1:8080/status.txt
ip netns exec $CLI ping -6 -c 2 -i 0.2 fd42::1 >/dev/null
ip netns exec $CLI curl -s -o /dev/null "http://[fd42::1]:8080/status.txt"
sleep 1
kill $OUTER $INNER; wait $OUTER $INNER 2>/dev/null || true

mkdir -p "$(dirname "$OUT")"
"$work/venv/bin/python" scripts/sample/tunnel_variants.py "$work/outer.pcap" "$work/inner.pcap" "$OUT"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes)"
