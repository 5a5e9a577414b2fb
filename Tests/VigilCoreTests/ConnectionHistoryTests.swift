import Testing

@testable import VigilCore

@Suite struct ConnectionHistoryTests {
    static func letters(_ h: ConnectionHistory) -> String { h.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }

    @Test func emptyHistoryHasNoLetters() {
        let h = ConnectionHistory()
        #expect(h.count == 0)
        #expect(Self.letters(h) == "")
    }

    @Test func lettersStayInOrderUpToTheInlineRoom() {
        var h = ConnectionHistory()
        for c in "ShAdDaFf".utf8 { h.append(c) }
        #expect(h.count == 8)
        #expect(Self.letters(h) == "ShAdDaFf")
    }

    /// The 24th letter fills the inline room; the 25th moves every letter to the array.
    @Test func aLongHistoryKeepsEveryLetterPastTheInlineRoom() {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij".utf8)
        var h = ConnectionHistory()
        for (i, c) in alphabet.enumerated() {
            h.append(c)
            #expect(h.count == i + 1)
            #expect(Self.letters(h) == String(decoding: alphabet[0...i], as: UTF8.self))
        }
        #expect(Self.letters(h) == "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij")
    }
}
