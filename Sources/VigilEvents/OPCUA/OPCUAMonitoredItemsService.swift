import VigilCore

/// MonitoredItemCreateRequest (IEC 62541-4 §7.23) with its MonitoringParameters (§7.21).
public struct OPCUAMonitoredItemRequest: Sendable {
    public var item: OPCUAReadValueID
    /// MonitoringMode (§7.22): 0 Disabled, 1 Sampling, 2 Reporting.
    public var mode: UInt32
    public var clientHandle: UInt32
    /// Milliseconds (Duration).
    public var samplingInterval: Double
    public var filter: OPCUAExtensionObject
    public var queueSize: UInt32
    public var discardOldest: Bool

    public init(
        item: OPCUAReadValueID, mode: UInt32, clientHandle: UInt32, samplingInterval: Double, filter: OPCUAExtensionObject,
        queueSize: UInt32, discardOldest: Bool
    ) {
        self.item = item
        self.mode = mode
        self.clientHandle = clientHandle
        self.samplingInterval = samplingInterval
        self.filter = filter
        self.queueSize = queueSize
        self.discardOldest = discardOldest
    }
}

/// MonitoredItemCreateResult (§7.24).
public struct OPCUAMonitoredItemResult: Sendable {
    public var status: UInt32
    public var monitoredItemID: UInt32
    public var revisedSamplingInterval: Double
    public var revisedQueueSize: UInt32
    public var filterResult: OPCUAExtensionObject

    public init(
        status: UInt32, monitoredItemID: UInt32, revisedSamplingInterval: Double, revisedQueueSize: UInt32,
        filterResult: OPCUAExtensionObject
    ) {
        self.status = status
        self.monitoredItemID = monitoredItemID
        self.revisedSamplingInterval = revisedSamplingInterval
        self.revisedQueueSize = revisedQueueSize
        self.filterResult = filterResult
    }
}

/// CreateMonitoredItems request and response bodies (Part 4 §5.12.2.2).
public struct OPCUACreateMonitoredItems: Sendable {
    public var subscriptionID: UInt32?
    public var timestampsToReturn: UInt32?
    public var items: [OPCUAMonitoredItemRequest] = []
    public var results: [OPCUAMonitoredItemResult] = []
    public var diagnosticCodes: [(level: Int, code: UInt32)] = []

    public static let modeNames = ["Disabled", "Sampling", "Reporting"]

    /// Monitoring filter and filter-result binary encoding ids (NodeIds.csv, namespace 0).
    public static let filterNames: [UInt32: String] = [
        724: "DataChangeFilter", 727: "EventFilter", 730: "AggregateFilter", 736: "EventFilterResult",
        739: "AggregateFilterResult",
    ]

    public static func modeName(_ m: UInt32) -> String { Int(m) < modeNames.count ? modeNames[Int(m)] : "Unknown-\(m)" }

    public init(
        subscriptionID: UInt32? = nil, timestampsToReturn: UInt32? = nil, items: [OPCUAMonitoredItemRequest] = [],
        results: [OPCUAMonitoredItemResult] = [], diagnosticCodes: [(level: Int, code: UInt32)] = []
    ) {
        self.subscriptionID = subscriptionID
        self.timestampsToReturn = timestampsToReturn
        self.items = items
        self.results = results
        self.diagnosticCodes = diagnosticCodes
    }
}
