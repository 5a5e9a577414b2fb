#!/usr/bin/env bash
# Builds samples/lldp-cdp.pcap: two network devices announcing themselves to their link
# neighbours, each an lldpd 1.0 (Debian) in its own network namespace: a tram-stop access
# switch (10.83.0.1) over LLDP with LLDP-MED, and a street-cabinet router (10.83.0.2) over
# CDP version 2 only. Names, descriptions and platforms are the daemons' configuration; the
# frames are lldpd's own. Needs root (ip netns). Installs lldpd and tcpdump from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-samples/lldp-cdp.pcap}
SRV=vigil-lldp-switch CLI=vigil-cdp-router
S=10.83.0.1 C=10.83.0.2
SIF=ts0 CIF=cr0
. scripts/sample/netns-pair.sh

for tool in lldpd tcpdump; do
  command -v $tool >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lldpd tcpdump iproute2 >/dev/null; break; }
done
# The package starts a daemon of its own on the host's interfaces; the sample needs only its own two.
systemctl stop lldpd 2>/dev/null || true

netns_pair
chmod 755 "$work"  # lldpd, once it drops privileges, must reach its control socket here
# Locally administered MACs: the devices are not any vendor's.
ip -n $SRV link set $SIF address 02:83:00:00:00:01
ip -n $CLI link set $CIF address 02:83:00:00:00:02

ip netns exec $CLI tcpdump -i $CIF -U -s 0 -w "$work/cap.pcap" >/dev/null 2>&1 &
TCPDUMP=$!
sleep 1
# -M 4: LLDP-MED, class "network connectivity device"; -cccc: CDPv2 only, sent whether or
# not a CDP neighbour answers.
# Each daemon reads its name and a 2 s transmit interval at start (-O), so that its first
# frame already carries them.
printf 'configure system hostname ts-sw-14\nconfigure lldp tx-interval 2\n' >"$work/switch.conf"
printf 'configure system hostname cab-rtr-7\nconfigure lldp tx-interval 2\n' >"$work/router.conf"
chmod 644 "$work"/*.conf
ip netns exec $SRV lldpd -d -M 4 -I $SIF -m $S -S "Tram stop access switch TS-8, firmware 2.4.1" -P "TS-8" \
  -O "$work/switch.conf" -u "$work/switch.sock" >"$work/switch.log" 2>&1 &
ip netns exec $CLI lldpd -d -ccccc -I $CIF -m $C -S "Street cabinet router SCR-100, software 15.2(4)M7" -P "SCR-100" \
  -O "$work/router.conf" -u "$work/router.sock" >"$work/router.log" 2>&1 &
sleep 6
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
mkdir -p "$(dirname "$OUT")"
cp "$work/cap.pcap" "$OUT"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes)"
