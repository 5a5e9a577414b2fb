# Sourced by the sample scripts: a server and a client network namespace joined by a veth
# pair, a scratch directory `$work`, and a cleanup on exit that stops every process left in
# the namespaces and deletes them. The caller sets SRV and CLI (namespace names), S and C
# (their /24 addresses) and SIF and CIF (the veth ends' names), then calls netns_pair.
work=$(mktemp -d)
netns_cleanup() {
  set +e
  for p in $(ip netns pids "$SRV" 2>/dev/null) $(ip netns pids "$CLI" 2>/dev/null); do kill "$p" 2>/dev/null; done
  sleep 0.5
  ip netns del "$SRV" 2>/dev/null; ip netns del "$CLI" 2>/dev/null
  rm -rf "$work"
}
trap netns_cleanup EXIT

netns_pair() {
  ip netns add "$SRV"; ip netns add "$CLI"
  ip link add "$SIF" type veth peer name "$CIF"
  ip link set "$SIF" netns "$SRV"; ip link set "$CIF" netns "$CLI"
  ip -n "$SRV" addr add "$S/24" dev "$SIF"; ip -n "$CLI" addr add "$C/24" dev "$CIF"
  ip -n "$SRV" link set "$SIF" up; ip -n "$CLI" link set "$CIF" up
  ip -n "$SRV" link set lo up; ip -n "$CLI" link set lo up
}
