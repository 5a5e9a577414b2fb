import VigilCore

/// An asset's kind of device and Purdue level, with the rule that decided them.
public struct DeviceType: Sendable, Equatable {
    /// `plc`, `rtu`, `hmi_or_scada`, … or `unknown`.
    public var value: String
    /// The Purdue level, 0-5; nil when the type is unknown.
    public var level: Int?
    /// Why: the deciding rule's reason and its line in the table.
    public var evidence: String

    public static let unknown = DeviceType(value: "unknown", level: nil, evidence: "no device-type rule matched")
}

/// Decides each asset's `DeviceType` from what the sensor learnt of it (roles, protocols,
/// identity), by the first matching rule of the device-type table. The table is data
/// (Resources/device-types.tsv, documented in docs/INVENTORY.md), so that a city can teach
/// Vigil its own devices without a new build.
public struct DeviceClassifier: Sendable {
    public let rules: [DeviceTypeRule]

    public init(rules: [DeviceTypeRule]) { self.rules = rules }

    /// Reads a table; the error names the file and line at fault.
    public init(table text: String, source: String) throws(VigilError) {
        var rules: [DeviceTypeRule] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("#") || line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            rules.append(try DeviceTypeRule.parse(line, line: i + 1, source: source))
        }
        self.rules = rules
    }

    /// The table shipped beside the binary; without it every device is unknown, and the
    /// evidence says why.
    public static let bundled: DeviceClassifier = {
        guard let (path, text) = OUIVendors.bundledTable("device-types.tsv"), let c = try? DeviceClassifier(table: text, source: path)
        else { return DeviceClassifier(rules: []) }
        return c
    }()

    public func classify(_ asset: Asset) -> DeviceType {
        guard !rules.isEmpty else {
            return DeviceType(value: "unknown", level: nil, evidence: "the device-type table (device-types.tsv) was not found")
        }
        guard let rule = rules.first(where: { $0.matches(asset) }) else { return .unknown }
        return DeviceType(value: rule.type, level: rule.level, evidence: "\(rule.reason) (device-types.tsv line \(rule.line))")
    }
}
