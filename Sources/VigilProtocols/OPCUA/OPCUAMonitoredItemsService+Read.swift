import VigilCore
import VigilEvents

extension OPCUAMonitoredItemRequest {
    static func read(_ r: inout OPCUAReader) -> OPCUAMonitoredItemRequest? {
        guard let item = OPCUAReadValueID.read(&r), let mode = r.u32(), let handle = r.u32(), let interval = r.double(),
            let filter = r.extensionObject(), let queue = r.u32(), let discard = r.boolean()
        else { return nil }
        return OPCUAMonitoredItemRequest(
            item: item, mode: mode, clientHandle: handle, samplingInterval: interval, filter: filter, queueSize: queue,
            discardOldest: discard)
    }
}

extension OPCUAMonitoredItemResult {
    static func read(_ r: inout OPCUAReader) -> OPCUAMonitoredItemResult? {
        guard let status = r.u32(), let id = r.u32(), let interval = r.double(), let queue = r.u32(),
            let filter = r.extensionObject()
        else { return nil }
        return OPCUAMonitoredItemResult(
            status: status, monitoredItemID: id, revisedSamplingInterval: interval, revisedQueueSize: queue, filterResult: filter)
    }
}

extension OPCUACreateMonitoredItems {
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
