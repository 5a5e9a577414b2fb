import VigilCore
import VigilDecode
import VigilEvents

/// Turns an LLDP, CDP or PROFINET DCP frame into events: the announcement itself, and the
/// identity and roles it gives the device, at its (first) management address, or by its MAC
/// when it names none (a switch without one, a PROFINET device still waiting for an address).
public enum LinkDiscoveryReporter {
    public static func report(_ frame: LinkDiscoveryFrame, at ts: Timestamp, sink: EventSink) {
        let source: DeviceAnnouncement.Source
        switch frame.kind {
        case .lldp: source = .lldp
        case .cdp: source = .cdp
        case .profinetDCP:
            // A DCP request names nothing of its sender (a Set names what it writes elsewhere).
            guard ProfinetDCPParser.speaksForDevice(frame.payload) else { return }
            source = .dcp
        }
        var a = DeviceAnnouncement(ts: ts, source: source, mac: frame.srcMAC)
        let weird: String?
        switch frame.kind {
        case .lldp: weird = LLDPParser.parse(frame.payload, into: &a).map { "\($0)" }
        case .cdp: weird = CDPParser.parse(frame.payload, into: &a).map { "\($0)" }
        case .profinetDCP: weird = ProfinetDCPParser.parse(frame.payload, into: &a).map { "\($0)" }
        }
        if let weird {
            sink.emit(
                .weird(Weird(ts: ts, uid: nil, id: nil, name: "\(a.source.rawValue)_malformed", addl: weird, source: a.source.rawValue)))
        }
        if let host = a.managementAddresses.first(where: \.isV4) ?? a.managementAddresses.first {
            // A DCP device states the address of the interface it answers from; LLDP and CDP
            // may name a management address on another interface or VLAN than the frame's port.
            if a.source == .dcp, let mac = a.mac, !mac.isGroup { sink.emit(.binding(mac: mac, host: host, evidence: "dcp IP")) }
            identity(a) { field, value, evidence in sink.emit(.identity(host: host, field: field, value: value, evidence: evidence)) }
            roles(a) { sink.emit(.role(host: host, role: $0)) }
        } else if let mac = a.mac, !mac.isGroup {
            identity(a) { field, value, evidence in sink.emit(.macIdentity(mac: mac, field: field, value: value, evidence: evidence)) }
            roles(a) { sink.emit(.macRole(mac: mac, role: $0)) }
        }
        sink.emit(.deviceAnnouncement(a))
    }

    /// The identity fields an announcement gives, with their evidence.
    static func identity(_ a: DeviceAnnouncement, _ emit: (IdentityField, String, String) -> Void) {
        let source = a.source.rawValue
        func field(_ field: IdentityField, _ value: String?, _ what: String) {
            guard let value else { return }
            emit(field, value, "\(source) \(what)")
        }
        switch a.source {
        case .lldp:
            field(.name, a.systemName, "System Name")
            field(.product, a.systemDescription, "System Description")
            field(.vendor, a.manufacturer, "LLDP-MED Manufacturer Name")
            field(.model, a.model, "LLDP-MED Model Name")
            field(.firmware, a.firmwareRevision, "LLDP-MED Firmware Revision")
            field(.software, a.softwareRevision, "LLDP-MED Software Revision")
            field(.serial, a.serialNumber, "LLDP-MED Serial Number")
        case .cdp:
            field(.name, a.systemName, "Device ID")
            field(.model, a.platform, "Platform")
            field(.software, a.softwareVersion, "Software Version")
        case .dcp:
            field(.name, a.systemName, "NameOfStation")
            field(.model, a.model, "Type of Station")
            if let v = a.vendorID, let d = a.deviceID {
                field(
                    .product, "PROFINET vendor \(Hex.prefixed(UInt64(v), width: 4)) device \(Hex.prefixed(UInt64(d), width: 4))", "DeviceID"
                )
            }
        }
    }

    /// The roles: speaking the protocol, and each capability or device role it has enabled.
    static func roles(_ a: DeviceAnnouncement, _ emit: (String) -> Void) {
        emit("\(a.source.rawValue)_speaker")
        for c in a.capabilities where c != "other" { emit(c) }
    }
}
