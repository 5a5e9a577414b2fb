#!/usr/bin/env bash
# Builds samples/snmp-agent.pcap: a monitoring station (10.84.0.2) polling a pumping-station
# gateway's SNMP agent (10.84.0.1), both net-snmp 5.9 (Debian) in two network namespaces: an
# SNMPv2c get of the system group, a walk of it, a GetBulk, an SNMPv1 get and a refused set.
# The agent's description, name and location are its configuration; the messages are
# net-snmp's own. Needs root (ip netns). Installs snmpd, snmp and tcpdump from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-samples/snmp-agent.pcap}
SRV=vigil-snmp-agent CLI=vigil-snmp-station
S=10.84.0.1 C=10.84.0.2
SIF=sa0 CIF=ss0
. scripts/sample/netns-pair.sh

for tool in snmpd snmpget tcpdump; do
  command -v $tool >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq snmpd snmp tcpdump iproute2 >/dev/null; break; }
done
# The package starts an agent of its own on the host; the sample needs only its own.
systemctl stop snmpd 2>/dev/null || true

netns_pair
cat >"$work/snmpd.conf" <<CONF
agentAddress udp:$S:161
rocommunity public $C/32
sysDescr Pumping station gateway PSG-200, firmware 3.1.4
sysName psg-200-east
sysLocation East pumping station, cabinet 2
sysContact ot-team@city.example
CONF

ip netns exec $CLI tcpdump -i $CIF -U -s 0 -w "$work/cap.pcap" udp >/dev/null 2>&1 &
TCPDUMP=$!
sleep 1
ip netns exec $SRV snmpd -f -Lo -C -c "$work/snmpd.conf" -p "$work/snmpd.pid" >"$work/snmpd.log" 2>&1 &
sleep 2
q() { ip netns exec $CLI "$@" || true; }
# Numeric OIDs: Debian ships no MIB files (they are non-free). 1.3.6.1.2.1.1 is the system
# group: sysDescr .1.0, sysObjectID .2.0, sysUpTime .3.0, sysName .5.0, sysLocation .6.0;
# 1.3.6.1.2.1.2.2.1.2 is ifDescr.
q snmpget -v2c -c public $S 1.3.6.1.2.1.1.1.0 1.3.6.1.2.1.1.5.0 1.3.6.1.2.1.1.3.0 1.3.6.1.2.1.1.2.0
q snmpwalk -v2c -c public $S 1.3.6.1.2.1.1
q snmpbulkget -v2c -c public -Cn0 -Cr5 $S 1.3.6.1.2.1.2.2.1.2
q snmpget -v1 -c public $S 1.3.6.1.2.1.1.5.0
q snmpset -v2c -c public $S 1.3.6.1.2.1.1.6.0 s "changed"
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
mkdir -p "$(dirname "$OUT")"
cp "$work/cap.pcap" "$OUT"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes)"
