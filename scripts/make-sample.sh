#!/usr/bin/env bash
# Builds samples/city-sample.pcap from real software talking across two network namespaces:
#   pymodbus server+client (Modbus/TCP, with FC43 device identification), mosquitto with
#   mosquitto_pub/sub (MQTT 3.1.1 and 5.0), dnsmasq answering dig (DNS over UDP and TCP),
#   curl against Python's HTTP server over plain HTTP and HTTPS, and a DHCP exchange between
#   dnsmasq and busybox's udhcpc (with a host name and vendor class).
# Needs root (ip netns). Installs what it needs from Debian and PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-samples/city-sample.pcap}
SRV=vigil-sample-srv CLI=vigil-sample-cli
S=10.77.0.1 C=10.77.0.2
SIF=vs0 CIF=vc0
. scripts/sample/netns-pair.sh

if ! command -v mosquitto >/dev/null || ! command -v dnsmasq >/dev/null || ! command -v dig >/dev/null || ! command -v tcpdump >/dev/null || ! command -v busybox >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto mosquitto-clients dnsmasq-base dnsutils tcpdump curl iproute2 openssl busybox >/dev/null
fi
python3 -m venv "$work/venv" && "$work/venv/bin/pip" install -q pymodbus==3.6.9
PY="$work/venv/bin/python"

netns_pair
# Fixed MACs from a real vendor block so the OUI lookup has something to find.
ip -n $SRV link set vs0 address 00:80:f4:10:20:01   # Telemecanique (Schneider) OUI
ip -n $CLI link set vc0 address 00:1b:1b:30:40:02   # Siemens OUI

cat > "$work/hosts" <<HOSTS
$S pump-plc.city.example
$S broker.city.example
$S portal.city.example
HOSTS
ip netns exec $SRV dnsmasq --no-daemon --no-resolv --no-hosts --addn-hosts="$work/hosts" --interface=vs0 --bind-interfaces \
  --dhcp-range=10.77.0.100,10.77.0.150,12h --dhcp-option=option:domain-name,city.example --dhcp-leasefile="$work/leases" \
  --txt-record=city.example,"vigil sample zone" --mx-host=city.example,mail.city.example,10 >/dev/null 2>&1 &
printf 'listener 1883 %s\nallow_anonymous true\n' $S > "$work/mosquitto.conf"
ip netns exec $SRV mosquitto -c "$work/mosquitto.conf" >/dev/null 2>&1 &
ip netns exec $SRV "$PY" scripts/sample/modbus_server.py $S 502 >/dev/null 2>&1 &
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=portal.city.example/O=Vigil Sample City" \
  -keyout "$work/key.pem" -out "$work/cert.pem" >/dev/null 2>&1
mkdir -p "$work/www" && echo "tram stop 12: service normal" > "$work/www/index.html"
ip netns exec $SRV "$PY" -m http.server 80 --bind $S --directory "$work/www" >/dev/null 2>&1 &
cat > "$work/https.py" <<PYEOF
import http.server, ssl, functools
h = functools.partial(http.server.SimpleHTTPRequestHandler, directory="$work/www")
s = http.server.HTTPServer(("$S", 443), h)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); ctx.maximum_version = ssl.TLSVersion.TLSv1_2
ctx.load_cert_chain("$work/cert.pem", "$work/key.pem"); s.socket = ctx.wrap_socket(s.socket, server_side=True)
s.serve_forever()
PYEOF
ip netns exec $SRV "$PY" "$work/https.py" >/dev/null 2>&1 &
sleep 3

ip netns exec $CLI tcpdump -i vc0 -U -s 0 -w "$work/cap.pcap" >/dev/null 2>&1 &
TCPDUMP=$!
sleep 1
# DHCP: discover/offer/request/ack; the script is /bin/true so nothing is reconfigured.
ip netns exec $CLI busybox udhcpc -i vc0 -n -q -f -t 3 -s /bin/true -x hostname:tram-display-12 -V vigil-display/1.0 >/dev/null 2>&1 || true
ip netns exec $CLI dig +tries=1 +time=2 @$S pump-plc.city.example A >/dev/null
ip netns exec $CLI dig +tries=1 +time=2 @$S broker.city.example A >/dev/null
ip netns exec $CLI dig +tries=1 +time=2 @$S city.example TXT >/dev/null
ip netns exec $CLI dig +tries=1 +time=2 @$S city.example MX >/dev/null
ip netns exec $CLI dig +tries=1 +time=2 @$S missing.city.example A >/dev/null || true
ip netns exec $CLI dig +tcp +tries=1 +time=2 @$S portal.city.example A >/dev/null
ip netns exec $CLI "$PY" scripts/sample/modbus_client.py $S 502
ip netns exec $CLI mosquitto_sub -h $S -V mqttv311 -i tram-stop-12-display -t 'city/tram/#' -C 2 -W 5 >/dev/null &
SUB=$!
sleep 0.5
ip netns exec $CLI mosquitto_pub -h $S -V mqttv311 -i tram-stop-12-sensor -t city/tram/stop12/occupancy -m '{"people":14}' -q 1
ip netns exec $CLI mosquitto_pub -h $S -V mqttv5 -i streetlight-0042 -t city/tram/stop12/light -m 'on' -q 2
wait $SUB || true
ip netns exec $CLI curl -s -o /dev/null -A "vigil-sample/1.0" http://portal.city.example/ --resolve portal.city.example:80:$S
ip netns exec $CLI curl -s -o /dev/null -k https://portal.city.example/ --resolve portal.city.example:443:$S
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
mkdir -p "$(dirname "$OUT")"
cp "$work/cap.pcap" "$OUT"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes)"
