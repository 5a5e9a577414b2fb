#!/usr/bin/env bash
# Builds samples/dce-rpc.pcap: an engineering workstation (10.88.0.2) that asks a Windows-like
# server's endpoint mapper (10.88.0.1:135) where the service manager listens, then over
# ncacn_ip_tcp installs and starts a service (svcctl, port 49667) and registers and runs a
# scheduled task (ITaskSchedulerService, port 49668): the remote execution a dce_rpc.log
# analyst hunts for. Both ends are impacket (PyPI): its DCERPCServer answering with short
# stubs, its client calling as its remote-execution examples do. Needs root (ip netns).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-samples/dce-rpc.pcap}
SRV=vigil-rpc-server CLI=vigil-rpc-station
S=10.88.0.1 C=10.88.0.2
SIF=rs0 CIF=rc0
. scripts/sample/netns-pair.sh

command -v tcpdump >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump iproute2 >/dev/null; }
netns_pair
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q impacket==0.13.1
PY="$work/venv/bin/python"

ip netns exec $CLI tcpdump -i $CIF -U -s 0 -w "$work/cap.pcap" tcp >/dev/null 2>&1 &
TCPDUMP=$!
ip netns exec $SRV "$PY" scripts/dcerpc/server.py $S >"$work/server.log" 2>&1 &
for _ in $(seq 50); do grep -q listening "$work/server.log" && break; sleep 0.2; done
sleep 1
ip netns exec $CLI "$PY" scripts/dcerpc/client.py $S
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
mkdir -p "$(dirname "$OUT")"
cp "$work/cap.pcap" "$OUT"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes)"
