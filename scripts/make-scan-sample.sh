#!/usr/bin/env bash
# Builds samples/ot-scan.pcap: nmap's ICS scripts run from an intruder's host (10.78.0.66)
# against a plant's devices (10.78.0.1), across two network namespaces, with what nmap
# reported beside it (samples/ot-scan.nmap.xml):
#   - s7-info against python-snap7's S7 server (TCP 102);
#   - modbus-discover against pymodbus's server (TCP 502);
#   - enip-info against cpppo's EtherNet/IP server (TCP and UDP 44818);
#   - iec-identify against c104's IEC 104 server (TCP 2404);
#   - bacnet-info against a bacpypes3 building controller (UDP 47808).
# Needs root (ip netns). Installs what it needs from Debian and PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-samples/ot-scan.pcap}
SRV=vigil-scan-plant CLI=vigil-scan-intruder
S=10.78.0.1 C=10.78.0.66
SIF=vs0 CIF=vs1
. scripts/sample/netns-pair.sh

if ! command -v tcpdump >/dev/null || ! command -v nmap >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump iproute2 nmap >/dev/null
fi
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q python-snap7==3.3.0 cpppo==5.2.5 c104==2.2.1 bacpypes3==0.0.110 pymodbus==3.6.9
PY="$work/venv/bin/python"

netns_pair
ip -n $SRV link set vs0 address 00:1b:1b:78:00:01   # a Siemens OUI: the plant's PLC rack
ip -n $CLI link set vs1 address 02:00:00:78:00:66   # locally administered: the intruder's laptop

wait_port() { for _ in $(seq 50); do ip netns exec $SRV ss -ltnu | grep -q ":$1 " && return; sleep 0.2; done; echo "port $1 did not open" >&2; }
ip netns exec $SRV "$PY" scripts/attack/s7_server.py $S >"$work/s7.log" 2>&1 &
ip netns exec $SRV "$PY" -m cpppo.server.enip --address $S:44818 --udp Setpoint=INT[10] >"$work/enip.log" 2>&1 &
ip netns exec $SRV "$PY" scripts/attack/iec104_server.py $S >"$work/iec104.log" 2>&1 &
ip netns exec $SRV "$PY" scripts/attack/bacnet_device.py $S >"$work/bacnet.log" 2>&1 &
ip netns exec $SRV "$PY" scripts/sample/modbus_server.py $S 502 >"$work/modbus.log" 2>&1 &
for port in 102 44818 2404 47808 502; do wait_port $port; done

ip netns exec $CLI tcpdump -i vs1 -U -s 0 -w "$work/cap.pcap" >/dev/null 2>&1 &
TCPDUMP=$!
sleep 1
# TCP first (a connect scan: no raw sockets needed), then UDP; each script on its protocol's
# port, as a scan of a plant's address range would run them.
ip netns exec $CLI nmap -n -Pn -sT -p 102,502,2404,44818 --script s7-info,modbus-discover,enip-info,iec-identify \
  -oX "$work/tcp.xml" $S >"$work/nmap-tcp.txt" 2>&1 || true
ip netns exec $CLI nmap -n -Pn -sU -p 44818,47808 --script enip-info,bacnet-info -oX "$work/udp.xml" $S >"$work/nmap-udp.txt" 2>&1 || true
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
cat "$work/nmap-tcp.txt" "$work/nmap-udp.txt"
mkdir -p "$(dirname "$OUT")"
cp "$work/cap.pcap" "$OUT"
# What nmap reported, as one XML document per scan, for the tests to compare with.
{ cat "$work/tcp.xml"; cat "$work/udp.xml"; } > "${OUT%.pcap}.nmap.xml"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes) and ${OUT%.pcap}.nmap.xml"
