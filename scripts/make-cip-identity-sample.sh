#!/usr/bin/env bash
# Builds samples/cip-identity.pcap: an engineering station (10.81.0.50) asking a ControlLogix
# controller (10.81.0.10, cpppo's EtherNet/IP server configured as one) what it is, with
# pycomm3 (scripts/identity/cip_identity_client.py): ListIdentity, then the Identity object read
# by Get_Attributes_All, Get_Attribute_Single and a routed Get_Attributes_All.
# Needs root (ip netns). Installs what it needs from Debian and PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-samples/cip-identity.pcap}
SRV=vigil-cip-plc CLI=vigil-cip-station
S=10.81.0.10 C=10.81.0.50
SIF=vc0 CIF=vc1
. scripts/sample/netns-pair.sh

if ! command -v tcpdump >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump iproute2 >/dev/null
fi
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q pycomm3==1.2.16 cpppo==5.2.5
PY="$work/venv/bin/python"

netns_pair
ip -n $SRV link set $SIF address 00:00:bc:81:00:10   # a Rockwell Automation OUI
ip -n $CLI link set $CIF address 00:1b:1b:81:00:50

# The controller's Identity object (CIP Vol. 1 §5-2): Rockwell (vendor 1), a Programmable Logic
# Controller (device type 14), revision 33.11 (2849 = 0x0b21, sent little-endian: major 0x21, minor 0x0b), serial 0x60c0ffee.
cat >"$work/cpppo.cfg" <<'CFG'
[Identity]
Vendor Number = 1
Device Type = 14
Product Code Number = 166
Product Revision = 2849
Serial Number = 1623261166
Product Name = 1756-L83E/B ControlLogix 5583E
CFG
(cd "$work" && ip netns exec $SRV "$PY" -m cpppo.server.enip --address $S:44818 --route-path '[{"port":1,"link":0}]' Setpoint=INT[4] \
  >"$work/enip.log" 2>&1 &)
for _ in $(seq 50); do ip netns exec $SRV ss -ltn | grep -q ":44818 " && break; sleep 0.2; done

ip netns exec $CLI tcpdump -i $CIF -U -s 0 -w "$work/cap.pcap" >/dev/null 2>&1 &
TCPDUMP=$!
sleep 1
ip netns exec $CLI "$PY" scripts/identity/cip_identity_client.py $S || { cat "$work/enip.log" >&2; exit 1; }
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
mkdir -p "$(dirname "$OUT")"
cp "$work/cap.pcap" "$OUT"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes)"
