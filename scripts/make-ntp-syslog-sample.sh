#!/usr/bin/env bash
# Builds samples/ntp-syslog.pcap: a street-cabinet controller (10.87.0.2) that sets its clock
# from the depot's time server (10.87.0.1, chrony 4 serving its own clock at stratum 10) and
# reports to the depot's syslog collector on the same host: chronyd asks for the time
# (NTPv4 client mode, answered in server mode), and util-linux's logger sends messages in
# RFC 3164 and RFC 5424 form at several facilities and severities. Needs root (ip netns).
# Installs chrony and tcpdump from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-samples/ntp-syslog.pcap}
SRV=vigil-time-depot CLI=vigil-time-cabinet
S=10.87.0.1 C=10.87.0.2
SIF=td0 CIF=tc0
. scripts/sample/netns-pair.sh

for tool in chronyd tcpdump logger; do
  command -v $tool >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chrony tcpdump bsdutils iproute2 >/dev/null; break; }
done
# The package starts a daemon of its own on the host; the sample needs only its own two.
systemctl stop chrony 2>/dev/null || true

netns_pair
# The server serves its own clock (no upstream), never adjusts it (-x), and has no command
# socket; the client only measures (-Q) and exits.
cat >"$work/server.conf" <<CONF
local stratum 10
allow $C/32
bindaddress $S
cmdport 0
pidfile $work/server.pid
driftfile $work/server.drift
CONF
cat >"$work/client.conf" <<CONF
server $S iburst maxsamples 4
cmdport 0
pidfile $work/client.pid
CONF

ip netns exec $CLI tcpdump -i $CIF -U -s 0 -w "$work/cap.pcap" udp >/dev/null 2>&1 &
TCPDUMP=$!
sleep 1
ip netns exec $SRV chronyd -x -u root -f "$work/server.conf" -d >"$work/server.log" 2>&1 &
# The collector: receives and discards, so that no ICMP "port unreachable" answers the messages.
ip netns exec $SRV python3 -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('$S', 514))
while True: s.recv(65535)
" &
sleep 2
ip netns exec $CLI timeout 20 chronyd -Q -u root -f "$work/client.conf" >"$work/client.log" 2>&1 || true
say() { ip netns exec $CLI logger --udp -n $S -P 514 "$@"; }
say --rfc3164 -p local3.warning -t pump7 "discharge pressure 6.8 bar above setpoint 6.0"
say --rfc3164 -p auth.notice -t sshd "Accepted password for maint from 10.87.0.9 port 50122 ssh2"
say --rfc5424 -p daemon.err -t cabinetd "door contact open, cabinet 12"
say --rfc5424 -p kern.info -t kernel "eth0: link up, 100 Mbps full duplex"
say --rfc3164 -p user.debug -t plc-gw "poll cycle 250 ms"
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
mkdir -p "$(dirname "$OUT")"
cp "$work/cap.pcap" "$OUT"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes); chronyd said: $(tail -1 "$work/client.log")"
