/// Counters for the end-of-run summary and the live sensor's status line.
public struct SensorStatistics: Sendable {
    public var packets = 0
    public var bytes = 0
    public var ipPackets = 0
    public var arpPackets = 0
    public var nonIPPackets = 0
    /// Captured frames that could not be decoded (a bad frame inside a tunnel has its weird only).
    public var malformedPackets = 0
    public var fragmentsHeld = 0
    /// Packets found inside tunnels (GRE, VXLAN, …) and analysed as packets of their own.
    public var tunnelledPackets = 0
    public var connections = 0
    public var weirds: [String: Int] = [:]
    public var logRows: [String: Int] = [:]
    public var services: [String: Int] = [:]
    /// Protocol messages decoded, per service.
    public var messages: [String: Int] = [:]
    public var inputErrors: [String] = []

    public init() {}
}

extension SensorStatistics {
    /// Adds another pipeline's counters (another worker's share of the same run).
    public mutating func add(_ o: SensorStatistics) {
        packets += o.packets
        bytes += o.bytes
        ipPackets += o.ipPackets
        arpPackets += o.arpPackets
        nonIPPackets += o.nonIPPackets
        malformedPackets += o.malformedPackets
        fragmentsHeld += o.fragmentsHeld
        tunnelledPackets += o.tunnelledPackets
        connections += o.connections
        weirds.merge(o.weirds, uniquingKeysWith: +)
        logRows.merge(o.logRows, uniquingKeysWith: +)
        services.merge(o.services, uniquingKeysWith: +)
        messages.merge(o.messages, uniquingKeysWith: +)
        inputErrors += o.inputErrors
    }
}
