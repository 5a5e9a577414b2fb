/// A colour per protocol, the same on every map: the common ones chosen to be told apart,
/// others from a fixed list by a hash of the name (stable across runs, unlike Swift's hasher).
enum ProtocolPalette {
    static let named: [String: String] = [
        "modbus": "#d62728", "s7comm": "#9467bd", "dnp3": "#8c564b", "bacnet": "#e377c2", "enip": "#bcbd22",
        "cip": "#bcbd22", "iec104": "#17becf", "opcua": "#ff7f0e", "mqtt": "#2ca02c", "dns": "#1f77b4",
        "http": "#393b79", "ssl": "#637939", "dhcp": "#7f7f7f", "snmp": "#843c39", "osdp": "#e6550d",
    ]
    static let others = ["#6b6ecf", "#b5cf6b", "#e7ba52", "#ad494a", "#a55194", "#3182bd", "#31a354", "#756bb1", "#636363", "#fd8d3c"]

    static func colour(_ name: String) -> String {
        if let c = named[name] { return c }
        if name == "-" { return "#b0b0b0" }
        var hash: UInt32 = 2_166_136_261
        for byte in name.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return others[Int(hash % UInt32(others.count))]
    }
}
