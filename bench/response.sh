#!/usr/bin/env bash
# Alert to block, release build: a hub with one automatic playbook (block the source of rule
# bench-attack), an enforcer in a gateway namespace applying rulesets with the system's nft,
# and a sensor shipping one alert at a time from a new source. For each alert, the time from
# the hub storing it (the action's `requested`) to the enforcer's report that nft applied the
# block (the action's `applied`), both on the hub's clock. Printed beside `nft -f` alone on the
# same ruleset: the floor no design of the hub could go under. Needs root.
# Usage: bench/response.sh [ALERTS]   (default 50)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
alerts=${1:-50}
swift build -c release --product vigil 2>&1 | tail -1
vigil=$(swift build -c release --show-bin-path)/vigil
root=$(pwd)
# shellcheck source=scripts/hub/gateway_netns.sh
source scripts/hub/gateway_netns.sh
gateway_netns_up
playbooks=$(mktemp -d)
cat >"$playbooks/bench.yml" <<'YAML'
name: bench-block
when: {rules: [bench-attack]}
action: block-host
approval: automatic
duration: 600
YAML
# shellcheck source=scripts/hub/scratch_hub.sh
source scripts/hub/scratch_hub.sh
hub_host=10.91.0.1
hub_playbooks=$playbooks
scratch_hub bench-sensor
trap 'kill $hub 2>/dev/null || true; rm -rf "$scratch" "$playbooks"; gateway_netns_down' EXIT
token=$("$vigil" hub enroll-token --dir "$scratch/hub")
ip netns exec vr-gw "$vigil" enforce --hub "https://10.91.0.1:$api" --enroll "$token" --name bench-gateway \
  --identity "$scratch/enforcer" >"$scratch/enforce.log" 2>&1 &
for _ in $(seq 1 100); do grep -q "Applied ruleset" "$scratch/enforce.log" && break; sleep 0.1; done
mkdir -p "$scratch/logs"
for i in $(seq 1 "$alerts"); do
  ts=$(date +%s.%N)
  printf '{"ts":%s,"note":"Sigma::Rule_Match","msg":"bench","src":"10.93.%d.%d","dst":"10.91.2.2","rule_id":"bench-attack","level":"high"}\n' \
    "$ts" $((i / 250)) $((i % 250 + 1)) >>"$scratch/logs/notice.log"
  "$vigil" ship "$scratch/logs" --identity "$scratch/sensor" >/dev/null
  # Let this block be applied before the next alert, so that each is timed alone.
  for _ in $(seq 1 50); do grep -c "Applied ruleset" "$scratch/enforce.log" | grep -qx $((i + 1)) && break; sleep 0.05; done
done
token=$("$vigil" hub token --dir "$scratch/hub" bench --role viewer | tail -1)
curl -s --cacert "$scratch/hub/authority.pem" -H "Authorization: Bearer $token" \
  "https://10.91.0.1:$api/api/v1/actions?limit=1000" >"$scratch/actions.json"
curl -s --cacert "$scratch/hub/authority.pem" -H "Authorization: Bearer $token" "https://10.91.0.1:$api/api/v1/ruleset" >"$scratch/ruleset.nft"
nft_ms=$(python3 - "$scratch/ruleset.nft" <<'PY'
import statistics, subprocess, sys, time
script = open(sys.argv[1]).read()
times = []
for _ in range(20):
    t = time.monotonic()
    subprocess.run(["ip", "netns", "exec", "vr-gw", "nft", "-f", "-"], input=script, text=True, check=True)
    times.append((time.monotonic() - t) * 1000)
print(f"{statistics.median(times):.0f}")
PY
)
python3 - "$scratch/actions.json" "$alerts" "$nft_ms" <<'PY'
import json, sys
items = json.load(open(sys.argv[1]))["items"]
took = sorted((a["applied"] - a["requested"]) * 1000 for a in items if a.get("applied"))
want, nft_ms = int(sys.argv[2]), sys.argv[3]
if len(took) < want:
    print(f"only {len(took)} of {want} blocks were applied", file=sys.stderr)
    sys.exit(1)
p = lambda q: took[min(len(took) - 1, int(q * len(took)))]
print(f"alert stored -> block applied by vigil enforce ({len(took)} alerts, one at a time): "
      f"p50 {p(0.5):.0f} ms, p95 {p(0.95):.0f} ms, max {took[-1]:.0f} ms")
print(f"nft -f alone, same ruleset ({len(took)} hosts), median of 20: {nft_ms} ms")
PY
