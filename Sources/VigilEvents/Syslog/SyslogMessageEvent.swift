import VigilCore

/// One syslog message over UDP (RFC 3164, RFC 5424 §6): its priority split into facility and
/// severity (§6.2.1), and the rest of the datagram as sent.
public struct SyslogMessageEvent: Sendable {
    public var ts: Timestamp
    public var flow: FlowRef
    /// Facility (0–23) and severity (0–7): the priority is facility × 8 + severity.
    public var facility: Int
    public var severity: Int
    /// What follows the priority's closing `>`: the header (time stamp, host name, tag) and
    /// the message, as Zeek logs it.
    public var message: [UInt8]

    public init(ts: Timestamp, flow: FlowRef, facility: Int, severity: Int, message: [UInt8]) {
        self.ts = ts
        self.flow = flow
        self.facility = facility
        self.severity = severity
        self.message = message
    }
}
