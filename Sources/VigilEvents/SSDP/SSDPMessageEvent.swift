import VigilCore

/// One SSDP message (UPnP Device Architecture 2.0 §1): a device's NOTIFY announcement, a
/// control point's M-SEARCH, or a device's answer to one.
public struct SSDPMessageEvent: Sendable {
    public enum Kind: String, Sendable {
        case notify, search, response
    }

    public var ts: Timestamp
    public var flow: FlowRef
    public var isOrig: Bool
    public var kind: Kind
    /// NT (notification type) of a NOTIFY, ST (search target) of an M-SEARCH or a response.
    public var target: String?
    /// NTS of a NOTIFY: `ssdp:alive`, `ssdp:byebye`, `ssdp:update`.
    public var subtype: String?
    /// USN: the unique service name (`uuid:…::urn:…`).
    public var usn: String?
    /// SERVER: the device's operating system, UPnP version and product, with versions.
    public var server: String?
    /// LOCATION: the URL of the device's description.
    public var location: String?

    public init(ts: Timestamp, flow: FlowRef, isOrig: Bool, kind: Kind) {
        self.ts = ts
        self.flow = flow
        self.isOrig = isOrig
        self.kind = kind
    }
}
