import Foundation
import Testing
import VigilCore
import VigilEvents
import VigilInventory

@testable import VigilProtocols
@testable import VigilSensor

/// Device identity read by Vigil agrees with tshark's dissection of the same bytes: for every
/// corpus capture tshark decodes as S7comm, EtherNet/IP and CIP, Modbus, BACnet or OPC UA, and for the
/// project's samples, each identity field Vigil reports for a host must be among the values
/// tshark shows in packets that host sent.
@Suite struct IdentityAgreementTests {
    struct Peer: Sendable {
        var manifestName: String
        var field: IdentityFieldName
        /// tshark fields: the value field, optionally preceded by a selector field whose value
        /// must equal `selector` at the same position (Modbus object ids).
        var tsharkField: String
        var selectorField: String? = nil
        var selector: String? = nil
        var transform: @Sendable (String) -> String = { $0 }
        /// For values tshark shows only as text (BACnet property values): `tsharkField` is then a
        /// display filter, and the value is read from PDML lines "<label>: UTF-8 '<value>'".
        var pdmlLabel: String? = nil
        /// The tshark field naming the device: the packet's source address, or for link-layer
        /// announcements (no IP header) the management address the frame gives.
        var hostField = "ip.src"
        /// Packets to read, when not every packet carrying `tsharkField` speaks for its sender.
        var displayFilter: String? = nil
    }

    static let peers: [Peer] = [
        Peer(manifestName: "s7comm", field: .product, tsharkField: "s7comm.szl.xy11.0001.anz"),
        Peer(manifestName: "s7comm", field: .model, tsharkField: "s7comm.szl.001c.0007.cputypname"),
        Peer(manifestName: "s7comm", field: .serial, tsharkField: "s7comm.szl.001c.0005.serialn"),
        Peer(manifestName: "enip", field: .model, tsharkField: "enip.lir.name"),
        Peer(manifestName: "enip", field: .serial, tsharkField: "enip.lir.serial"),
        // tshark prints the vendor number; its name comes from the table generated from tshark's own list.
        Peer(manifestName: "enip", field: .vendor, tsharkField: "enip.lir.vendor") { v in
            NumberedNames.cipVendors[UInt32(v.dropFirst(2), radix: 16) ?? UInt32.max] ?? v
        },
        // The Identity object read by explicit messaging (Get_Attributes_All, Get_Attribute_Single).
        Peer(manifestName: "cip", field: .model, tsharkField: "cip.id.product_name"),
        Peer(manifestName: "cip", field: .serial, tsharkField: "cip.id.serial_number"),
        Peer(manifestName: "cip", field: .vendor, tsharkField: "cip.id.vendor_id") { v in
            NumberedNames.cipVendors[UInt32(v.dropFirst(2), radix: 16) ?? UInt32.max] ?? v
        },
        Peer(manifestName: "cip", field: .product, tsharkField: "cip.id.device_type") { v in
            NumberedNames.cipDeviceTypes[UInt32(v.dropFirst(2), radix: 16) ?? UInt32.max] ?? v
        },
        // Multicast DNS responders: DNS-SD TXT keys and service instance names.
        Peer(manifestName: "mdns", field: .model, tsharkField: "dns.txt") { v in
            v.hasPrefix("md=") ? String(v.dropFirst(3)) : v.hasPrefix("model=") ? String(v.dropFirst(6)) : ""
        },
        Peer(manifestName: "mdns", field: .vendor, tsharkField: "dns.txt") { v in
            v.hasPrefix("manufacturer=") ? String(v.dropFirst(13)) : ""
        },
        Peer(manifestName: "mdns", field: .name, tsharkField: "dns.resp.name") { v in
            // Instance names only: a browser's questions name bare service types (_rtsp._tcp.local).
            v.hasPrefix("_") ? "" : v.range(of: "._").map { String(v[..<$0.lowerBound]) } ?? ""
        },
        Peer(
            manifestName: "modbus", field: .vendor, tsharkField: "modbus.object_str_value", selectorField: "modbus.object_id", selector: "0"
        ),
        Peer(
            manifestName: "modbus", field: .product, tsharkField: "modbus.object_str_value", selectorField: "modbus.object_id",
            selector: "4"),
        Peer(
            manifestName: "modbus", field: .firmware, tsharkField: "modbus.object_str_value", selectorField: "modbus.object_id",
            selector: "2"),
        // BACnet: the vendor id in I-Am and in the device's vendor-identifier property, named
        // from the generated registry; model-name and firmware-revision from ReadProperty-ACKs.
        Peer(manifestName: "bacnet", field: .vendor, tsharkField: "bacapp.vendor_identifier") { v in
            NumberedNames.bacnetVendors[UInt32(v) ?? UInt32.max] ?? v
        },
        Peer(
            manifestName: "bacnet", field: .model, tsharkField: "bacapp.type == 3 && bacapp.property_identifier == 70",
            pdmlLabel: "model-name"),
        Peer(
            manifestName: "bacnet", field: .firmware, tsharkField: "bacapp.type == 3 && bacapp.property_identifier == 44",
            pdmlLabel: "firmware-revision"),
        // SNMP: an agent's answers for sysDescr.0 and sysName.0 (tshark prints OCTET STRINGs in hex).
        Peer(
            manifestName: "snmp", field: .product, tsharkField: "snmp.value.octets", selectorField: "snmp.name",
            selector: "1.3.6.1.2.1.1.1.0", transform: IdentityAgreementTests.fromHex),
        Peer(
            manifestName: "snmp", field: .name, tsharkField: "snmp.value.octets", selectorField: "snmp.name",
            selector: "1.3.6.1.2.1.1.5.0", transform: IdentityAgreementTests.fromHex),
        // RTSP: a server's Server header, which tshark shows only as a line of text.
        Peer(manifestName: "rtsp", field: .software, tsharkField: "text") { line in
            line.hasPrefix("Server: ") ? String(line.dropFirst(8).prefix { $0 != "\\" }) : ""
        },
        // SSDP: a UPnP device's SERVER header (tshark dissects SSDP as HTTP).
        Peer(manifestName: "ssdp", field: .software, tsharkField: "http.server"),
        // LLDP and CDP: a device's announcement, at the management address it gives.
        Peer(manifestName: "lldp", field: .name, tsharkField: "lldp.tlv.system.name", hostField: "lldp.mgn.addr.ip4"),
        Peer(manifestName: "lldp", field: .product, tsharkField: "lldp.tlv.system.desc", hostField: "lldp.mgn.addr.ip4"),
        Peer(manifestName: "lldp", field: .software, tsharkField: "lldp.media.software", hostField: "lldp.mgn.addr.ip4"),
        Peer(manifestName: "cdp", field: .name, tsharkField: "cdp.deviceid", hostField: "cdp.nrgyz.ip_address"),
        Peer(manifestName: "cdp", field: .model, tsharkField: "cdp.platform", hostField: "cdp.nrgyz.ip_address"),
        // PROFINET DCP: a device's answers to Identify, by the MAC it answers from (a device
        // fresh from the box has no address yet).
        // A Set request carries the name it gives another device: only answers are read.
        Peer(
            manifestName: "dcp", field: .name, tsharkField: "pn_dcp.suboption_device_nameofstation", hostField: "eth.src",
            displayFilter: "pn_dcp.service_type == 1"),
        Peer(
            manifestName: "dcp", field: .model, tsharkField: "pn_dcp.suboption_device_devicevendorvalue", hostField: "eth.src",
            displayFilter: "pn_dcp.service_type == 1"),
        // OPC UA: BuildInfo read whole or inside ServerStatus, which tshark dissects field by field.
        Peer(manifestName: "opcua", field: .vendor, tsharkField: "opcua.ManufacturerName"),
        Peer(manifestName: "opcua", field: .model, tsharkField: "opcua.ProductName"),
        Peer(manifestName: "opcua", field: .firmware, tsharkField: "opcua.SoftwareVersion"),
    ]

    /// Text from tshark's hex digits (SNMP OCTET STRING values).
    @Sendable static func fromHex(_ hex: String) -> String {
        var bytes: [UInt8] = []
        var i = hex.startIndex
        while let j = hex.index(i, offsetBy: 2, limitedBy: hex.endIndex), j > i, let b = UInt8(hex[i..<j], radix: 16) {
            bytes.append(b)
            i = j
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// host → values of `label` in PDML of the packets matching `filter`.
    static func pdmlValues(_ path: String, filter: String, label: String) throws -> [String: Set<String>] {
        let data = try Corpus.tshark(["-n", "-r", path, "-Y", filter, "-T", "pdml"])
        var result: [String: Set<String>] = [:]
        var host = ""
        let prefix = "show=\"\(label): UTF-8 &#x27;"
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            if line.contains("name=\"ip.src\""), let r = line.range(of: "show=\"") {
                host = String(line[r.upperBound...].prefix { $0 != "\"" })
            } else if let r = line.range(of: prefix), let end = line[r.upperBound...].range(of: "&#x27;\"") {
                result[host, default: []].insert(String(line[r.upperBound..<end.lowerBound]))
            }
        }
        return result
    }

    /// host → values tshark shows for the peer's field in packets from that host.
    static func tsharkValues(_ path: String, _ peer: Peer) throws -> [String: Set<String>] {
        if let label = peer.pdmlLabel { return try pdmlValues(path, filter: peer.tsharkField, label: label) }
        var fields = ["-e", peer.hostField, "-e", peer.tsharkField]
        if let s = peer.selectorField { fields += ["-e", s] }
        let data = try Corpus.tshark(
            [
                "-n", "-r", path, "-Y", peer.displayFilter ?? peer.tsharkField, "-T", "fields", "-E", "occurrence=a", "-E",
                "aggregator=\u{1}",
            ] + fields)
        var result: [String: Set<String>] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cols.count >= 2 else { continue }
            let values = cols[1].split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
            let selectors = cols.count > 2 ? cols[2].split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init) : []
            for (i, v) in values.enumerated() {
                if let want = peer.selector, i >= selectors.count || selectors[i] != want { continue }
                let trimmed = peer.transform(v.trimmingCharacters(in: .whitespaces))
                if !trimmed.isEmpty { result[cols[0], default: []].insert(trimmed) }
            }
        }
        return result
    }

    @Test func identityFieldsAgreeWithTshark() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer")
        try #require(Corpus.available)
        var compared: [String: (agree: Int, total: Int)] = [:]
        var failures: [String] = []
        var captures = try Corpus.manifest().map { ($0.file, Corpus.root.appendingPathComponent($0.file).path, $0.protocols) }
        // The project's samples, made with real software (scripts/make-*-sample.sh), and the peers each carries.
        let samples = [
            ("city-sample", "modbus"), ("opcua-buildinfo", "opcua"), ("mdns-camera", "mdns"), ("cip-identity", "cip"),
            ("rtsp-camera", "rtsp"), ("upnp-display", "ssdp"), ("snmp-agent", "snmp"), ("profinet-dcp", "dcp"), ("lldp-cdp", "lldp,cdp"),
        ]
        for (sample, peers) in samples {
            let file = "samples/\(sample).pcap"
            captures.append((file, Corpus.packageRoot.appendingPathComponent(file).path, "tshark=\(peers)"))
        }
        for (name, path, protocols) in captures where path.hasSuffix("pcap") || path.hasSuffix("pcapng") {
            let names = protocols.split(whereSeparator: { ",;= ".contains($0) }).map(String.init)
            let wanted = Self.peers.filter { names.contains($0.manifestName) }
            guard !wanted.isEmpty else { continue }
            let pipeline = name.hasPrefix("samples/") ? TsharkAgreementTests.analyze(path).1 : Corpus.analyze(name).1
            let assets = pipeline.inventory.assets
            for peer in wanted {
                for (host, theirs) in try Self.tsharkValues(path, peer) {
                    // Non-IP frames (BACnet over Ethernet: no ip.src) and group addresses used as
                    // a source (a spoofed 192.168.0.255 I-Am) are not assets.
                    let byMAC = peer.hostField == "eth.src"
                    guard byMAC || IPAddress(parsing: host).map({ !$0.isGroup }) == true else { continue }
                    let key = "\(peer.manifestName) \(peer.field.rawValue) (\(peer.tsharkField))"
                    let asset = assets.first { a in byMAC ? a.mac?.description == host : a.ips.contains { "\($0)" == host } }
                    let ours = asset?.identity[peer.field]?.value
                    var c = compared[key] ?? (0, 0)
                    c.total += 1
                    if let ours, theirs.contains(ours) {
                        c.agree += 1
                    } else {
                        failures.append("\(key) \(name) host \(host): vigil \(ours ?? "nothing"), tshark \(theirs.sorted())")
                    }
                    compared[key] = c
                }
            }
        }
        print("== identity agreement with tshark (host × field) ==")
        for (k, v) in compared.sorted(by: { $0.key < $1.key }) { print("  \(k): \(v.agree)/\(v.total)") }
        #expect(compared.count >= 6, "too few identity fields compared: \(compared.keys.sorted())")
        #expect(failures.isEmpty, Comment(rawValue: failures.joined(separator: "\n")))
    }
}
