#!/usr/bin/env bash
# Builds samples/rtsp-camera.pcap: a street camera (10.86.0.1) serving a test picture over
# RTSP with GStreamer's RTSP server library (scripts/identity/rtsp_camera.py) and a video
# recorder (10.86.0.2) opening its stream with GStreamer's rtspsrc (OPTIONS, DESCRIBE, SETUP,
# PLAY, then the interleaved RTP), in two network namespaces.
# Needs root (ip netns). Installs GStreamer's RTSP server and tools and tcpdump from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-samples/rtsp-camera.pcap}
SRV=vigil-rtsp-camera CLI=vigil-rtsp-recorder
S=10.86.0.1 C=10.86.0.2
SIF=rc0 CIF=rr0
. scripts/sample/netns-pair.sh

if ! /usr/bin/python3 -c 'import gi; gi.require_version("GstRtspServer", "1.0")' 2>/dev/null || ! command -v gst-launch-1.0 >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gir1.2-gst-rtsp-server-1.0 python3-gi gstreamer1.0-plugins-base \
    gstreamer1.0-plugins-good gstreamer1.0-tools tcpdump iproute2 >/dev/null
fi

netns_pair
ip netns exec $CLI tcpdump -i $CIF -U -s 0 -w "$work/cap.pcap" tcp >/dev/null 2>&1 &
TCPDUMP=$!
sleep 1
# Debian's own python3: GStreamer's bindings are Debian packages.
ip netns exec $SRV /usr/bin/python3 scripts/identity/rtsp_camera.py $S >"$work/camera.log" 2>&1 &
sleep 2
ip netns exec $CLI timeout 3 gst-launch-1.0 -q rtspsrc location=rtsp://$S:554/cam protocols=tcp ! fakesink >"$work/recorder.log" 2>&1 || true
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
mkdir -p "$(dirname "$OUT")"
cp "$work/cap.pcap" "$OUT"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes)"
