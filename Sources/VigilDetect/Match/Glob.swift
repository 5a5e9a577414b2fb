/// A Sigma string value: literal text with `*` (any run) and `?` (one character) wildcards,
/// compared without regard to ASCII case unless the rule says `|cased`.
///
/// Case is folded for ASCII letters only, as SQLite's LIKE and NOCASE do (the peer the tests
/// compare with); a rule about non-ASCII text can use `|re|i`.
public struct Glob: Sendable, Equatable {
    enum Piece: Equatable {
        case literal([UInt8])
        case anyRun
        case oneCharacter
    }

    let pieces: [Piece]
    let cased: Bool

    /// Reads Sigma's escapes: `\*` and `\?` are literal wildcards, `\\` is one backslash, and
    /// a backslash before any other character is itself (Sigma rules specification, "Escaping").
    public init(sigma text: String, cased: Bool) {
        var pieces: [Piece] = []
        var literal: [UInt8] = []
        func flush() {
            if !literal.isEmpty { pieces.append(.literal(cased ? literal : literal.map(Glob.fold))) }
            literal = []
        }
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\\"), i + 1 < bytes.count,
                bytes[i + 1] == UInt8(ascii: "*") || bytes[i + 1] == UInt8(ascii: "?") || bytes[i + 1] == UInt8(ascii: "\\")
            {
                literal.append(bytes[i + 1])
                i += 2
                continue
            }
            if b == UInt8(ascii: "*") {
                flush()
                if pieces.last != .anyRun { pieces.append(.anyRun) }
            } else if b == UInt8(ascii: "?") {
                flush()
                pieces.append(.oneCharacter)
            } else {
                literal.append(b)
            }
            i += 1
        }
        flush()
        self.pieces = pieces
        self.cased = cased
    }

    /// A literal value with no wildcards (what `contains` and friends wrap).
    init(pieces: [Piece], cased: Bool) {
        self.pieces = pieces
        self.cased = cased
    }

    /// The same pattern with `*` before (`endswith`), after (`startswith`) or both (`contains`).
    func anchored(start: Bool, end: Bool) -> Glob {
        var p = pieces
        if !start, p.first != .anyRun { p.insert(.anyRun, at: 0) }
        if !end, p.last != .anyRun { p.append(.anyRun) }
        return Glob(pieces: p, cased: cased)
    }

    static func fold(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// Whether `text` begins with `folded` (already case-folded), ASCII case aside: the one
    /// comparison behind a rule's exact values and `startswith` prefixes.
    static func startsFolded<Text: Collection<UInt8>>(_ text: Text, with folded: [UInt8]) -> Bool {
        text.count >= folded.count && zip(text, folded).allSatisfy { fold($0) == $1 }
    }

    public func matches(_ text: String) -> Bool {
        var t = text
        return t.withUTF8 { matches($0) }
    }

    /// Iterative wildcard matching with one backtrack point (the last `*`): linear for the
    /// patterns rules use, never exponential.
    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var p = 0  // piece
        var t = 0  // byte in text
        var starPiece = -1
        var starText = 0
        while true {
            if p < pieces.count {
                switch pieces[p] {
                case .anyRun:
                    starPiece = p
                    starText = t
                    p += 1
                    continue
                case .oneCharacter:
                    if t < text.count {
                        t += Self.characterLength(text, at: t)
                        p += 1
                        continue
                    }
                case .literal(let lit):
                    if startsWith(text, at: t, lit) {
                        t += lit.count
                        p += 1
                        continue
                    }
                }
            } else if t == text.count {
                return true
            }
            // Mismatch: let the last `*` take one more byte, or fail.
            guard starPiece >= 0, starText < text.count else { return false }
            starText += 1
            t = starText
            p = starPiece + 1
        }
    }

    private func startsWith(_ text: UnsafeBufferPointer<UInt8>, at start: Int, _ lit: [UInt8]) -> Bool {
        guard start + lit.count <= text.count else { return false }
        if cased {
            for i in 0..<lit.count where text[start + i] != lit[i] { return false }
        } else {
            for i in 0..<lit.count where Self.fold(text[start + i]) != lit[i] { return false }
        }
        return true
    }

    /// Bytes of the UTF-8 character starting at `i`: `?` stands for one character, not one byte.
    private static func characterLength(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        var n = 1
        while i + n < text.count, text[i + n] & 0xC0 == 0x80 { n += 1 }
        return n
    }
}
