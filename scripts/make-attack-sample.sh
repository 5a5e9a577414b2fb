#!/usr/bin/env bash
# Builds samples/ot-attacks.pcap: an intruder's host (10.79.0.66) working on a plant's devices
# (10.79.0.1) with real tools, across two network namespaces:
#   - python-snap7: reads a PLC's identity, tries its password, sets its clock, downloads and
#     deletes blocks, stops and restarts the CPU (against python-snap7's server);
#   - pycomm3: a CIP Reset of the Identity object and a read of the firmware-update object
#     (against cpppo's EtherNet/IP server);
#   - c104: a breaker command from a station that is not the controlling one (c104 server);
#   - bacpypes3: out-of-service and present-value writes to a BACnet controller (bacpypes3);
#   - pymodbus: setpoint and coil writes from the intruder's host (pymodbus server);
#   - Vigil's own OSDP control panel and reader talking without the Secure Channel.
# Needs root (ip netns) and a built vigil (swift build). Installs what it needs from Debian
# and PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-samples/ot-attacks.pcap}
VIGIL=${VIGIL:-$(swift build --show-bin-path)/vigil}
SRV=vigil-attack-plant CLI=vigil-attack-intruder
S=10.79.0.1 C=10.79.0.66
SIF=va0 CIF=va1
. scripts/sample/netns-pair.sh

if ! command -v tcpdump >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump iproute2 >/dev/null
fi
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q python-snap7==3.3.0 pycomm3==1.2.16 cpppo==5.2.5 c104==2.2.1 bacpypes3==0.0.110 pymodbus==3.6.9
PY="$work/venv/bin/python"

netns_pair
ip -n $SRV link set va0 address 00:1b:1b:66:00:01   # a Siemens OUI: the plant's PLC rack
ip -n $CLI link set va1 address 02:00:00:66:00:66   # locally administered: the intruder's laptop

wait_port() { for _ in $(seq 50); do ip netns exec $SRV ss -ltnu | grep -q ":$1 " && return; sleep 0.2; done; echo "port $1 did not open" >&2; }
ip netns exec $SRV "$PY" scripts/attack/s7_server.py $S >"$work/s7.log" 2>&1 &
ip netns exec $SRV "$PY" -m cpppo.server.enip --address $S:44818 Setpoint=INT[10] >"$work/enip.log" 2>&1 &
ip netns exec $SRV "$PY" scripts/attack/iec104_server.py $S >"$work/iec104.log" 2>&1 &
ip netns exec $SRV "$PY" scripts/attack/bacnet_device.py $S >"$work/bacnet.log" 2>&1 &
ip netns exec $SRV "$PY" scripts/sample/modbus_server.py $S 502 >"$work/modbus.log" 2>&1 &
ip netns exec $SRV "$VIGIL" osdp pd --listen $S:9000 --address 1 </dev/null >"$work/osdp-pd.log" 2>&1 &
for port in 102 44818 2404 47808 502 9000; do wait_port $port; done

ip netns exec $CLI tcpdump -i va1 -U -s 0 -w "$work/cap.pcap" >/dev/null 2>&1 &
TCPDUMP=$!
sleep 1
ip netns exec $CLI "$PY" scripts/attack/s7_attacker.py $S || true
ip netns exec $CLI "$PY" scripts/attack/cip_attacker.py $S || true
ip netns exec $CLI "$PY" scripts/attack/iec104_attacker.py $S || true
ip netns exec $CLI "$PY" scripts/attack/bacnet_attacker.py $C $S || true
ip netns exec $CLI "$PY" scripts/sample/modbus_client.py $S 502 || true
# A control panel polling the reader in clear text for a few seconds.
(sleep 4; echo '{"command":"quit"}') | ip netns exec $CLI timeout 6 "$VIGIL" osdp cp --connect $S:9000 --address 1 >"$work/osdp-cp.log" 2>&1 || true
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
mkdir -p "$(dirname "$OUT")"
cp "$work/cap.pcap" "$OUT"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes)"
