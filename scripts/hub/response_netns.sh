#!/usr/bin/env bash
# Response with real traffic: three hosts in network namespaces of their own (an engineering
# station "a", an intruder "c" and a PLC "b" running pymodbus) route through a gateway
# namespace "gw", where `vigil enforce` runs with the system's nft and `vigil sensor` watches
# the PLC's side and ships to the hub. The hub runs in this namespace, on a veth address the
# gateway reaches. scripts/hub/response_check.py then asks for blocks, a quarantine and a
# rate-limit through the API, has the intruder change a setpoint (which the sensor's alert and
# a playbook turn into a restore) and floods it with writes (which the sensor's correlation
# and an automatic playbook turn into a block); it
# approves what needs approving and checks each with packets and Modbus reads. Needs root.
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
# The shipped playbooks, and one restoring the test PLC's setpoint (holding register 5 of unit
# 1 holds 5) when a host that is no engineering station writes to it.
hub_playbooks=$(mktemp -d)
cp "$root"/playbooks/*.yml "$hub_playbooks/"
cat >"$hub_playbooks/restore-test-plc.yml" <<'YAML'
name: restore-test-plc
when:
  rules: [2d72d8e9-2f30-564c-acac-52c8800ba164]
  destinations: [10.91.2.2]
action: restore
register: {unit: 1, table: holding_register, address: 5, value: 5}
YAML
scratch_hub plant-sensor
trap 'kill $hub 2>/dev/null || true; rm -rf "$scratch" "$hub_playbooks"; gateway_netns_down' EXIT
# A sensor on the gateway watches the PLC's side and ships every second.
ip netns exec vr-gw "$vigil" sensor -i vr-g2 --out "$scratch/sensor-out" --ship --ship-seconds 1 --identity "$scratch/sensor" \
  >"$scratch/sensor.log" 2>&1 &

# The PLC: pymodbus on b, port 502, registers 0..99 holding their own numbers.
ip netns exec vr-b "$python" "$root/scripts/sample/modbus_server.py" 10.91.2.2 502 >"$scratch/plc.log" 2>&1 &
token=$("$vigil" hub enroll-token --dir "$scratch/hub")
ip netns exec vr-gw "$vigil" enforce --hub "https://10.91.0.1:$api" --enroll "$token" --name gateway-1 \
  --identity "$scratch/enforcer" >"$scratch/enforce.log" 2>&1 &
"$python" "$root/scripts/hub/response_check.py" --url "https://10.91.0.1:$api" --authority "$scratch/hub/authority.pem" \
  --hub-dir "$scratch/hub" --vigil "$vigil" --enforce-log "$scratch/enforce.log" || {
  echo "--- enforcer log" >&2; cat "$scratch/enforce.log" >&2
  echo "--- sensor log" >&2; tail -20 "$scratch/sensor.log" >&2
  echo "--- hub log" >&2; tail -20 "$scratch/serve.log" >&2
  exit 1
}
