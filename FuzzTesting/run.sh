#!/usr/bin/env bash
# Builds every fuzz target with libFuzzer (-sanitize=fuzzer,address) and runs each briefly.
# Usage: FuzzTesting/run.sh [SECONDS_PER_TARGET]   (default 10)
# Seeds: FuzzTesting/Seeds/<target>/ plus, for FuzzCapture, small corpus captures.
# A crash is copied to FuzzTesting/FailCases/<target>/ — commit it: the test suite replays
# every FailCase as a regression test.
set -euo pipefail
cd "$(dirname "$0")"
export PATH=/opt/swift/usr/bin:$PATH
secs=${1:-10}
# The whole log is kept: a failed build prints its errors, and the disk and memory left. The
# targets share one executable (VigilFuzz), so this is one sanitized link, not thirty.
build_log=$(mktemp)
if ! swift build -c debug --scratch-path .build -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library > "$build_log" 2>&1; then
  echo "fuzz build failed; its errors, then the disk and memory left:"
  grep -E "error|Killed|No space|signal" "$build_log" | head -40 || true
  tail -20 "$build_log"; df -h . | tail -1; free -m | head -2
  exit 1
fi
tail -1 "$build_log"; rm -f "$build_log"
fuzzer="$(swift build -c debug --scratch-path .build --show-bin-path)/VigilFuzz"
targets=$("$fuzzer" --list)
status=0
for t in $targets; do
  work=$(mktemp -d)
  mkdir -p "Seeds/$t" "FailCases/$t"
  cp -r Seeds/$t/. "$work/" 2>/dev/null || true
  if [ "$t" = FuzzCapture ]; then
    { find ../../shared/corpus -name '*.pcap*' -size -4k 2>/dev/null || true; } | head -20 | while read -r f; do cp "$f" "$work/"; done || true
  fi
  if "$fuzzer" "$t" "$work" -max_total_time="$secs" -max_len=4096 -artifact_prefix="FailCases/$t/" -print_final_stats=1 > "$work.log" 2>&1; then
    echo "fuzz $t: $(grep -o 'stat::number_of_executed_units: [0-9]*' "$work.log" | grep -o '[0-9]*$') runs, no crash"
  else
    echo "fuzz $t: CRASH — input saved under FuzzTesting/FailCases/$t/"; tail -20 "$work.log"; status=1
  fi
  rm -rf "$work" "$work.log"
done
exit $status
