# Sourced by the response check and its benchmark: a gateway namespace "vr-gw" routing between
# three hosts in namespaces of their own, a = 10.91.1.2, b = 10.91.2.2 and c = 10.91.3.2, and
# joined to this namespace by a veth pair (10.91.0.1 here, 10.91.0.2 on the gateway), so that
# a hub listening on 10.91.0.1 is reachable from the gateway. Needs root.
gateway_namespaces=(vr-gw vr-a vr-b vr-c)

gateway_netns_down() {
  local n p
  for n in "${gateway_namespaces[@]}"; do
    for p in $(ip netns pids "$n" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
  done
  sleep 0.3
  for n in "${gateway_namespaces[@]}"; do ip netns del "$n" 2>/dev/null || true; done
  ip link del vr-hub 2>/dev/null || true
}

gateway_netns_up() {
  gateway_netns_down
  local n i host
  for n in "${gateway_namespaces[@]}"; do ip netns add "$n"; ip -n "$n" link set lo up; done
  ip link add vr-hub type veth peer name vr-up
  ip link set vr-up netns vr-gw
  ip addr add 10.91.0.1/24 dev vr-hub && ip link set vr-hub up
  ip -n vr-gw addr add 10.91.0.2/24 dev vr-up && ip -n vr-gw link set vr-up up
  for i in 1 2 3; do
    host=${gateway_namespaces[$i]}
    ip -n vr-gw link add "vr-g$i" type veth peer name "vr-h$i"
    ip -n vr-gw link set "vr-h$i" netns "$host"
    ip -n vr-gw addr add "10.91.$i.1/24" dev "vr-g$i" && ip -n vr-gw link set "vr-g$i" up
    ip -n "$host" addr add "10.91.$i.2/24" dev "vr-h$i" && ip -n "$host" link set "vr-h$i" up
    ip -n "$host" route add default via "10.91.$i.1"
  done
  ip netns exec vr-gw sysctl -qw net.ipv4.ip_forward=1
}
