import Foundation

/// Reads the version text of a CSAF branch into a `VersionRange`. Every form found in the
/// CISA ICS advisories is covered by `VersionRangeTests`, which names them.
public enum VersionRangeParser {
    /// `isRange`: the text came from a `product_version_range` branch; otherwise it is a
    /// `product_version` (one version, or a `|`-separated list of them).
    public static func parse(_ original: String, isRange: Bool = true) -> VersionRange {
        var s = original.trimmingWhitespace
        // vers:SCHEME/CONSTRAINTS (the scheme is "all" or "generic" in CISA's advisories).
        if s.lowercased().hasPrefix("vers:"), let slash = s.firstIndex(of: "/") {
            s = String(s[s.index(after: slash)...]).trimmingWhitespace
        }
        // Underscores stand for spaces in CISA's generated range names ("<V19_Update_2").
        var t = s.replacingAll("_", with: " ").lowercased().collapsingSpaces
        if t == "*" || everyVersion.contains(t) { return VersionRange(text: original, form: .all) }
        for prefix in ["all versions ", "all bios versions ", "all firmware versions ", "versions ", "version ", "all "]
        where t.hasPrefix(prefix) {
            let rest = String(t.dropFirst(prefix.count))
            if rest.first.map({ "<>=".contains($0) }) == true || rest.hasPrefix("prior to") || rest.hasPrefix("before") { t = rest }
        }
        t = rewriteWords(t)
        // "A - B" (with spaces), "N-M" (two plain numbers) and "A to B" are inclusive spans.
        for sep in [" - ", " to "] {
            let halves = t.components(separatedBy: sep)
            if halves.count == 2, !halves[0].contains(where: { "<>=|".contains($0) }), VendorVersion(halves[0]) != nil,
                VendorVersion(halves[1]) != nil
            {
                t = ">=" + halves[0] + "|<=" + halves[1]
            }
        }
        let dash = t.split(separator: "-")
        if dash.count == 2, dash.allSatisfy({ $0.allSatisfy(\.isNumber) }), let a = Int(dash[0]), let b = Int(dash[1]), a < b {
            t = ">=\(a)|<=\(b)"
        }
        return restoringCase(constraints(t, original: original, isRange: isRange), from: s.replacingAll("_", with: " "))
    }

    /// The range was read in lower case; its versions are given back as the advisory wrote
    /// them ("V3.2.19", not "v3.2.19"), since they are shown as fixed versions.
    static func restoringCase(_ r: VersionRange, from original: String) -> VersionRange {
        func restore(_ v: VendorVersion) -> VendorVersion {
            guard let found = original.range(of: v.text, options: .caseInsensitive) else { return v }
            return VendorVersion(String(original[found])) ?? v
        }
        switch r.form {
        case .constraints(let cs):
            return VersionRange(
                text: r.text, form: .constraints(cs.map { .init(comparator: $0.comparator, version: restore($0.version)) }),
                conditional: r.conditional)
        case .fixedPerLine(let vs, let inclusive):
            return VersionRange(text: r.text, form: .fixedPerLine(vs.map(restore), inclusive: inclusive), conditional: r.conditional)
        default:
            return r
        }
    }

    static let everyVersion: Set<String> = [
        "all", "all versions", "all version", "all supported versions", "all current versions", "all revisions", "all firmware versions",
        "all releases", "any", "all models",
    ]

    /// Turns English into comparators: "16.00 and prior versions" is "<=16.00".
    static func rewriteWords(_ text: String) -> String {
        var t = text
        let suffixes: [(String, String)] = [
            (" and prior versions", "<="), (" and prior", "<="), (" or prior", "<="), (" and earlier", "<="), (" or earlier", "<="),
            (" and before", "<="), (" and older", "<="), (" and lower", "<="), (" and later", ">="), (" or later", ">="),
            (" and newer", ">="), (" and above", ">="), (" or higher", ">="), (" and higher", ">="),
        ]
        for (suffix, op) in suffixes where t.hasSuffix(suffix) {
            t = op + String(t.dropLast(suffix.count))
            break
        }
        for (word, op) in [("prior to ", "<"), ("before ", "<"), ("earlier than ", "<"), ("up to and including ", "<="), ("up to ", "<=")] {
            t = t.replacingAll(word, with: op)
        }
        return t
    }

    /// Splits at `|` and at every comparator that follows a version (">=V5.4<V5.5 SP1").
    static func constraints(_ t: String, original: String, isRange: Bool) -> VersionRange {
        var result: [VersionRange.Constraint] = []
        var conditional = false
        var perLine: [VendorVersion]? = nil
        var perLineInclusive = false
        for piece in t.split(separator: "|").map({ String($0).trimmingWhitespace }) where !piece.isEmpty {
            for (op, text) in comparatorRuns(piece) {
                let comparator = op ?? .equal
                if op == nil, !isRange, text.contains(" ") == false, VendorVersion(text) == nil {
                    return VersionRange(text: original, form: .unreadable)
                }
                // "<v36.011 v35.013 v34.014": one fix per release line.
                let words = text.split(separator: " ").map(String.init)
                if comparator == .less || comparator == .lessOrEqual, words.count >= 2,
                    words.allSatisfy({ $0.first == "v" && $0.contains(".") && VendorVersion($0) != nil })
                {
                    perLine = words.compactMap(VendorVersion.init)
                    perLineInclusive = comparator == .lessOrEqual
                    continue
                }
                guard let v = VendorVersion(text) else { return VersionRange(text: original, form: .unreadable) }
                let (version, hadCondition) = v.withoutCondition
                guard version.line != nil else { return VersionRange(text: original, form: .unreadable) }
                conditional = conditional || hadCondition
                result.append(.init(comparator: comparator, version: version))
            }
        }
        if let perLine, result.isEmpty {
            return VersionRange(text: original, form: .fixedPerLine(perLine, inclusive: perLineInclusive), conditional: conditional)
        }
        guard !result.isEmpty, perLine == nil else { return VersionRange(text: original, form: .unreadable) }
        return VersionRange(text: original, form: .constraints(result), conditional: conditional)
    }

    /// The comparator-led runs of one piece: "<=1.4 >2" is [(<=, "1.4"), (>, "2")]; text
    /// before any comparator comes first with none.
    static func comparatorRuns(_ piece: String) -> [(VersionRange.Comparator?, String)] {
        var runs: [(VersionRange.Comparator?, String)] = []
        var op: VersionRange.Comparator? = nil
        var text = ""
        let chars = Array(piece)
        var i = 0
        func close() {
            let trimmed = text.trimmingWhitespace
            if op != nil || !trimmed.isEmpty { runs.append((op, trimmed)) }
            text = ""
        }
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            var found: VersionRange.Comparator? = nil
            var width = 1
            switch (c, next) {
            case ("<", "="): (found, width) = (.lessOrEqual, 2)
            case (">", "="): (found, width) = (.greaterOrEqual, 2)
            case ("!", "="): (found, width) = (.notEqual, 2)
            case ("=", "="): (found, width) = (.equal, 2)
            case ("<", _): found = .less
            case (">", _): found = .greater
            case ("=", _): found = .equal
            default: break
            }
            if let found {
                close()
                op = found
                i += width
            } else {
                text.append(c)
                i += 1
            }
        }
        close()
        return runs
    }
}

extension String {
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

    var collapsingSpaces: String {
        split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        return components(separatedBy: target).joined(separator: replacement)
    }
}
