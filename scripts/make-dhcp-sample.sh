#!/usr/bin/env bash
# Builds samples/dhcp-clients.pcap: three devices taking a lease from dnsmasq (10.85.0.1),
# each with a different real DHCP client from Debian, as a city's mixed estate does: ISC
# dhclient (a Linux server or workstation), BusyBox udhcpc (an embedded Linux device: a
# gateway, a camera, a controller's Linux side) and dhcpcd. Each client runs with its own MAC
# in one namespace, one after the other, and releases its lease. What each client asks for
# (option 55) and says it is (option 60) is the client's own default: the fingerprints in
# Sources/VigilInventory/Resources/dhcp-fingerprints.tsv were read from this capture.
# Needs root (ip netns). Installs dnsmasq, isc-dhcp-client (its /etc/dhcp/dhclient.conf is read),
# busybox, dhcpcd and tcpdump from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-samples/dhcp-clients.pcap}
SRV=vigil-dhcp-server CLI=vigil-dhcp-client
S=10.85.0.1 C=10.85.0.250
SIF=dh0 CIF=dh1
. scripts/sample/netns-pair.sh

for tool in dnsmasq dhclient busybox dhcpcd tcpdump; do
  command -v $tool >/dev/null || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dnsmasq-base isc-dhcp-client busybox dhcpcd-base tcpdump iproute2 >/dev/null
    break
  }
done

netns_pair
for ns in $SRV $CLI; do ip netns exec $ns sysctl -q -w net.ipv6.conf.all.disable_ipv6=1; done
# The client namespace starts without an address: each client gets one from the server.
ip -n $CLI addr flush dev $CIF

ip netns exec $SRV dnsmasq --no-daemon --port=0 --interface=$SIF --bind-interfaces --no-resolv --no-hosts \
  --dhcp-range=10.85.0.100,10.85.0.199,255.255.255.0,1h --dhcp-option=option:router,$S --domain=pumps.city.example \
  --dhcp-leasefile="$work/leases" --pid-file="$work/dnsmasq.pid" >"$work/dnsmasq.log" 2>&1 &
sleep 1

ip netns exec $SRV tcpdump -i $SIF -U -s 0 -w "$work/cap.pcap" udp port 67 or udp port 68 >/dev/null 2>&1 &
TCPDUMP=$!
sleep 1

client() {  # MAC, then the client's command line
  local mac=$1
  shift
  ip -n $CLI link set $CIF down
  ip -n $CLI link set $CIF address "$mac"
  ip -n $CLI link set $CIF up
  ip netns exec $CLI "$@"
  sleep 1
}

# ISC dhclient 4.4 with Debian's /etc/dhcp/dhclient.conf (its request list), sending its own
# host name instead of the machine's; -r releases.
sed 's/send host-name = gethostname();/send host-name = "ops-ws-11";/' /etc/dhcp/dhclient.conf >"$work/dhclient.conf"
DHCLIENT=(dhclient -4 -cf "$work/dhclient.conf" -sf /bin/true -lf "$work/dhclient.leases" -pf "$work/dhclient.pid")
client 00:16:3e:85:00:11 timeout 20 "${DHCLIENT[@]}" -1 $CIF
ip netns exec $CLI "${DHCLIENT[@]}" -r $CIF
# BusyBox udhcpc: get a lease, release it on exit (-R), quit once it has one (-q).
client 02:85:00:00:00:22 timeout 20 busybox udhcpc -i $CIF -q -R -n -s /bin/true -x hostname:cam-gate-22
# dhcpcd 9: one lease (-1) in the foreground, test mode would not request; then release (-k).
client 02:85:00:00:00:33 timeout 20 dhcpcd -4 -1 -B -t 15 -h gw-meter-33 -c /bin/true $CIF
ip netns exec $CLI timeout 10 dhcpcd -4 -k $CIF || true

sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
mkdir -p "$(dirname "$OUT")"
cp "$work/cap.pcap" "$OUT"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes)"
