#!/usr/bin/env bash
# Detection benchmark, release build, one core (taskset -c 0), on bench/run.sh's capture:
#  1. `vigil analyze` with the shipped rule pack (the default) and a baseline learned from the
#     corpus played once, beside `--no-rules`: what detection as rows are written costs;
#  2. `vigil detect` over the JSON logs the analysis wrote, with the shipped pack and SigmaHQ's
#     Zeek rules: rows read per second, beside pySigma's SQLite backend running the same rules
#     over the same logs (loading the logs into SQLite, and the queries, timed apart).
# Usage: bench/detect.sh [TARGET_PACKETS]   (default 2000000)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
target=${1:-2000000}
. bench/common.sh

# A baseline learned from the corpus played once (bench/common.sh's one.pcap): the capture is
# that traffic again, later, so the check runs on every row and finds what a quiet day finds.
"$vigil" analyze -q --no-rules --workers 1 "$work/one.pcap" --out "$work/learn" --force
"$vigil" baseline learn "$work/learn" --out "$work/baseline.json"
rm -rf "$work/learn"

# Without detection, and with the shipped rules and the baseline, run in turn (five of each,
# the best kept): the machine's speed drifts from one minute to the next, and a cost measured
# as the difference of two rates needs both measured in the same minutes.
plain_best="" ruled_best="" ruled_kb=0 plain_kb=0
for _ in 1 2 3 4 5; do
  for mode in plain ruled; do
    rm -rf "$work/out" "$work/out-rules"
    sync
    if [ "$mode" = plain ]; then
      /usr/bin/time -f "%e %M" -o "$work/time" taskset -c 0 "$vigil" analyze -q --no-rules --workers 1 "$big" --out "$work/out" >/dev/null 2>&1 || true
    else
      /usr/bin/time -f "%e %M" -o "$work/time" taskset -c 0 "$vigil" analyze -q --workers 1 "$big" --out "$work/out-rules" \
        --baseline "$work/baseline.json" >/dev/null 2>&1 || true
    fi
    read -r s k < "$work/time"
    if [ "$mode" = plain ]; then
      if [ -z "$plain_best" ] || awk -v a="$s" -v b="$plain_best" 'BEGIN { exit !(a < b) }'; then plain_best=$s; fi
      [ "$k" -gt "$plain_kb" ] && plain_kb=$k
    else
      if [ -z "$ruled_best" ] || awk -v a="$s" -v b="$ruled_best" 'BEGIN { exit !(a < b) }'; then ruled_best=$s; fi
      [ "$k" -gt "$ruled_kb" ] && ruled_kb=$k
    fi
  done
done
# The last run's logs are kept for vigil detect and pySigma below.
rm -rf "$work/out"
taskset -c 0 "$vigil" analyze -q --no-rules --workers 1 "$big" --out "$work/out"
plain=$(awk -v p="$packets" -v s="$plain_best" 'BEGIN { printf "%.0f", p / s }')
ruled=$(awk -v p="$packets" -v s="$ruled_best" 'BEGIN { printf "%.0f", p / s }')
awk -v n="vigil analyze --no-rules, 1 worker" -v r="$plain" -v s="$plain_best" -v k="$plain_kb" 'BEGIN { printf "%-36s %8.2f s %12.0f pkt/s %8.0f MB peak RSS\n", n, s, r, k / 1024 }'
awk -v n="vigil analyze, rules + baseline" -v r="$ruled" -v s="$ruled_best" -v k="$ruled_kb" 'BEGIN { printf "%-36s %8.2f s %12.0f pkt/s %8.0f MB peak RSS\n", n, s, r, k / 1024 }'
notices=$(wc -l < "$work/out-rules/notice.log" 2>/dev/null || echo 0)
differences=$(grep -c '"rule_id":"baseline"' "$work/out-rules/notice.log" 2>/dev/null || true)
awk -v a="$plain" -v b="$ruled" -v n="$notices" -v d="${differences:-0}" \
  'BEGIN { printf "  rules and baseline cost %.1f%% of the rate (%d notices, %d of them baseline differences)\n", (a - b) * 100 / a, n, d }'
rm -rf "$work/out-rules"

rules=(--rules rules --rules ../shared/data/sigma/sigmahq-sigma/rules)
rows=$(cat "$work"/out/*.log | wc -l)
start=$(date +%s.%N)
taskset -c 0 "$vigil" detect -q "$work/out" "${rules[@]}" --out "$work/detect" --suppress-for 0
end=$(date +%s.%N)
read_rows=$(python3 - "$work/out" <<'PY'
import glob, os, re, sys
# The rows of the logs some rule reads (what vigil detect opens).
logs = set()
for f in glob.glob("rules/**/*.yml", recursive=True) + glob.glob("../shared/data/sigma/sigmahq-sigma/rules/**/*.yml", recursive=True):
    m = re.search(r"^\s+service: (\S+)", open(f).read(), re.M)
    if m: logs.add(m.group(1))
print(sum(sum(1 for _ in open(p)) for p in glob.glob(sys.argv[1] + "/*.log") if os.path.basename(p)[:-4] in logs))
PY
)
awk -v r="$read_rows" -v all="$rows" -v s="$(echo "$end - $start" | bc)" -v n="$(wc -l < "$work/detect/notice.log")" \
  'BEGIN { printf "%-36s %8.2f s %12.0f rows/s  (%d of %d rows are in logs the rules read; %d matches)\n", "vigil detect (JSON logs)", s, r / s, r, all, n }'
sigma_python="$(bash scripts/detect/venv.sh)"
taskset -c 0 "$sigma_python" - "$work/out" <<'PY'
import glob, os, sqlite3, sys, time
sys.path.insert(0, "scripts/detect")
import sigma_peer
import re
rule_files = sorted(glob.glob("rules/**/*.yml", recursive=True) + glob.glob("../shared/data/sigma/sigmahq-sigma/rules/**/*.yml", recursive=True))
# Only the logs some rule reads are loaded, as vigil detect opens only those.
logs = {m.group(1) for f in rule_files if (m := re.search(r"^\s+service: (\S+)", open(f).read(), re.M))}
files = [f for f in sorted(glob.glob(sys.argv[1] + "/*.log")) if os.path.basename(f)[:-4] in logs]
t0 = time.monotonic()
matches, _ = sigma_peer.pysigma_matches(rule_files, files, timings := {})
total = time.monotonic() - t0
rows = timings.get("rows", 0)
print(f"{'pySigma SQLite (load + queries)':36s} {total:8.2f} s {rows / total:12.0f} rows/s  (load {timings['load']:.2f} s, queries {timings['queries']:.2f} s; {sum(sum(c.values()) for c in matches.values())} matches)")
PY
