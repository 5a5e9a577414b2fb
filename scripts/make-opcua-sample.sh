#!/usr/bin/env bash
# Builds samples/opcua-buildinfo.pcap: an asyncua OPC UA server and client across two network
# namespaces. The client calls GetEndpoints, opens an anonymous session over security policy
# None, and reads the server's BuildInfo (Part 5 §12.4) field by field, whole, and inside
# ServerStatus. Needs root (ip netns). Installs what it needs from Debian and PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-samples/opcua-buildinfo.pcap}
SRV=vigil-opcua-srv CLI=vigil-opcua-cli
S=10.78.0.1 C=10.78.0.2
SIF=vo0 CIF=vo1
. scripts/sample/netns-pair.sh

if ! command -v tcpdump >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump iproute2 >/dev/null
fi
python3 -m venv "$work/venv" && "$work/venv/bin/pip" install -q asyncua==1.1.5
PY="$work/venv/bin/python"

netns_pair

ip netns exec $SRV "$PY" scripts/sample/opcua_server.py $S 4840 >"$work/server.log" 2>&1 &
for _ in $(seq 50); do ip netns exec $SRV ss -ltn | grep -q ":4840 " && break; sleep 0.2; done
ip netns exec $CLI tcpdump -i vo1 -U -s 0 -w "$work/cap.pcap" >/dev/null 2>&1 &
TCPDUMP=$!
sleep 1
ip netns exec $CLI "$PY" scripts/sample/opcua_client.py opc.tcp://$S:4840/depot/
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
mkdir -p "$(dirname "$OUT")"
cp "$work/cap.pcap" "$OUT"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes)"
