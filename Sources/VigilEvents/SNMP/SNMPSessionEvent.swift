import VigilCore

/// What one SNMP connection carried, as Zeek's snmp.log sums it up (base/protocols/snmp/
/// main.zeek), reported when the connection ends.
public struct SNMPSessionEvent: Sendable {
    /// The first SNMP message's time, and the last's.
    public var ts: Timestamp
    public var last: Timestamp
    public var flow: FlowRef
    /// The first message's version: "1", "2c", "3".
    public var version: String
    /// The first v1 or v2c message's community.
    public var community: String?
    /// Variable bindings in GetRequest and GetNextRequest PDUs, GetBulkRequest PDUs, Response
    /// PDUs and SetRequest PDUs.
    public var getRequests = 0
    public var getBulkRequests = 0
    public var getResponses = 0
    public var setRequests = 0
    /// The responder's sysDescr (1.3.6.1.2.1.1.1.0), as last answered.
    public var displayString: String?
    /// When the responder says it came up: the answer's time less its sysUpTime
    /// (1.3.6.1.2.1.1.3.0, hundredths of a second).
    public var upSince: Timestamp?

    public init(ts: Timestamp, flow: FlowRef, version: String) {
        self.ts = ts
        self.last = ts
        self.flow = flow
        self.version = version
    }
}
