import VigilCore

/// Rows of the CreateMonitoredItems logs: the subscription's items as asked for, and as the
/// server created them.
extension OPCUAAnalyzer {
    func createMonitoredItems(_ m: OPCUAMessage, _ s: OPCUACreateMonitoredItems, context: FlowContext) {
        let itemLink = s.items.isEmpty && s.results.isEmpty ? LogValue.unset : .string(m.linkID + "-items")
        let noFilter = [LogValue](repeating: .unset, count: 8)
        for i in s.items {
            let item = i.item
            let filter = i.filter.typeID
            context.log(
                OPCUALog.createMonitoredItemsItem, isOrig: m.isOrig,
                values: [itemLink] + item.node.logValues(encodingAsText: true) + [
                    .string(OPCUARead.attributeName(item.attribute)),
                    item.indexRange.bytes?.isEmpty == false ? .optional(item.indexRange.text) : .unset,
                    item.encodingNamespace == 0 ? .unset : .count(item.encodingNamespace),
                    item.encodingName.bytes?.isEmpty == false ? .optional(item.encodingName.text) : .unset,
                    .string(OPCUACreateMonitoredItems.modeName(i.mode)), .count(i.clientHandle), .double(i.samplingInterval),
                    .count(i.queueSize), .bool(i.discardOldest),
                ] + (filter.numeric == 0 && filter.namespace ?? 0 == 0 ? noFilter : filterValues(i.filter))
                    + [.unset, .unset, .unset, .unset])
        }
        for r in s.results {
            let filter = r.filterResult.typeID
            context.log(
                OPCUALog.createMonitoredItemsItem, isOrig: m.isOrig,
                values: [itemLink] + [LogValue](repeating: .unset, count: 15)
                    + (filter.numeric == 0 && filter.namespace ?? 0 == 0 ? noFilter : filterValues(r.filterResult)) + [
                        .string(Hex.prefixed(UInt64(r.status), width: 8)), .count(r.monitoredItemID),
                        .double(r.revisedSamplingInterval), .count(r.revisedQueueSize),
                    ])
        }
        context.log(
            OPCUALog.createMonitoredItems, isOrig: m.isOrig,
            values: [
                .string(m.linkID), .optional(s.subscriptionID), .optional(s.timestampsToReturn),
                .optional(s.timestampsToReturn.map(OPCUARead.timestampsName)), itemLink,
            ])
        statusRows(
            m,
            s.results.map { OPCUAFoundStatus(source: .createMonitoredItems, level: 0, code: $0.status) }
                + s.diagnosticCodes.map { OPCUAFoundStatus(source: .createMonitoredItemsDiagInfo, level: $0.level, code: $0.code) },
            context: context)
    }

    /// A monitoring filter's type id, the filter's name and its body encoding byte.
    func filterValues(_ e: OPCUAExtensionObject) -> [LogValue] {
        e.typeID.logValues(encodingAsText: true) + [
            .optional(e.typeID.numeric.flatMap { OPCUACreateMonitoredItems.filterNames[$0] }),
            .string(Hex.prefixed(UInt64(e.encoding), width: 2)),
        ]
    }
}
