import Testing

@testable import VigilCore

@Suite struct IPAddressTests {
    @Test func ipv6FormattingFollowsRFC5952() {
        #expect(IPAddress.v6(0, 1).description == "::1")
        #expect(IPAddress.v6(0x2001_0db8_0000_0000, 0x0000_0000_0000_0001).description == "2001:db8::1")
        #expect(IPAddress.v6(0x2001_0db8_0000_0001, 0x0000_0000_0001_0001).description == "2001:db8:0:1::1:1")
        #expect(IPAddress.v6(0xfe80_0000_0000_0000, 0x0211_22ff_fe33_4455).description == "fe80::211:22ff:fe33:4455")
        // A single zero group is not compressed (RFC 5952 §4.2.2).
        #expect(IPAddress.v6(0x2001_0db8_0000_0001, 0x0001_0001_0001_0001).description == "2001:db8:0:1:1:1:1:1")
    }

    @Test func ipv4Formatting() {
        #expect(IPAddress(parsing: "192.168.1.6")?.description == "192.168.1.6")
        #expect(IPAddress(parsing: "300.1.1.1") == nil)
        #expect(IPAddress(parsing: "10.0.0.+1") == nil)
        #expect(IPAddress(parsing: "fd00:0::0:66")?.description == "fd00::66")
        #expect(IPAddress(parsing: "fe80::1%eth0") == nil)
        #expect(IPAddress(parsing: "::ffff:10.0.0.1").map { !$0.isV4 } == true)
        #expect(IPAddress(parsing: "fd00::66::1") == nil)
        // Every octet width (1, 2 and 3 digits, and the edges) in every position.
        let octets: [UInt32] = [0, 9, 10, 99, 100, 255]
        for a in octets {
            for b in octets {
                for c in octets {
                    for d in octets {
                        let text = IPAddress.v4(a << 24 | b << 16 | c << 8 | d).description
                        #expect(text == "\(a).\(b).\(c).\(d)")
                    }
                }
            }
        }
    }

    @Test func timestampsPrintSixDecimalsLikeZeek() {
        #expect(Timestamp(seconds: 1_595_660_608, nanos: 237_857_000).zeekFormatted == "1595660608.237857")
        #expect(Timestamp(seconds: 5, nanos: 999).zeekFormatted == "5.000000")
        #expect(Timestamp.formatMicros(6_324_000) == "0.006324")
    }
}
