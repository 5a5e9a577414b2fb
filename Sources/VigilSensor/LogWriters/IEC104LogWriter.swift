import VigilCore
import VigilEvents
import VigilLogs

/// Writes IEC 104 events as iec104.log: one row per APDU. Field names follow the public Zeek
/// IEC 104 analyzers (parsitects/zeek-iec104: apdu_len, apci_type, apci_tx, apci_rx and the
/// flattened `asdu` record); Vigil adds the direction, the U-format function, and the
/// objects' addresses and values.
final class IEC104LogWriter {
    static let schema = LogSchema(
        path: "iec104",
        fields: LogSchema.connectionFields + [
            LogField("is_orig", "bool"), LogField("apdu_len", "count"), LogField("apci_type", "string"), LogField("apci_tx", "count"),
            LogField("apci_rx", "count"), LogField("u_function", "string"), LogField("asdu.info_obj_type", "string"),
            LogField("asdu.seq", "bool"), LogField("asdu.num_ix", "count"), LogField("asdu.cause_tx", "string"),
            LogField("asdu.negative", "bool"), LogField("asdu.test", "bool"), LogField("asdu.originator_address", "count"),
            LogField("asdu.common_address", "count"), LogField("asdu.info_obj_addrs", "vector[count]"),
            LogField("asdu.values", "vector[string]"),
        ])

    private var text = FlowTextCache()

    func write(_ e: IEC104APDUEvent, to router: EventRouter) {
        let flow = text.fieldText(e.flow)
        router.log(Self.schema) { row in
            row.connection(ts: e.ts, flow)
            row.add(.bool(e.isOrig))
            row.add(.count(e.length))
            row.add(.string(e.format))
            row.add(.optional(e.sendSequence))
            row.add(.optional(e.receiveSequence))
            row.add(.optional(e.uFunction))
            guard let a = e.dataUnit else {
                for _ in 0..<10 { row.add(.unset) }
                return
            }
            row.add(.string(a.typeName))
            row.add(.bool(a.sequence))
            row.add(.count(a.count))
            row.add(.string(a.causeName))
            row.add(.bool(a.negative))
            row.add(.bool(a.test))
            row.add(.count(a.originator))
            row.add(.count(a.commonAddress))
            row.add(.counts(a.objects.map { UInt64($0.address) }))
            row.add(a.objects.contains { $0.value != nil } ? .strings(a.objects.map { $0.value ?? "-" }) : .unset)
        }
    }
}
