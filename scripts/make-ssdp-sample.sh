#!/usr/bin/env bash
# Builds samples/upnp-display.pcap: a tram stop's passenger information display announcing
# itself over SSDP (MiniDLNA 1.3, Debian, at 10.85.0.1) and a maintenance laptop (10.85.0.2)
# looking for UPnP devices (gssdp-discover, gupnp-tools) and fetching the display's device
# description (curl), in two network namespaces. The display's friendly name, model and
# serial number are MiniDLNA's configuration; the messages are the programs' own.
# Needs root (ip netns). Installs minidlna, gupnp-tools, curl and tcpdump from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-samples/upnp-display.pcap}
SRV=vigil-upnp-display CLI=vigil-upnp-laptop
S=10.85.0.1 C=10.85.0.2
SIF=ud0 CIF=ul0
. scripts/sample/netns-pair.sh

for tool in minidlnad gssdp-discover curl tcpdump; do
  command -v $tool >/dev/null || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq minidlna gupnp-tools curl tcpdump iproute2 >/dev/null
    break
  }
done
# The package starts a server of its own on the host; the sample needs only its own.
systemctl stop minidlna 2>/dev/null || true

netns_pair
chmod 755 "$work"
# SSDP's multicast group 239.255.255.250 leaves by the veth in each namespace.
ip -n $SRV route add 224.0.0.0/4 dev $SIF
ip -n $CLI route add 224.0.0.0/4 dev $CIF
mkdir -p "$work/media" "$work/db"
chmod 777 "$work/db"
cat >"$work/minidlna.conf" <<CONF
media_dir=$work/media
db_dir=$work/db
log_dir=$work/db
network_interface=$SIF
port=8200
friendly_name=Tram stop 14 passenger display
model_name=Passenger info display
model_number=PID-55
serial=PID55-0042
notify_interval=5
CONF

ip netns exec $CLI tcpdump -i $CIF -U -s 0 -w "$work/cap.pcap" ip >/dev/null 2>&1 &
TCPDUMP=$!
sleep 1
ip netns exec $SRV minidlnad -f "$work/minidlna.conf" -d -P "$work/minidlna.pid" >"$work/minidlna.log" 2>&1 &
sleep 2
ip netns exec $CLI timeout 5 gssdp-discover -i $CIF --timeout=3 >"$work/discover.log" 2>&1 || true
ip netns exec $CLI curl -s -m 3 -o /dev/null "http://$S:8200/rootDesc.xml" || true
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
mkdir -p "$(dirname "$OUT")"
cp "$work/cap.pcap" "$OUT"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes)"
