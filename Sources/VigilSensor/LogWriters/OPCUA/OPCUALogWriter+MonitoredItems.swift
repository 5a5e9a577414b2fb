import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// Rows of the CreateMonitoredItems logs: the subscription's items as asked for, and as the
/// server created them.
extension OPCUALogWriter {
    func createMonitoredItems(_ m: OPCUAMessage, _ s: OPCUACreateMonitoredItems, context: OPCUARows) {
        let itemLink = s.items.isEmpty && s.results.isEmpty ? LogValue.unset : .string(m.linkID + "-items")
        for i in s.items {
            let item = i.item
            context.log(
                OPCUALog.createMonitoredItemsItem, isOrig: m.isOrig,
                values: [itemLink] + item.node.logValues(encodingAsText: true) + [
                    .string(OPCUARead.attributeName(item.attribute)),
                    Self.nonEmpty(item.indexRange.text),
                    item.encodingNamespace == 0 ? .unset : .count(item.encodingNamespace),
                    Self.nonEmpty(item.encodingName.text),
                    .string(OPCUACreateMonitoredItems.modeName(i.mode)), .count(i.clientHandle), .double(i.samplingInterval),
                    .count(i.queueSize), .bool(i.discardOldest),
                ] + filterValues(i.filter) + [.unset, .unset, .unset, .unset])
        }
        for r in s.results {
            context.log(
                OPCUALog.createMonitoredItemsItem, isOrig: m.isOrig,
                values: [itemLink] + [LogValue](repeating: .unset, count: 15)
                    + filterValues(r.filterResult) + [
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
            OPCUAFoundStatus.results(s.results.map(\.status), .createMonitoredItems)
                + OPCUAFoundStatus.inner(s.diagnosticCodes, .createMonitoredItemsDiagInfo),
            context: context)
    }

    /// A monitoring filter's type id, the filter's name and its body encoding byte; all unset
    /// for the null ExtensionObject that means "no filter", as ICSNPP leaves them.
    func filterValues(_ e: OPCUAExtensionObject) -> [LogValue] {
        guard e.typeID.numeric != 0 || e.typeID.namespace ?? 0 != 0 else { return [LogValue](repeating: .unset, count: 8) }
        return e.typeID.logValues(encodingAsText: true) + [
            .optional(e.typeID.numeric.flatMap { OPCUACreateMonitoredItems.filterNames[$0] }),
            .string(Hex.prefixed(UInt64(e.encoding), width: 2)),
        ]
    }
}
