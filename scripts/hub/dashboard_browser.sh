#!/usr/bin/env bash
# The dashboard in a real browser: a hub is set up in a scratch folder with a viewer, an
# analyst and an admin; a sensor enrols and ships the bundled city sample and the attack
# sample; then headless chromium, driven by selenium, does what people do there
# (scripts/hub/dashboard_browser.py). Screenshots of every page go to
# test-artifacts/dashboard/.
# Usage: scripts/hub/dashboard_browser.sh VIGIL PYTHON
set -euo pipefail
vigil="$1"
python="$2"
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=scripts/hub/scratch_hub.sh
source "$root/scripts/hub/scratch_hub.sh"
hub_users="viewer-1:viewer analyst-1:analyst admin-1:admin"
scratch_hub city-sensor
"$vigil" analyze -q "$root/samples/city-sample.pcap" --out "$scratch/city" --ship --identity "$scratch/sensor"
"$vigil" analyze -q "$root/samples/ot-attacks.pcap" --out "$scratch/attack" --ship --identity "$scratch/sensor"
mkdir -p "$root/test-artifacts/dashboard"
"$python" "$root/scripts/hub/dashboard_browser.py" --url "https://127.0.0.1:$api" --shots "$root/test-artifacts/dashboard" \
  --assets "$scratch/city/assets.json" --assets "$scratch/attack/assets.json"
