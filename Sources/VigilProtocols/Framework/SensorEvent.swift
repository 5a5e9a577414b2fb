import VigilCore
import VigilLogs

/// A field of a device's identity, each backed by evidence.
public enum IdentityField: String, Sendable, CaseIterable {
    case vendor, product, model, firmware, serial
    /// Application software version (BACnet), distinct from firmware.
    case software
    /// The name a device gives itself (BACnet object-name, S7 station name).
    case name
}

/// What analyzers tell the rest of the sensor. Analyzers never write files: they emit these,
/// and the log writer and the inventory consume them.
public enum SensorEvent: Sendable {
    /// A row for a protocol log.
    case log(LogRecord)
    /// A named protocol anomaly, written to weird.log.
    case weird(Weird)
    /// A device revealed part of its identity.
    case identity(host: IPAddress, field: IdentityField, value: String, evidence: String)
    /// A device showed a role (e.g. "modbus_server", "dns_server").
    case role(host: IPAddress, role: String)
    /// A device is known by a name (DNS answer, DHCP host name, MQTT client id).
    case hostname(host: IPAddress, name: String, evidence: String)
    /// Protocol messages decoded in one flow, reported when the flow ends (statistics and
    /// peer agreement). Counted per flow, not sent per message, to keep the hot path cheap.
    case messages(service: String, count: Int)
    /// DHCP/ARP tie a MAC to an address.
    case binding(mac: MACAddress, host: IPAddress, evidence: String)
}

/// Zeek's weird.log row: a named anomaly with optional detail.
public struct Weird: Sendable {
    public var ts: Timestamp
    public var uid: String?
    public var id: ConnectionID?
    public var name: String
    public var addl: String?
    public var source: String

    public init(ts: Timestamp, uid: String?, id: ConnectionID?, name: String, addl: String? = nil, source: String) {
        self.ts = ts
        self.uid = uid
        self.id = id
        self.name = name
        self.addl = addl
        self.source = source
    }

    public static let schema = LogSchema(
        path: "weird",
        fields: [
            LogField("ts", "time"), LogField("uid", "string"), LogField("id.orig_h", "addr"), LogField("id.orig_p", "port"),
            LogField("id.resp_h", "addr"), LogField("id.resp_p", "port"), LogField("name", "string"), LogField("addl", "string"),
            LogField("notice", "bool"), LogField("peer", "string"), LogField("source", "string"),
        ])

    /// The row's fields, in `schema` order (the same as `record`'s values).
    public func add(to row: inout LogRow) {
        row.add(time: ts)
        if let uid { row.add(string: uid) } else { row.addUnset() }
        if let id {
            row.add(address: id.origHost)
            row.add(count: UInt64(id.origPort))
            row.add(address: id.respHost)
            row.add(count: UInt64(id.respPort))
        } else {
            row.addUnset(count: 4)
        }
        row.add(string: name)
        if let addl { row.add(string: addl) } else { row.addUnset() }
        row.add(bool: false)
        row.add(name: "vigil")
        row.add(string: source)
    }

    public var record: LogRecord {
        LogRecord(
            Weird.schema,
            [
                .time(ts), .optional(uid), id.map { .addr($0.origHost) } ?? .unset, id.map { .port($0.origPort) } ?? .unset,
                id.map { .addr($0.respHost) } ?? .unset, id.map { .port($0.respPort) } ?? .unset, .string(name), .optional(addl),
                .bool(false), .string("vigil"), .string(source),
            ])
    }
}
