# Sourced by the benchmarks: installs the peers they compare with, builds vigil in release,
# makes the benchmark capture, and defines `measure`.
#
# The capture concatenates the corpus's Ethernet captures, repeated to about `target` packets
# ($1 of the caller, default 2,000,000). Sets: vigil, work, big (the capture), packets, bytes.
target=${target:-2000000}
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
