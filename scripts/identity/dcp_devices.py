"""PROFINET field devices answering DCP (IEC 61158-6-10 §4.3) on one network interface, for
scripts/make-dcp-sample.sh. Each device answers from its own MAC, as devices behind one switch
port would. Frames are packed here by the standard's layout and checked by tshark's PROFINET
DCP dissector (IdentityAgreementTests); the requests come from pnio_dcp.

Two devices: a named S7-1500 controller with an address, and a replacement I/O device fresh
from the box (no name, no address) that a Set gives a name, after which it answers with it.
Usage: dcp_devices.py INTERFACE SECONDS
"""
import ipaddress
import socket
import struct
import sys
import time

DEVICES = [
    {
        "mac": "00:1b:1b:84:05:01",  # a Siemens OUI
        "name": "pump-plc-3",
        "type": "S7-1500",
        "vendor": 0x002A,
        "device": 0x010E,
        "role": 0x02,  # IO controller
        "ip": "10.84.5.21",
    },
    {
        "mac": "00:1b:1b:84:05:02",
        "name": "",
        "type": "ET200SP",
        "vendor": 0x002A,
        "device": 0x0313,
        "role": 0x01,  # IO device
        "ip": "0.0.0.0",
    },
]


def block(option, suboption, value, block_info=0):
    """A DCP block of a response: option, suboption, length, BlockInfo, value, padded to even."""
    body = struct.pack(">H", block_info) + value
    out = struct.pack(">BBH", option, suboption, len(body)) + body
    return out + (b"\0" if len(body) % 2 else b"")


def blocks(d):
    ip_set = d["ip"] != "0.0.0.0"
    ip = ipaddress.IPv4Address(d["ip"]).packed
    mask = ipaddress.IPv4Address("255.255.255.0" if ip_set else "0.0.0.0").packed
    return b"".join(
        [
            # A device without a name still answers with the block, empty.
            block(2, 2, d["name"].encode()),
            block(2, 1, d["type"].encode()),  # Type of Station
            block(2, 3, struct.pack(">HH", d["vendor"], d["device"])),  # DeviceID
            block(2, 4, bytes([d["role"], 0])),  # DeviceRole
            # IP parameter: BlockInfo 1 "IP set", 0 "IP not set"; address, mask, gateway.
            block(1, 2, ip + mask + bytes(4), block_info=1 if ip_set else 0),
        ]
    )


def answer(out, raw):
    """Answers one received frame (raw bytes from the Ethernet header on)."""
    if len(raw) < 26 or raw[12:14] != b"\x88\x92":
        return
    dst, src = raw[0:6], raw[6:12]
    frame_id = int.from_bytes(raw[14:16], "big")
    service_id, service_type = raw[16], raw[17]
    xid = int.from_bytes(raw[18:22], "big")
    if service_type != 0:
        return
    for d in DEVICES:
        mac = bytes.fromhex(d["mac"].replace(":", ""))
        if frame_id == 0xFEFE and service_id == 5:  # Identify: every device answers a request for all
            payload = blocks(d)
            frame = 0xFEFF
        elif frame_id == 0xFEFD and service_id == 4 and dst == mac:  # Set
            # The NameOfStation block of a Set (option 2, suboption 2, then a 2-byte qualifier).
            i = raw.find(b"\x02\x02", 26)
            if i >= 0:
                length = int.from_bytes(raw[i + 2 : i + 4], "big")
                d["name"] = raw[i + 6 : i + 4 + length].decode()
            payload = b""
            frame = 0xFEFD
        else:
            continue
        if frame == 0xFEFD:
            # The Set response's control block: option 5, suboption 4 (Response), the option it
            # answers (2/2) and error 0, padded.
            payload = bytes.fromhex("0504000302020000")
        dcp = struct.pack(">HBBIHH", frame, service_id, 1, xid, 0, len(payload)) + payload
        reply = src + mac + b"\x88\x92" + dcp
        reply += bytes(max(0, 60 - len(reply)))  # Ethernet's minimum frame
        out.send(reply)


def main():
    iface, seconds = sys.argv[1], float(sys.argv[2])
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x8892))
    s.bind((iface, 0))
    s.settimeout(0.5)
    end = time.time() + seconds
    while time.time() < end:
        try:
            raw, addr = s.recvfrom(2048)
        except socket.timeout:
            continue
        if addr[2] == socket.PACKET_OUTGOING:
            continue
        answer(s, raw)


if __name__ == "__main__":
    main()
