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
# shellcheck source=scripts/hub/gateway_netns.sh
source "$root/scripts/hub/gateway_netns.sh"
gateway_netns_up
# shellcheck source=scripts/hub/scratch_hub.sh
source "$root/scripts/hub/scratch_hub.sh"
hub_host=10.91.0.1
hub_users="analyst-1:analyst admin-1:admin"
scratch_hub unused-sensor
trap 'kill $hub 2>/dev/null || true; rm -rf "$scratch"; gateway_netns_down' EXIT

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
