"""Prints the root device's fields of every UPnP device description in a capture, as read by
tshark (which reassembles the HTTP responses) and Python's own XML parser: the peer that the
identity Vigil reads from device descriptions is checked against.

Usage: python3 upnp_description_fields.py CAPTURE
Output: one line per description: the server's address, then element=value pairs, tab-separated.
"""
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{urn:schemas-upnp-org:device-1-0}"
FIELDS = ["manufacturer", "modelName", "modelNumber", "serialNumber", "friendlyName"]

out = subprocess.run(
    ["tshark", "-n", "-r", sys.argv[1], "-Y", 'http.response and http.content_type contains "xml"', "-T", "fields",
     "-e", "ip.src", "-e", "http.file_data"],
    check=True, capture_output=True, text=True).stdout
for line in out.splitlines():
    host, _, body = line.partition("\t")
    # tshark prints the body with C escapes for control characters.
    xml = body.encode("latin-1", "backslashreplace").decode("unicode_escape")
    try:
        root = ET.fromstring(xml.encode("utf-8"))
    except ET.ParseError:
        continue
    device = root.find(NS + "device")
    if device is None:
        continue
    pairs = [f"{f}={device.findtext(NS + f).strip()}" for f in FIELDS if (device.findtext(NS + f) or "").strip()]
    print("\t".join([host] + pairs))
