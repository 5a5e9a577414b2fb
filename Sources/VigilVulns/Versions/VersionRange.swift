/// Which versions of a product an advisory entry covers, read from what vendors write in CSAF
/// `product_version` and `product_version_range` branches: `vers:` strings (the
/// version-range-specifier of the package-url project, with its `|`-separated constraints) and
/// free text ("< V3.2.6", "All versions", "prior to 5.1", "Version 16.00 and prior versions",
/// ">= 11.0.0 | <= 11.0.6", "<v36.011_v35.013_v34.014"). `VersionRangeParser` reads the text.
public struct VersionRange: Sendable, Equatable {
    public enum Comparator: String, Sendable {
        case equal = "="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="

        func holds(_ v: VendorVersion, _ bound: VendorVersion) -> Bool {
            switch self {
            case .equal: v == bound
            case .notEqual: v != bound
            case .less: v < bound
            case .lessOrEqual: v <= bound
            case .greater: v > bound
            case .greaterOrEqual: v >= bound
            }
        }
    }

    public struct Constraint: Sendable, Equatable {
        public var comparator: Comparator
        public var version: VendorVersion
    }

    public enum Form: Sendable, Equatable {
        /// Every version ("All versions", `vers:all/*`).
        case all
        /// `vers` constraints.
        case constraints([Constraint])
        /// Fixed in each release line: "<v36.011_v35.013_v34.014" is fixed in 36.011 on line
        /// 36, 35.013 on line 35 and 34.014 on line 34; older lines have no fix.
        case fixedPerLine([VendorVersion], inclusive: Bool)
        /// Text no rule here reads (a serial-number range, a patch name): the entry may apply,
        /// but which versions cannot be told.
        case unreadable
    }

    /// The text as the advisory wrote it.
    public let text: String
    public let form: Form
    /// The entry adds a condition to the version ("only if basic authentication is used",
    /// "only when manufactured between ..."): a match cannot be more than likely.
    public let conditional: Bool

    public init(text: String, form: Form, conditional: Bool = false) {
        self.text = text
        self.form = form
        self.conditional = conditional
    }

    public static let everyVersion = VersionRange(text: "*", form: .all)

    /// Whether `v` is in the range; nil when the range cannot be read.
    public func contains(_ v: VendorVersion) -> Bool? {
        switch form {
        case .all: return true
        case .unreadable: return nil
        case .fixedPerLine(let fixes, let inclusive):
            guard let line = v.line, let top = fixes.compactMap(\.line).max() else { return nil }
            if let fix = fixes.first(where: { $0.line == line }) { return inclusive ? v <= fix : v < fix }
            return line < top
        case .constraints(let cs): return Self.versContains(cs, v)
        }
    }

    /// The version that fixes `v`'s line: the exclusive upper bound the range names.
    public func fixedVersion(for v: VendorVersion?) -> VendorVersion? {
        switch form {
        case .fixedPerLine(let fixes, false):
            if let line = v?.line, let fix = fixes.first(where: { $0.line == line }) { return fix }
            return fixes.max()
        case .constraints(let cs):
            let uppers = cs.filter { $0.comparator == .less }.map(\.version).sorted()
            if let v { return uppers.first { v < $0 } ?? uppers.last }
            return uppers.last
        default:
            return nil
        }
    }

    /// The containment test of the version-range-specifier (package-url/purl-spec, VERSION-RANGE-SPEC
    /// "Checking if a version is contained within a range"): an equal constraint matches at
    /// once, and the rest, sorted by version, are read as intervals between a lower bound and
    /// the upper bound that follows it, with an open start and end.
    static func versContains(_ cs: [Constraint], _ v: VendorVersion) -> Bool {
        for c in cs where c.comparator == .equal && c.version == v { return true }
        for c in cs where c.comparator == .notEqual && c.version == v { return false }
        let bounds = cs.filter { $0.comparator != .equal && $0.comparator != .notEqual }.sorted { $0.version < $1.version }
        guard !bounds.isEmpty else { return false }
        let isUpper: (Constraint) -> Bool = { $0.comparator == .less || $0.comparator == .lessOrEqual }
        for (i, c) in bounds.enumerated() {
            if i == 0, isUpper(c), c.comparator.holds(v, c.version) { return true }
            if i == bounds.count - 1, !isUpper(c), c.comparator.holds(v, c.version) { return true }
            if !isUpper(c), i + 1 < bounds.count, isUpper(bounds[i + 1]) {
                if c.comparator.holds(v, c.version) && bounds[i + 1].comparator.holds(v, bounds[i + 1].version) { return true }
            }
        }
        return false
    }
}
