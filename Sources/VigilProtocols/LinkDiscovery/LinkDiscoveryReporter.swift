import VigilCore
import VigilDecode
import VigilEvents

/// Turns an LLDP or CDP frame into events: the announcement itself, and the identity and roles
/// it gives the device at its (first) management address. A frame that names no management
/// address still reaches subscribers, but gives no asset an identity: the inventory keys
/// devices by IP address.
public enum LinkDiscoveryReporter {
    public static func report(_ frame: LinkDiscoveryFrame, at ts: Timestamp, sink: EventSink) {
        var a = DeviceAnnouncement(ts: ts, source: frame.kind == .lldp ? .lldp : .cdp, mac: frame.srcMAC)
        let weird: String?
        switch frame.kind {
        case .lldp: weird = LLDPParser.parse(frame.payload, into: &a).map { "\($0)" }
        case .cdp: weird = CDPParser.parse(frame.payload, into: &a).map { "\($0)" }
        }
        if let weird {
            sink.emit(
                .weird(Weird(ts: ts, uid: nil, id: nil, name: "\(a.source.rawValue)_malformed", addl: weird, source: a.source.rawValue)))
        }
        if let host = a.managementAddresses.first(where: \.isV4) ?? a.managementAddresses.first {
            identity(a, of: host, sink: sink)
        }
        sink.emit(.deviceAnnouncement(a))
    }

    static func identity(_ a: DeviceAnnouncement, of host: IPAddress, sink: EventSink) {
        let source = a.source.rawValue
        func emit(_ field: IdentityField, _ value: String?, _ what: String) {
            guard let value else { return }
            sink.emit(.identity(host: host, field: field, value: value, evidence: "\(source) \(what)"))
        }
        switch a.source {
        case .lldp:
            emit(.name, a.systemName, "System Name")
            emit(.product, a.systemDescription, "System Description")
            emit(.vendor, a.manufacturer, "LLDP-MED Manufacturer Name")
            emit(.model, a.model, "LLDP-MED Model Name")
            emit(.firmware, a.firmwareRevision, "LLDP-MED Firmware Revision")
            emit(.software, a.softwareRevision, "LLDP-MED Software Revision")
            emit(.serial, a.serialNumber, "LLDP-MED Serial Number")
        case .cdp:
            emit(.name, a.systemName, "Device ID")
            emit(.model, a.platform, "Platform")
            emit(.software, a.softwareVersion, "Software Version")
        }
        sink.emit(.role(host: host, role: "\(source)_speaker"))
        for c in a.capabilities where c != "other" { sink.emit(.role(host: host, role: c)) }
    }
}
