import Testing
import VigilCore

/// `LogName` text is copied into rows unescaped, so only text that neither JSON nor Zeek's
/// TSV writer would change may become one.
@Suite struct LogNameTests {
    static func plain(_ s: String) -> Bool {
        Array(s.utf8).withUnsafeBytes { LogName.isPlain($0) }
    }

    @Test func printableASCIIIsPlain() {
        #expect(Self.plain("read-property-ack"))
        #expect(Self.plain("Vendor Specific (512)"))
        #expect(Self.plain("x"))
    }

    @Test func textThatWouldBeEscapedIsNot() {
        for s in ["", "-", "(empty)", "a\"b", "a\\b", "tab\there", "new\nline", "del\u{7F}", "caf\u{E9}", "\u{1}"] {
            #expect(!Self.plain(s), "\(s.debugDescription) must not be a LogName")
        }
    }

    @Test func storedTextThatNeedsEscapingStaysAString() {
        let quoted = Array("say \"hi\"".utf8)
        quoted.withUnsafeBytes { #expect(LogName(stored: $0) == nil) }
        let plain = Array("Lighting".utf8)
        plain.withUnsafeBytes { #expect(LogName(stored: $0)?.string == "Lighting") }
    }

    @Test func valueTextReadsNamesAndStrings() {
        #expect(LogValue.name("i_am").text == "i_am")
        #expect(LogValue.string("x").text == "x")
        #expect(LogValue.count(1).text == nil)
    }
}
