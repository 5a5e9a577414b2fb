#!/usr/bin/env bash
# Throughput and memory benchmark. Builds vigil in release, makes a capture by concatenating
# the corpus's Ethernet captures repeated to about 2 million packets, then prints packets per
# second for vigil (all logs written, the shipped rules run) on one core and with two workers on two cores, tcpdump's
# read rate (`tcpdump -r F -w /dev/null`) and ndpiReader's on the same file, with peak RSS.
# Usage: bench/run.sh [TARGET_PACKETS]   (default 2000000)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
target=${1:-2000000}
. bench/common.sh
measure "vigil analyze (all logs, rules), 1 worker" "$work/out" taskset -c 0 "$vigil" analyze -q --workers 1 "$big" --out "$work/out"
one_rate=$rate
# What Vigil writes for that rate (ndpiReader and tcpdump write no per-message logs): rows and
# bytes, and the three largest logs.
rows=$(cat "$work"/out/*.log | wc -l)
logbytes=$(cat "$work"/out/*.log | wc -c)
awk -v r="$rows" -v b="$logbytes" -v p="$packets" 'BEGIN { printf "  logs written: %d rows, %.0f MB JSON (%.2f rows and %.0f bytes per packet)\n", r, b / 1e6, r / p, b / p }'
(cd "$work/out" && wc -c -- *.log | sort -n | tail -4 | head -3 | awk '{ printf "  %-24s %8.0f MB\n", $2, $1 / 1e6 }')
measure "vigil analyze, 2 workers (2 cores)" "$work/out-2" taskset -c 0,1 "$vigil" analyze -q --workers 2 "$big" --out "$work/out-2"
two_rate=$rate
# The two runs must have written the same logs (as sorted rows).
same=yes
for f in "$work"/out/*.log; do cmp -s <(sort "$f") <(sort "$work/out-2/$(basename "$f")") || same="no: $(basename "$f") differs"; done
awk -v a="$one_rate" -v b="$two_rate" -v same="$same" 'BEGIN { printf "  scaling: 1 worker %.0f pkt/s, 2 workers %.0f pkt/s = %.2fx; same logs: %s\n", a, b, b / a, same }'
rm -rf "$work/out-2"
# The same ratio from runs taken in turn, one worker then two, five times: the machine's speed
# drifts from minute to minute, and the two bests above may come from different minutes.
ratios=()
for _ in 1 2 3 4 5; do
  for n in 1 2; do
    rm -rf "$work/out-s"
    sync
    cores=0
    [ "$n" = 2 ] && cores=0,1
    /usr/bin/time -f "%e" -o "$work/time" taskset -c "$cores" "$vigil" analyze -q --workers "$n" "$big" --out "$work/out-s" >/dev/null 2>&1 || true
    read -r "s$n" <"$work/time"
  done
  ratios+=("$(awk -v a="$s1" -v b="$s2" 'BEGIN { printf "%.2f", a / b }')")
done
rm -rf "$work/out-s"
printf '  scaling, runs in turn: %s; median %s\n' "${ratios[*]}" "$(printf '%s\n' "${ratios[@]}" | sort -n | sed -n 3p)x"
measure "vigil analyze --format tsv, 1 worker" "$work/out-tsv" taskset -c 0 "$vigil" analyze -q --workers 1 "$big" --out "$work/out-tsv" --format tsv
measure "tcpdump -r -w /dev/null" - taskset -c 0 tcpdump -r "$big" -w /dev/null
measure "ndpiReader" - taskset -c 0 ndpiReader -i "$big" -q

# Memory: the same traffic four times over (each copy shifted in time), about 1.1 GB.
gig="$work/bench-1g.pcap"
shifted=()
for i in 1 2 3; do editcap -F pcap -t $((i * 400000)) "$big" "$work/shift$i.pcap"; shifted+=("$work/shift$i.pcap"); done
mergecap -a -F pcap -w "$gig" "$big" "${shifted[@]}"
rm -f "${shifted[@]}"
packets=$(capinfos -c -T "$gig" | tail -1 | cut -f2)
echo "memory input: $packets packets, $(stat -c %s "$gig") bytes"
measure "vigil analyze, ~1 GB, 1 worker" "$work/out-1g" taskset -c 0 "$vigil" analyze -q --workers 1 "$gig" --out "$work/out-1g"
measure "vigil analyze, ~1 GB, 2 workers" "$work/out-1g" taskset -c 0,1 "$vigil" analyze -q --workers 2 "$gig" --out "$work/out-1g"
rm -f "$gig"
