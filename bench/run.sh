#!/usr/bin/env bash
# Throughput and memory benchmark. Builds vigil in release, makes a capture by concatenating
# the corpus's Ethernet captures repeated to about 2 million packets, then prints packets per
# second for vigil (all logs written) on one core and with two workers on two cores, tcpdump's
# read rate (`tcpdump -r F -w /dev/null`) and ndpiReader's on the same file, with peak RSS.
# Usage: bench/run.sh [TARGET_PACKETS]   (default 2000000)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
target=${1:-2000000}
for tool in tcpdump ndpiReader mergecap capinfos /usr/bin/time; do
  command -v "$tool" >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump libndpi-bin wireshark-common time >/dev/null; break; }
done
swift build -c release --product vigil 2>&1 | tail -1
vigil=$(swift build -c release --show-bin-path)/vigil
work=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"
# Ethernet pcaps from the corpus (link type 1), classic pcap only so mergecap -a keeps them as is.
mapfile -t files < <(cd ../shared/corpus && for f in $(cut -f1 MANIFEST.tsv | tail -n +2 | grep -E '\.pcap$'); do
  [ "$(capinfos -E -T "$f" 2>/dev/null | tail -1 | cut -f2)" = "ether" ] && echo "../shared/corpus/$f"; done)
one="$work/one.pcap"
mergecap -a -F pcap -w "$one" "${files[@]}"
per=$(capinfos -c -T "$one" | tail -1 | cut -f2)
reps=$(( (target + per - 1) / per ))
big="$work/bench.pcap"
# Each repetition is shifted one hour later (editcap -t) so that every flow times out and
# comes back as a new connection: analyzers do full work on every copy instead of seeing
# retransmissions of the first.
args=()
for i in $(seq 0 $((reps - 1))); do
  editcap -F pcap -t $((i * 3600)) "$one" "$work/rep$i.pcap"
  args+=("$work/rep$i.pcap")
done
mergecap -a -F pcap -w "$big" "${args[@]}"
rm -f "$work"/rep*.pcap
packets=$(capinfos -c -T "$big" | tail -1 | cut -f2)
bytes=$(stat -c %s "$big")
echo "input: $packets packets, $bytes bytes ($reps × ${#files[@]} Ethernet corpus captures)"

# Best of three runs per tool: the machines are shared VMs and single runs vary by ±15%.
# Before each run the previous run's logs are deleted and the page cache's dirty pages are
# written out (sync): otherwise a run pays for truncating, or writing back, the 1.1 GB of
# logs the run before it wrote, which is not its own work.
measure() {  # name, output directory to clear (or -), command...
  local name=$1 out=$2; shift 2
  local best="" kb=0
  for _ in 1 2 3; do
    [ "$out" = - ] || rm -rf "$out"
    sync
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || true
    read -r s k < "$work/time"
    if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$s; fi
    [ "$k" -gt "$kb" ] && kb=$k
  done
  secs=$best
  rate=$(awk -v p="$packets" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? p / s : 0) }')
  awk -v n="$name" -v r="$rate" -v s="$secs" -v k="$kb" 'BEGIN { printf "%-36s %8.2f s %12.0f pkt/s %8.0f MB peak RSS\n", n, s, r, k / 1024 }'
}
measure "vigil analyze (all logs), 1 worker" "$work/out" taskset -c 0 "$vigil" analyze -q --workers 1 "$big" --out "$work/out"
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
