"""Writes a capture of the same site traffic carried in each kind of tunnel Vigil opens.

Used by scripts/make-tunnel-sample.sh: OUTER is a capture of a real VXLAN tunnel's UDP
datagrams, INNER the Ethernet frames seen inside it. OUT gets OUTER as captured, then INNER
carried again in GRE, GRE with transparent Ethernet bridging, ERSPAN II and III, GENEVE,
IPv4 in IPv4, IPv6 in IPv4, Teredo and GTP-U, then OUTER carried in GRE and in GRE inside IPv4. Each
copy starts 1,000 s after the one before and has gateways of its own (10.N.0.1 on the site
side, 10.N.0.2 on the far side), so that no connection spans two copies.
"""

import struct
import sys

from scapy.all import GRE, IP, UDP, Ether, IPv6, Raw, load_contrib, rdpcap, wrpcap

load_contrib("gtp")
from scapy.contrib.gtp import GTP_U_Header  # noqa: E402

SPACING = 1000.0
SITE_A_MAC, SITE_B_MAC = "02:00:5e:00:90:01", "02:00:5e:00:90:02"


def ends(frame, near_prefix):
    """The copy's gateways for a frame, in its direction: the server side (.1) sends to .2."""
    inner = frame[IP] if IP in frame else frame[IPv6]
    from_server = inner.src in ("192.168.42.1", "fd42::1", "10.90.0.1")
    a, b = f"{near_prefix}.1", f"{near_prefix}.2"
    return (a, b) if from_server else (b, a)


def outer_ip(frame, prefix, proto=None):
    src, dst = ends(frame, prefix)
    eth = Ether(src=SITE_A_MAC, dst=SITE_B_MAC) if src.endswith(".1") else Ether(src=SITE_B_MAC, dst=SITE_A_MAC)
    return eth / (IP(src=src, dst=dst, proto=proto) if proto is not None else IP(src=src, dst=dst))


def gre_ip(frame, n):
    payload = frame[IP] if IP in frame else frame[IPv6]
    return outer_ip(frame, "10.91.0") / GRE(proto=0x0800 if IP in frame else 0x86DD) / payload


def gre_teb(frame, n):
    # Key and sequence number present, as Linux's gretap sends with `key` and `seq`.
    return outer_ip(frame, "10.92.0") / GRE(key_present=1, key=7, seqnum_present=1, seqence_number=n, proto=0x6558) / frame


def erspan2(frame, n):
    # ERSPAN type II (version 1): VLAN 0, CoS 0, session 12, index 0.
    header = struct.pack("!HHI", 1 << 12, 12, 0)
    return outer_ip(frame, "10.93.0") / GRE(seqnum_present=1, seqence_number=n, proto=0x88BE) / Raw(header) / frame


def erspan3(frame, n):
    # ERSPAN type III (version 2): session 13, a timestamp, hardware id 7, ingress, no
    # platform-specific subheader.
    first = (2 << 28) | 13
    last = (7 << 4) | (0 << 3)
    header = struct.pack("!IIHH", first, n * 100, 0, last)
    return outer_ip(frame, "10.94.0") / GRE(seqnum_present=1, seqence_number=n, proto=0x22EB) / Raw(header) / frame


def geneve(frame, n):
    # Version 0, one option of one 4-byte word (class 0x0103, type 0x80), VNI 4242, Ethernet.
    option = struct.pack("!HBB", 0x0103, 0x80, 1) + b"\x00\x00\x00\x2a"
    header = struct.pack("!BBH", len(option) // 4, 0, 0x6558) + struct.pack("!I", 4242 << 8) + option
    src, _ = ends(frame, "10.95.0")
    sport = 51000 if src.endswith(".2") else 52000
    return outer_ip(frame, "10.95.0") / UDP(sport=sport, dport=6081) / Raw(header) / frame


def ip_in_ip(frame, n):
    return outer_ip(frame, "10.96.0", proto=4) / frame[IP]


def ipv6_in_ip(frame, n):
    return outer_ip(frame, "10.97.0", proto=41) / frame[IPv6]


def teredo(frame, n):
    # The far side is the Teredo client on an ephemeral port; the site side answers from 3544.
    src, _ = ends(frame, "10.98.0")
    ports = (3544, 40001) if src.endswith(".1") else (40001, 3544)
    return outer_ip(frame, "10.98.0") / UDP(sport=ports[0], dport=ports[1]) / frame[IPv6]


def gtp_user(frame, n):
    # GTP-U between two gateways on port 2152; the site side numbers its packets (S flag),
    # so its header is 12 bytes and the far side's 8.
    payload = frame[IP] if IP in frame else frame[IPv6]
    src, _ = ends(frame, "10.87.0")
    header = GTP_U_Header(teid=0x4242, S=1, seq=n) if src.endswith(".1") else GTP_U_Header(teid=0x4343)
    return outer_ip(frame, "10.87.0") / UDP(sport=2152, dport=2152) / header / payload


def vxlan_in_gre(datagram, n):
    return outer_ip(datagram, "10.99.0") / GRE(proto=0x0800) / datagram[IP]


def vxlan_in_gre_in_ip(datagram, n):
    inner = IP(src=datagram[IP].src.replace("10.90.0", "10.88.0"), dst=datagram[IP].dst.replace("10.90.0", "10.88.0"))
    return outer_ip(datagram, "10.100.0", proto=4) / inner / GRE(proto=0x0800) / datagram[IP]


def main(outer_path, inner_path, out_path):
    outer = rdpcap(outer_path)
    inner = rdpcap(inner_path)
    v4 = [f for f in inner if IP in f]
    v6 = [f for f in inner if IPv6 in f]
    copies = [
        (gre_ip, inner), (gre_teb, inner), (erspan2, inner), (erspan3, inner), (geneve, inner),
        (ip_in_ip, v4), (ipv6_in_ip, v6), (teredo, v6), (gtp_user, inner), (vxlan_in_gre, outer), (vxlan_in_gre_in_ip, outer),
    ]
    start = float(min(outer[0].time, inner[0].time))
    written = list(outer)
    for k, (carry, frames) in enumerate(copies, start=1):
        for n, f in enumerate(frames):
            p = carry(f, n)
            p.time = start + k * SPACING + float(f.time - start)
            written.append(p)
    written.sort(key=lambda p: float(p.time))
    wrpcap(out_path, written, linktype=1)


if __name__ == "__main__":
    main(*sys.argv[1:4])
