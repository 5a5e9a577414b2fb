"""A monitoring station looking for cameras and web devices over multicast DNS
(python-zeroconf): browses _rtsp._tcp and _http._tcp and resolves what answers."""
import sys
import time

from zeroconf import IPVersion, ServiceBrowser, ServiceListener, Zeroconf

found = {}


class Listener(ServiceListener):
    def add_service(self, zc, type_, name):
        found[name] = zc.get_service_info(type_, name, timeout=2000)

    def update_service(self, zc, type_, name):
        pass

    def remove_service(self, zc, type_, name):
        pass


zc = Zeroconf(interfaces=[sys.argv[1]], ip_version=IPVersion.V4Only)
ServiceBrowser(zc, ["_rtsp._tcp.local.", "_http._tcp.local."], Listener())
time.sleep(4)
for name, info in found.items():
    print(name, info.properties if info else None)
zc.close()
