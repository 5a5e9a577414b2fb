import Foundation

/// The modifiers after a field name (`CommandLine|base64offset|contains`), checked and turned
/// into the value patterns of one `FieldMatcher` (Sigma modifiers appendix).
struct ModifierChain {
    struct Failure: Error {
        let message: String
    }

    /// A value as YAML gave it.
    enum RuleValue {
        case string(String)
        case number(Double, text: String)
        case bool(Bool)
        case null
    }

    var contains = false
    var startsWith = false
    var endsWith = false
    var all = false
    var cased = false
    var negated = false
    var windash = false
    var exists = false
    var cidr = false
    var fieldReference = false
    var regex = false
    var regexFlags: (i: Bool, m: Bool, s: Bool) = (false, false, false)
    var encoding: Encoding?
    var base64: Base64Form?
    var comparison: ValuePattern.Comparison?

    enum Encoding { case utf16le, utf16be, utf16 }
    enum Base64Form { case plain, offset }

    /// Modifiers Sigma defines that Vigil does not evaluate, with the reason.
    static let unsupported: [String: String] = [
        "expand": "placeholders need a processing pipeline to expand them",
        "minute": "time-part modifiers are not evaluated", "hour": "time-part modifiers are not evaluated",
        "day": "time-part modifiers are not evaluated", "week": "time-part modifiers are not evaluated",
        "month": "time-part modifiers are not evaluated", "year": "time-part modifiers are not evaluated",
    ]

    init(_ names: [String]) throws(Failure) {
        for name in names {
            switch name {
            case "contains": contains = true
            case "startswith": startsWith = true
            case "endswith": endsWith = true
            case "all": all = true
            case "cased": cased = true
            case "neq": negated = true
            case "windash": windash = true
            case "exists": exists = true
            case "cidr": cidr = true
            case "fieldref": fieldReference = true
            case "re": regex = true
            case "i", "m", "s":
                guard regex else { throw Failure(message: "'\(name)' is a sub-modifier of 're' and must follow it") }
                if name == "i" { regexFlags.i = true } else if name == "m" { regexFlags.m = true } else { regexFlags.s = true }
            case "base64": base64 = .plain
            case "base64offset": base64 = .offset
            case "utf16le", "wide": encoding = .utf16le
            case "utf16be": encoding = .utf16be
            case "utf16": encoding = .utf16
            case "lt": comparison = .lt
            case "lte": comparison = .lte
            case "gt": comparison = .gt
            case "gte": comparison = .gte
            default:
                if let why = Self.unsupported[name] { throw Failure(message: "modifier '\(name)' is not supported: \(why)") }
                throw Failure(message: "unknown modifier '\(name)'")
            }
        }
        if [contains, startsWith, endsWith].filter({ $0 }).count > 1 {
            throw Failure(message: "at most one of 'contains', 'startswith' and 'endswith' may be given")
        }
        if base64 == .offset && !contains { throw Failure(message: "'base64offset' must be followed by 'contains'") }
        if encoding != nil && base64 == nil {
            throw Failure(message: "'\(names.joined(separator: "|"))': a UTF-16 encoding must be followed by 'base64' or 'base64offset'")
        }
    }

    /// The patterns for one value.
    func patterns(for value: RuleValue) throws(Failure) -> [ValuePattern] {
        if exists {
            guard case .bool(let b) = value else { throw Failure(message: "'exists' takes true or false") }
            return [.exists(b)]
        }
        if let comparison {
            guard case .number(let n, _) = value else { throw Failure(message: "'\(comparison.rawValue)' takes a number") }
            return [.compare(comparison, n)]
        }
        if case .null = value { return [.null] }
        let text: String
        switch value {
        case .string(let s): text = s
        case .number(let n, let t):
            if !hasStringModifier && !cidr && !regex && !fieldReference { return [.number(n, text: t)] }
            text = t
        case .bool(let b):
            if !hasStringModifier { return [.bool(b)] }
            text = b ? "true" : "false"
        case .null: return [.null]
        }
        if cidr {
            guard let block = CIDRBlock(text) else { throw Failure(message: "'\(text)' is not a CIDR network") }
            return [.cidr(block)]
        }
        if regex {
            do {
                return [.regex(try RegexPattern(text, caseInsensitive: regexFlags.i, multiLine: regexFlags.m, dotAll: regexFlags.s))]
            } catch {
                throw Failure(message: "'\(text)' is not a valid regular expression")
            }
        }
        if fieldReference {
            let form: ValuePattern.FieldReferenceForm = contains ? .contains : startsWith ? .startsWith : endsWith ? .endsWith : .equals
            return [.fieldReference(text, form)]
        }
        return try variants(of: text).map { .glob($0.anchored(start: !contains && !endsWith, end: !contains && !startsWith)) }
    }

    private var hasStringModifier: Bool { contains || startsWith || endsWith || windash || base64 != nil || cased }

    /// The string's forms after `windash` and the encodings, as globs.
    private func variants(of text: String) throws(Failure) -> [Glob] {
        var texts = [text]
        if windash {
            guard let forms = Self.windashForms(text) else {
                throw Failure(message: "'windash' on a value with more than \(Self.maxWindashFlags) flags (every flag has 5 forms)")
            }
            texts = forms
        }
        guard let base64 else { return texts.map { Glob(sigma: $0, cased: cased) } }
        // Encoded values are literal: their wildcards, if any, were part of the text encoded.
        return texts.flatMap { t -> [Glob] in
            let bytes = encoded(t)
            let forms = base64 == .plain ? [Data(bytes).base64EncodedString()] : Self.base64OffsetForms(bytes)
            return forms.map { Glob(pieces: [.literal(cased ? Array($0.utf8) : Array($0.utf8).map(Glob.fold))], cased: cased) }
        }
    }

    private func encoded(_ text: String) -> [UInt8] {
        switch encoding {
        case nil: return Array(text.utf8)
        case .utf16le: return text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case .utf16be: return text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        case .utf16: return [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        }
    }

    /// The three texts the value's bytes take inside a longer base64 string, one per offset of
    /// its first byte modulo 3, without the characters that depend on its neighbours.
    static func base64OffsetForms(_ bytes: [UInt8]) -> [String] {
        let starts = [0, 2, 3]
        let ends = [0, 3, 2]
        return (0..<3).map { shift in
            let encoded = Array(Data(Array(repeating: UInt8(ascii: " "), count: shift) + bytes).base64EncodedString().utf8)
            let cut = ends[(bytes.count + shift) % 3]
            let end = encoded.count - cut
            guard starts[shift] < end else { return "" }
            return String(decoding: encoded[starts[shift]..<end], as: UTF8.self)
        }
    }

    /// Every way of writing the value's command-line flags: a dash or slash that starts a word
    /// (`\B[-/]\b`, as pySigma reads the modifier) in each of its five forms.
    static let maxWindashFlags = 6

    static func windashForms(_ text: String) -> [String]? {
        let dashes: [Character] = ["-", "/", "\u{2013}", "\u{2014}", "\u{2015}"]
        let chars = Array(text)
        func isWord(_ c: Character?) -> Bool { c.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
        var forms = [""]
        var flags = 0
        for (i, ch) in chars.enumerated() {
            let flag = (ch == "-" || ch == "/") && !isWord(i > 0 ? chars[i - 1] : nil) && isWord(i + 1 < chars.count ? chars[i + 1] : nil)
            if flag {
                flags += 1
                if flags > maxWindashFlags { return nil }
            }
            forms = flag ? forms.flatMap { f in dashes.map { f + String($0) } } : forms.map { $0 + String(ch) }
        }
        return forms
    }
}
