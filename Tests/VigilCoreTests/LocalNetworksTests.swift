import Testing

@testable import VigilCore

/// Networks as conn.log's local_orig and local_resp use them (Zeek's Site::local_nets).
@Suite struct LocalNetworksTests {
    func address(_ text: String) -> IPAddress { IPAddress(parsing: text)! }

    @Test func networksContainTheirAddressesOnly() throws {
        let n = try #require(IPNetwork(parsing: "10.20.0.0/16"))
        #expect(n.contains(address("10.20.255.1")) && !n.contains(address("10.21.0.1")))
        #expect(!n.contains(address("::ffff:10.20.0.1")))  // an IPv6 address is never in an IPv4 network
        let v6 = try #require(IPNetwork(parsing: "fd00:1::/32"))
        #expect(v6.contains(address("fd00:1::5")) && !v6.contains(address("fd00:2::5")))
        let host = try #require(IPNetwork(parsing: "192.0.2.7"))
        #expect(host.prefixLength == 32 && host.contains(address("192.0.2.7")) && !host.contains(address("192.0.2.8")))
        #expect(IPNetwork(parsing: "0.0.0.0/0")!.contains(address("8.8.8.8")))
        #expect(IPNetwork(parsing: "10.0.0.0/8")!.description == "10.0.0.0/8")
        #expect(IPNetwork(parsing: "10.1.2.3/8")!.address == address("10.0.0.0"))  // host bits cleared
    }

    @Test func malformedNetworksAreRefused() {
        for bad in ["10.0.0.0/33", "::/129", "10.0.0/8", "10.0.0.0/", "10.0.0.0/-1", "plc", "10.0.0.0/8/8", "10.0.0.0/+8"] {
            #expect(IPNetwork(parsing: bad) == nil, "\(bad)")
        }
        #expect(throws: VigilError.self) { try LocalNetworks.parse("10.0.0.0/8,nope") }
    }

    @Test func privateAddressSpaceIsLocalByDefaultAsInZeek7() throws {
        let site = LocalNetworks.zeekDefault
        for local in ["10.1.2.3", "172.31.0.1", "192.168.1.1", "127.0.0.1", "169.254.3.4", "100.64.0.1", "fe80::1", "fd12::1", "::1"] {
            #expect(site.contains(address(local)), "\(local)")
        }
        for remote in ["8.8.8.8", "172.32.0.1", "3.15.227.20", "2001:4860::8888"] {
            #expect(!site.contains(address(remote)), "\(remote)")
        }
        let own = try LocalNetworks.parse("3.15.0.0/16", privateIsLocal: false)
        #expect(own.contains(address("3.15.227.20")) && !own.contains(address("10.1.2.3")))
        #expect(try LocalNetworks.parse("", privateIsLocal: false).networks.isEmpty)
    }
}
