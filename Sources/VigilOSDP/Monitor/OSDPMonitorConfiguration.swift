/// How `OSDPMonitor` runs.
public struct OSDPMonitorConfiguration: Sendable {
    /// The site's own SCBKs, when the operator gives them: handshakes keyed with one are
    /// followed, so MACs are verified and encrypted data decoded. Without them the monitor
    /// still sees everything outside the encryption.
    public var siteKeys: [OSDPKey]
    /// Emit a `packet` event for every packet and a `frame_error` for every refused frame,
    /// not only alerts.
    public var reportPackets: Bool

    public init(siteKeys: [OSDPKey] = [], reportPackets: Bool = true) {
        self.siteKeys = siteKeys
        self.reportPackets = reportPackets
    }
}
