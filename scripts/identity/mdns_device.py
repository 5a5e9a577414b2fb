"""A street camera announcing itself over multicast DNS (python-zeroconf, RFC 6762/6763): its
host name, an RTSP stream and a web page, with the model and maker in the TXT records as
cameras and gateways publish them. Runs until killed."""
import socket
import sys
import time

from zeroconf import IPVersion, ServiceInfo, Zeroconf

address = sys.argv[1]
zc = Zeroconf(interfaces=[address], ip_version=IPVersion.V4Only)
for service, port, props in (
    ("_rtsp._tcp.local.", 554, {"md": "AXIS M3045-V", "manufacturer": "Axis", "path": "/axis-media/media.amp"}),
    ("_http._tcp.local.", 80, {"model": "AXIS M3045-V", "path": "/"}),
):
    zc.register_service(
        ServiceInfo(
            service, f"Tram Stop 12 Camera.{service}", addresses=[socket.inet_aton(address)], port=port, properties=props,
            server="tram-stop-12-cam.local."))
print("announced", flush=True)
while True:
    time.sleep(1)
