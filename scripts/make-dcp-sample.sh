#!/usr/bin/env bash
# Builds samples/profinet-dcp.pcap: an engineering station (10.84.5.10) commissioning PROFINET
# devices over DCP with pnio_dcp (PyPI; scripts/identity/dcp_controller.py): Identify All,
# a Set of NameOfStation on the device that has none, Identify All again. The devices are
# answered by scripts/identity/dcp_devices.py, packing frames by the standard: a named S7-1500
# controller at 10.84.5.21, and an ET200SP I/O device fresh from the box, with no name and no
# address (a device the inventory knows by its MAC alone).
# Needs root (ip netns). Installs what it needs from Debian and PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-samples/profinet-dcp.pcap}
SRV=vigil-dcp-devices CLI=vigil-dcp-station
S=10.84.5.2 C=10.84.5.10
SIF=pd0 CIF=pd1
. scripts/sample/netns-pair.sh

if ! command -v tcpdump >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump iproute2 >/dev/null
fi
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q pnio-dcp==1.2.0 psutil
PY="$work/venv/bin/python"

netns_pair
# Only DCP on this link: no IPv6 neighbour discovery from the namespaces' own interfaces.
for ns in $SRV $CLI; do ip netns exec $ns sysctl -q -w net.ipv6.conf.all.disable_ipv6=1; done
ip -n $CLI link set $CIF address 00:0e:8c:84:05:10   # a Siemens OUI: a programming device

ip netns exec $CLI tcpdump -i $CIF -U -s 0 -w "$work/cap.pcap" ether proto 0x8892 >/dev/null 2>&1 &
TCPDUMP=$!
ip netns exec $SRV "$PY" scripts/identity/dcp_devices.py $SIF 14 &
DEVICES=$!
sleep 2
ip netns exec $CLI "$PY" scripts/identity/dcp_controller.py $C
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
wait $DEVICES 2>/dev/null || true
mkdir -p "$(dirname "$OUT")"
cp "$work/cap.pcap" "$OUT"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes)"
