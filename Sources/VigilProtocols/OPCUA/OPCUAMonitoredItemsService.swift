import VigilCore

/// MonitoredItemCreateRequest (IEC 62541-4 §7.23) with its MonitoringParameters (§7.21).
struct OPCUAMonitoredItemRequest {
    var item: OPCUAReadValueID
    /// MonitoringMode (§7.22): 0 Disabled, 1 Sampling, 2 Reporting.
    var mode: UInt32
    var clientHandle: UInt32
    /// Milliseconds (Duration).
    var samplingInterval: Double
    var filter: OPCUAExtensionObject
    var queueSize: UInt32
    var discardOldest: Bool

    static func read(_ r: inout OPCUAReader) -> OPCUAMonitoredItemRequest? {
        guard let item = OPCUAReadValueID.read(&r), let mode = r.u32(), let handle = r.u32(), let interval = r.double(),
            let filter = r.extensionObject(), let queue = r.u32(), let discard = r.boolean()
        else { return nil }
        return OPCUAMonitoredItemRequest(
            item: item, mode: mode, clientHandle: handle, samplingInterval: interval, filter: filter, queueSize: queue,
            discardOldest: discard)
    }
}

/// MonitoredItemCreateResult (§7.24).
struct OPCUAMonitoredItemResult {
    var status: UInt32
    var monitoredItemID: UInt32
    var revisedSamplingInterval: Double
    var revisedQueueSize: UInt32
    var filterResult: OPCUAExtensionObject

    static func read(_ r: inout OPCUAReader) -> OPCUAMonitoredItemResult? {
        guard let status = r.u32(), let id = r.u32(), let interval = r.double(), let queue = r.u32(),
            let filter = r.extensionObject()
        else { return nil }
        return OPCUAMonitoredItemResult(
            status: status, monitoredItemID: id, revisedSamplingInterval: interval, revisedQueueSize: queue, filterResult: filter)
    }
}

/// CreateMonitoredItems request and response bodies (Part 4 §5.12.2.2).
struct OPCUACreateMonitoredItems {
    var subscriptionID: UInt32?
    var timestampsToReturn: UInt32?
    var items: [OPCUAMonitoredItemRequest] = []
    var results: [OPCUAMonitoredItemResult] = []
    var diagnosticCodes: [(level: Int, code: UInt32)] = []

    static let modeNames = ["Disabled", "Sampling", "Reporting"]

    /// Monitoring filter and filter-result binary encoding ids (NodeIds.csv, namespace 0).
    static let filterNames: [UInt32: String] = [
        724: "DataChangeFilter", 727: "EventFilter", 730: "AggregateFilter", 736: "EventFilterResult",
        739: "AggregateFilterResult",
    ]

    static func modeName(_ m: UInt32) -> String { Int(m) < modeNames.count ? modeNames[Int(m)] : "Unknown-\(m)" }

    static func readRequest(_ r: inout OPCUAReader) -> OPCUACreateMonitoredItems? {
        guard let subscription = r.u32(), let timestamps = r.u32(), let items = r.array(OPCUAMonitoredItemRequest.read)
        else { return nil }
        return OPCUACreateMonitoredItems(subscriptionID: subscription, timestampsToReturn: timestamps, items: items)
    }

    static func readResponse(_ r: inout OPCUAReader) -> OPCUACreateMonitoredItems? {
        var c = OPCUACreateMonitoredItems()
        guard let results = r.array(OPCUAMonitoredItemResult.read), r.diagnosticInfos(innerCodes: &c.diagnosticCodes)
        else { return nil }
        c.results = results
        return c
    }
}
