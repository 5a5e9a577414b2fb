import Foundation

/// A firmware or software version as vendors write it: `V3.2.6`, `5.1.0.4400`, `4.003`,
/// `R15A`, `15.2(5)EA.fc4`, `V19 Update 2`, `V5.5 SP1`.
///
/// Read as a list of parts: runs of digits are numbers (so `4.003` equals `4.3`, and `2.62`
/// is above `2.7`, as every dotted scheme means) and runs of letters are words. A version must
/// start with a number once a scheme prefix (`V`, `R`, `FW`, `Version`, `Rev`) is removed, so
/// free text such as "LF" or "the first 5 digits of the serial" is not taken for one.
public struct VendorVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    enum Part: Sendable, Hashable {
        case number(UInt64)
        case word(String)
    }

    public let text: String
    let parts: [Part]

    /// Words that only name the scheme when they come before the first number.
    static let schemePrefixes: Set<String> = [
        "v", "r", "fw", "version", "versions", "ver", "rev", "revision", "firmware", "frn", "release",
    ]
    /// Words after which a version turns into a condition ("only if", "when manufactured").
    static let conditionWords: Set<String> = ["only", "if", "when", "without", "with", "manufactured", "installed", "and", "or"]
    /// Words that mark an earlier build than the bare number (`1.0 beta` < `1.0`).
    static let preReleaseWords: Set<String> = ["alpha", "beta", "rc", "pre", "preview", "dev"]

    public init?(_ text: String) {
        var parts: [Part] = []
        var digits: UInt64? = nil
        var letters = ""
        var overflow = false
        func flush() {
            if let d = digits { parts.append(.number(d)) }
            if !letters.isEmpty { parts.append(.word(letters)) }
            digits = nil
            letters = ""
        }
        for ch in text.unicodeScalars {
            if ("0"..."9").contains(ch) {
                let v = UInt64(ch.value - 48)
                if !letters.isEmpty { flush() }
                let (m, o1) = (digits ?? 0).multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(v)
                overflow = overflow || o1 || o2
                digits = s
            } else if ch.isASCII, ch.properties.isAlphabetic {
                if digits != nil { flush() }
                letters.unicodeScalars.append(ch)
            } else {
                flush()
            }
        }
        flush()
        if overflow { return nil }
        // Scheme prefixes before the first number ("V3.2", "FW 14", "Version 16.00").
        while case .word(let w)? = parts.first, Self.schemePrefixes.contains(w.lowercased()) { parts.removeFirst() }
        guard case .number? = parts.first else { return nil }
        self.parts = parts.map { if case .word(let w) = $0 { .word(w.lowercased()) } else { $0 } }
        self.text = text
    }

    /// The version without any condition text that follows it, and whether there was one:
    /// `V8.18.31_only_if_the_basic_authentication...` reads as V8.18.31, conditional.
    var withoutCondition: (version: VendorVersion, hadCondition: Bool) {
        guard let i = parts.firstIndex(where: { if case .word(let w) = $0 { Self.conditionWords.contains(w) } else { false } }) else {
            return (self, false)
        }
        // The text up to the condition's first word, so that it reads as the version alone.
        var cut = text
        if case .word(let w) = parts[i], let r = text.range(of: w, options: .caseInsensitive) {
            cut = String(text[..<r.lowerBound]).trimmingCharacters(in: CharacterSet(charactersIn: " _-"))
        }
        return (VendorVersion(parts: Array(parts[..<i]), text: cut), true)
    }

    private init(parts: [Part], text: String) {
        self.parts = parts
        self.text = text
    }

    /// The leading number: a release line (`V36` in Rockwell's "v36.011_v35.013").
    var line: UInt64? { if case .number(let n)? = parts.first { n } else { nil } }

    public var description: String { text }

    public static func == (a: VendorVersion, b: VendorVersion) -> Bool { compare(a.parts, b.parts) == 0 }
    public func hash(into h: inout Hasher) {
        // Equal versions must hash alike: trailing zero numbers do not count (3.2 == 3.2.0).
        var p = parts[...]
        while case .number(0)? = p.last { p = p.dropLast() }
        h.combine(Array(p))
    }
    public static func < (a: VendorVersion, b: VendorVersion) -> Bool { compare(a.parts, b.parts) < 0 }

    /// Part by part; a missing part counts as 0 against a number, and as "earlier" against a
    /// word unless that word marks a pre-release (`5.5` < `5.5 SP1`, `1.0 beta` < `1.0`).
    static func compare(_ a: [Part], _ b: [Part]) -> Int {
        var i = 0
        while i < max(a.count, b.count) {
            switch (i < a.count ? a[i] : nil, i < b.count ? b[i] : nil) {
            case (.number(let x)?, .number(let y)?):
                if x != y { return x < y ? -1 : 1 }
            case (.word(let x)?, .word(let y)?):
                if x != y { return x < y ? -1 : 1 }
            case (.number?, .word(let w)?):
                return preReleaseWords.contains(w) ? 1 : -1
            case (.word(let w)?, .number?):
                return preReleaseWords.contains(w) ? -1 : 1
            case (.number(let x)?, nil):
                if x != 0 { return 1 }
            case (nil, .number(let y)?):
                if y != 0 { return -1 }
            case (.word(let w)?, nil):
                return preReleaseWords.contains(w) ? -1 : 1
            case (nil, .word(let w)?):
                return preReleaseWords.contains(w) ? 1 : -1
            case (nil, nil):
                return 0
            }
            i += 1
        }
        return 0
    }
}
