/// A CPE 2.3 formatted string (NISTIR 7695, section 6.2):
/// `cpe:2.3:part:vendor:product:version:update:edition:language:sw_edition:target_sw:target_hw:other`,
/// where `\` escapes a character (`pn\/dp`), `*` is ANY and `-` is NOT APPLICABLE.
public struct CPEName: Sendable, Equatable {
    /// a (application), o (operating system, so firmware), h (hardware).
    public var part: String
    public var vendor: String
    public var product: String
    /// nil for ANY or NOT APPLICABLE.
    public var version: String?
    public var update: String?

    public init?(_ text: String) {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for c in text {
            if escaped {
                current.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == ":" {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        fields.append(current)
        guard fields.count == 13, fields[0] == "cpe", fields[1] == "2.3", ["a", "o", "h"].contains(fields[2]) else { return nil }
        func value(_ s: String) -> String? { s == "*" || s == "-" || s.isEmpty ? nil : s }
        part = fields[2]
        vendor = fields[3]
        product = fields[4]
        version = value(fields[5])
        update = value(fields[6])
    }

    /// The vendor and product as words ("johnson_controls" is "johnson controls").
    public var vendorWords: String { vendor.replacingAll("_", with: " ") }
    public var productWords: String { product.replacingAll("_", with: " ") }
}
