#!/usr/bin/env bash
# The hub's API against its own OpenAPI document, by schemathesis (PyPI): a hub is set up in a
# scratch folder, a sensor enrols and ships the attack sample (so sensors, devices, events and
# alerts exist), then schemathesis runs every check (no server error, status codes, content
# types and bodies as documented, invalid input refused, valid input accepted, methods not
# documented refused with 405, authentication not ignored) with an admin token. Fixed seed:
# the same cases every run, so a failure is reproducible.
# Usage: scripts/hub/api_peer.sh VIGIL SCHEMATHESIS
set -euo pipefail
vigil="$1"
schemathesis="$2"
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=scripts/hub/scratch_hub.sh
source "$root/scripts/hub/scratch_hub.sh"
scratch_hub api-peer
"$vigil" analyze -q "$root/samples/ot-attacks.pcap" --out "$scratch/out" --ship --identity "$scratch/sensor"
"$schemathesis" run "https://127.0.0.1:$api/openapi.json" --url "https://127.0.0.1:$api" \
  --tls-verify "$scratch/hub/authority.pem" -H "Authorization: Bearer $admin" \
  --checks all --max-examples 60 --workers 1 --seed 20261204 --no-color >"$scratch/schemathesis.log" 2>&1 || {
  cat "$scratch/schemathesis.log"
  echo "schemathesis found failures (above)" >&2
  exit 1
}
echo "Hub API: $(grep -E '[0-9]+ generated' "$scratch/schemathesis.log" | tr -s ' ')"
