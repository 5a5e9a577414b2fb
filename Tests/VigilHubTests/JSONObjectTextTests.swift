import Foundation
import Testing

@testable import VigilHubWire

/// The hub's JSON reader accepts exactly the objects Foundation's JSONSerialization accepts,
/// but for one leniency of Foundation's: a comma before `]` or `}`, which RFC 8259 does not
/// allow (nor PostgreSQL's jsonb). Checked on hand-made edge cases and on many random changes
/// to a real row.
@Suite struct JSONObjectTextTests {
    static func foundationAccepts(_ bytes: [UInt8]) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) is [String: Any]
    }

    /// Whether Foundation takes the text only for a trailing comma: without those commas,
    /// both readers take it.
    static func onlyTrailingCommas(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        let strict = text.replacingOccurrences(of: #",(\s*[\]}])"#, with: "$1", options: .regularExpression)
        return strict != text && JSONObjectText(Array(strict.utf8)) != nil && foundationAccepts(Array(strict.utf8))
    }

    static let edgeCases: [String] = [
        #"{}"#, #" { } "#, #"{"a":1}"#, #"{"a":-0.5e+3}"#, #"{"a":01}"#, #"{"a":1.}"#, #"{"a":.5}"#, #"{"a":-}"#, #"{"a":1e}"#,
        #"{"a":+1}"#, #"{"a":1E-2}"#, #"{"a":true,"b":false,"c":null}"#, #"{"a":tru}"#, #"{"a":nul}"#, #"{"a":[]}"#,
        #"{"a":[1,]}"#, #"{"a":[,1]}"#, #"{"a":{"b":{"c":[{}]}}}"#, #"{"a":1,}"#, #"{,"a":1}"#, #"{"a" 1}"#, #"{a:1}"#,
        #"{'a':1}"#, #"{"a":"\u00e9\n\t\"\\\/\b\f\r"}"#, #"{"a":"\x"}"#, #"{"a":"\u12"}"#, #"{"a":"\u12G4"}"#,
        "{\"a\":\"tab\there\"}", "{\"a\":\"\u{7f}\"}", #"{"a":"é"}"#, #"[1]"#, #""a""#, #"1"#, #"{"a":1}{"#, #"{"a":1} x"#,
        "{\"a\":1}\n", #"{"a":"unterminated}"#, #"{"a":1"#, "", " ", #"{"":1}"#, #"{"a":1,"a":2}"#, #"{"a":[1 2]}"#,
        #"{"a":{"b" :1 , "c":[ 1 , 2 ] }}"#, #"{"a":-01}"#, #"{"a":1.5e999}"#, #"{"a":"\ud83d\ude00"}"#,
    ]

    @Test func agreesWithFoundationOnEdgeCases() {
        for text in Self.edgeCases {
            let bytes = Array(text.utf8)
            if Self.onlyTrailingCommas(bytes) {
                #expect(JSONObjectText(bytes) == nil && Self.foundationAccepts(bytes), "\(text)")
                continue
            }
            #expect((JSONObjectText(bytes) != nil) == Self.foundationAccepts(bytes), "\(text)")
        }
        // Bytes that are not UTF-8, inside and outside a string.
        for bytes: [UInt8] in [
            [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D], [0x7B, 0xC3, 0x7D], [0x7B, 0x22, 0xC3, 0x22, 0x3A, 0x31, 0x7D],
        ] {
            #expect(JSONObjectText(bytes) == nil)
            #expect(!Self.foundationAccepts(bytes))
        }
    }

    @Test func agreesWithFoundationOnChangedRows() {
        let rows = [
            #"{"ts":1796000000.0,"uid":"C0","id.orig_h":"10.0.0.37","id.resp_p":502,"note":"Sigma::Rule_Match","msg":"Bench \"rule\" 46","n":-1,"actions":["Notice::ACTION_LOG"],"suppress_for":3600.0e-1,"ok":true,"none":null,"evidence":[{"a":[1,{}]}]}"#
        ]
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(#"{}[]":,.-+eE0123456789 \ntrufalsn"\u"#.utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xA9, 0xFF]
        var disagreements: [String] = []
        for row in rows {
            let original = Array(row.utf8)
            for _ in 0..<20_000 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    let at = Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0..<3, using: &generator) {
                    case 0: bytes[at] = alphabet.randomElement(using: &generator)!
                    case 1: bytes.remove(at: at)
                    default: bytes.insert(alphabet.randomElement(using: &generator)!, at: at)
                    }
                    if bytes.isEmpty { break }
                }
                if (JSONObjectText(bytes) != nil) != Self.foundationAccepts(bytes) && !Self.onlyTrailingCommas(bytes) {
                    disagreements.append(String(decoding: bytes, as: UTF8.self))
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }

    @Test func readsMembersAndTheirValues() throws {
        let object = try #require(JSONObjectText(Array(#"{"a\u0062":"x\ty","n":-2.5e1,"l":["q",1],"o":{"n":1},"n2":1,"n2":2}"#.utf8)))
        #expect(object.string("ab") == "x\ty")
        #expect(object.number("n") == -25)
        #expect(object.firstString(ofArray: "l") == "q")
        #expect(object.member("o").map(object.text(of:)) == #"{"n":1}"#)
        // An object inside is read in the same pass, one level down; deeper ones are only checked.
        #expect(object.object("o")?.number("n") == 1 && object.object("l") == nil)
        let nested = try #require(JSONObjectText(Array(#"{"a":{"b":{"c":1}}}"#.utf8)))
        #expect(nested.object("a")?.member("b")?.kind == .object && nested.object("a")?.object("b") == nil)
        #expect(object.count(named: "n2") == 2 && object.count(named: "ab") == 1)
        // A repeated name: the last one counts, as in PostgreSQL's jsonb.
        #expect(object.number("n2") == 2)
        #expect(object.string("n") == nil && object.number("ab") == nil && object.member("missing") == nil)
    }

    @Test func refusesNestingPastItsBound() {
        let deep = String(repeating: "[", count: JSONObjectText.maximumDepth) + String(repeating: "]", count: JSONObjectText.maximumDepth)
        #expect(JSONObjectText(Array(#"{"a":\#(deep)}"#.utf8)) == nil)
        let shallow = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(JSONObjectText(Array(#"{"a":\#(shallow)}"#.utf8)) != nil)
    }
}
