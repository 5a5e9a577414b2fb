import VigilCore

/// iec104.log: one row per APDU. Field names follow the public Zeek IEC 104 analyzers
/// (parsitects/zeek-iec104: apdu_len, apci_type, apci_tx, apci_rx and the flattened `asdu`
/// record); Vigil adds the direction, the U-format function, and the objects' addresses and
/// values.
enum IEC104Log {
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
}
