#!/usr/bin/env bash
# Response with real traffic: three hosts in network namespaces of their own (an engineering
# station "a", an intruder "c" and a PLC "b" running pymodbus) route through a gateway
# namespace "gw", where `vigil enforce` runs with the system's nft. The hub runs in this
# namespace, on a veth address the gateway reaches. scripts/hub/response_check.py then asks
# for blocks, a quarantine and a restore through the API, approves them, and checks each with
# packets and Modbus reads. Needs root.
# Usage: scripts/hub/response_netns.sh VIGIL PYTHON   (PYTHON with pymodbus)
set -euo pipefail
vigil="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
python="$2"
root="$(cd "$(dirname "$0")/../.." && pwd)"
ns=(vr-gw vr-a vr-b vr-c)
cleanup_netns() {
  for n in "${ns[@]}"; do
    for p in $(ip netns pids "$n" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
  done
  sleep 0.3
  for n in "${ns[@]}"; do ip netns del "$n" 2>/dev/null || true; done
  ip link del vr-hub 2>/dev/null || true
}
cleanup_netns
for n in "${ns[@]}"; do ip netns add "$n"; ip -n "$n" link set lo up; done
# This namespace (the hub) <-> gw: 10.91.0.0/24.
ip link add vr-hub type veth peer name vr-up
ip link set vr-up netns vr-gw
ip addr add 10.91.0.1/24 dev vr-hub && ip link set vr-hub up
ip -n vr-gw addr add 10.91.0.2/24 dev vr-up && ip -n vr-gw link set vr-up up
# gw <-> a (10.91.1.0/24), b (10.91.2.0/24), c (10.91.3.0/24).
for i in 1 2 3; do
  host=${ns[$i]}
  ip -n vr-gw link add "vr-g$i" type veth peer name "vr-h$i"
  ip -n vr-gw link set "vr-h$i" netns "$host"
  ip -n vr-gw addr add "10.91.$i.1/24" dev "vr-g$i" && ip -n vr-gw link set "vr-g$i" up
  ip -n "$host" addr add "10.91.$i.2/24" dev "vr-h$i" && ip -n "$host" link set "vr-h$i" up
  ip -n "$host" route add default via "10.91.$i.1"
done
ip netns exec vr-gw sysctl -qw net.ipv4.ip_forward=1

# shellcheck source=scripts/hub/scratch_hub.sh
source "$root/scripts/hub/scratch_hub.sh"
hub_host=10.91.0.1
hub_users="analyst-1:analyst admin-1:admin"
scratch_hub unused-sensor
trap 'kill $hub 2>/dev/null || true; rm -rf "$scratch"; cleanup_netns' EXIT

# The PLC: pymodbus on b, port 502, registers 0..99 holding their own numbers.
ip netns exec vr-b "$python" "$root/scripts/sample/modbus_server.py" 10.91.2.2 502 >"$scratch/plc.log" 2>&1 &
token=$("$vigil" hub enroll-token --dir "$scratch/hub")
ip netns exec vr-gw "$vigil" enforce --hub "https://10.91.0.1:$api" --enroll "$token" --name gateway-1 \
  --identity "$scratch/enforcer" >"$scratch/enforce.log" 2>&1 &
"$python" "$root/scripts/hub/response_check.py" --url "https://10.91.0.1:$api" --authority "$scratch/hub/authority.pem" \
  --hub-dir "$scratch/hub" --vigil "$vigil" --enforce-log "$scratch/enforce.log" || {
  echo "--- enforcer log" >&2; cat "$scratch/enforce.log" >&2
  echo "--- hub log" >&2; tail -20 "$scratch/serve.log" >&2
  exit 1
}
