import Foundation
import Testing

@testable import VigilDetect

/// Zeek log rows, JSON and TSV, read into the records rules see.
@Suite struct LogReadingTests {
    @Test func jsonRowsKeepTypesEscapesAndNesting() throws {
        let line =
            #"{"ts":1.5,"uid":"C1","id":{"orig_h":"10.0.0.1","orig_p":502},"q":"a\"b\\c\u00e9\ud83d\ude00","ok":true,"set":["x","y"],"n":null,"e":[]}"#
        let r = try JSONRowParser().parse(line, log: "t")
        #expect(r.value("ts") == .number("1.5"))
        #expect(r.value("id.orig_h") == .text("10.0.0.1"))
        #expect(r.value("id.orig_p") == .number("502"))
        #expect(r.value("q") == .text("a\"b\\c\u{e9}\u{1F600}"))
        #expect(r.value("ok") == .bool(true))
        #expect(r.value("set") == .list([.text("x"), .text("y")]))
        #expect(r.value("n") == nil, "JSON null reads as unset")
        #expect(r.value("e") == .list([]))
    }

    @Test func malformedJSONNamesTheByte() {
        for (line, offset) in [(#"{"a":1,}"#, 7), (#"{"a" 1}"#, 5), (#"{"a":tru}"#, 5), (#"{"a":"open}"#, 11), (#"{"a":1} x"#, 8)] {
            do {
                _ = try JSONRowParser().parse(line, log: "t")
                Issue.record("\(line) was accepted")
            } catch {
                #expect(error.offset == offset, "\(line): \(error.expected)")
            }
        }
    }

    /// A hostile row nested a hundred thousand arrays deep ended `vigil detect` with a stack
    /// overflow; nesting past 512 levels (as the hub refuses it) is now a bad row like any
    /// other, named by its byte. (A flat row whose deep field no rule reads is not walked, so
    /// it is read for the fields rules do read.)
    @Test func nestingPast512LevelsIsRefusedNotFollowed() throws {
        let arrays = #"{"ts":1,"x":"# + String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000) + "}"
        let objects = #"{"ts":1,"x":"# + String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000) + "}"
        let readingTs = JSONRowParser(fields: FieldSelection(all: false, names: ["ts"]))
        for (parser, line) in [(JSONRowParser(), arrays), (JSONRowParser(), objects), (readingTs, objects)] {
            do {
                _ = try parser.parse(line, log: "t")
                Issue.record("a row nested past 512 levels was accepted")
            } catch {
                #expect(error.expected == "at most 512 nested levels")
                #expect(error.offset > 512 && error.offset < 5_000)
            }
        }
        #expect(try readingTs.parse(arrays, log: "t").value("ts") == .number("1"))
        let allowed = #"{"ts":1,"x":"# + String(repeating: "[", count: 500) + "7" + String(repeating: "]", count: 500) + "}"
        var value = try #require(try JSONRowParser().parse(allowed, log: "t").value("x"))
        for _ in 0..<499 {
            guard case .list(let items) = value, items.count == 1 else { break }
            value = items[0]
        }
        #expect(value == .list([.number("7")]))
    }

    @Test func tsvRowsFollowTheirHeader() throws {
        let file = NSTemporaryDirectory() + "vigil-tsv-\(getpid()).log"
        let text = """
            #separator \\x09
            #set_separator\t,
            #empty_field\t(empty)
            #unset_field\t-
            #path\tdns
            #fields\tts\tuid\tquery\tAA\tanswers\tTTLs\trcode
            #types\ttime\tstring\tstring\tbool\tvector[string]\tvector[interval]\tcount
            1.25\tC1\texample.org\tT\ta.example,1.2.3.4\t60.0,30.0\t-
            2.5\tC2\t(empty)\tF\t(empty)\t(empty)\t3
            #close\t2024-01-01-00-00-00

            """
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        var rows: [EventRecord] = []
        var bad: [LogFileReader.BadRow] = []
        try LogFileReader(file: file).forEachRow({ rows.append($0) }, bad: { bad.append($0) })
        #expect(bad.isEmpty)
        #expect(rows.count == 2)
        #expect(rows[0].log == "dns", "the #path line names the log")
        #expect(rows[0].value("AA") == .bool(true))
        #expect(rows[0].value("answers") == .list([.text("a.example"), .text("1.2.3.4")]))
        #expect(rows[0].value("TTLs") == .list([.number("60.0"), .number("30.0")]))
        #expect(rows[0].value("rcode") == nil)
        #expect(rows[1].value("query") == .text(""))
        #expect(rows[1].value("answers") == .list([]))
        #expect(rows[1].value("rcode") == .number("3"))
    }

    @Test func badRowsAreReportedAndReadingGoesOn() throws {
        let file = NSTemporaryDirectory() + "vigil-bad-\(getpid()).log"
        try "{\"a\":1}\nnot a row\n{\"a\":\n{\"a\":2}\n".write(toFile: file, atomically: true, encoding: .utf8)
        var rows = 0
        var bad: [LogFileReader.BadRow] = []
        try LogFileReader(file: file).forEachRow({ _ in rows += 1 }, bad: { bad.append($0) })
        #expect(rows == 2)
        #expect(bad.map(\.line) == [2, 3])
    }

    @Test func logNamesComeFromFileNamesWithoutRotationStamps() {
        #expect(LogFileReader.logName(ofFile: "/x/dns.log") == "dns")
        #expect(LogFileReader.logName(ofFile: "conn.2024-05-01-10-00-00-2024-05-01-11-00-00.log") == "conn")
        #expect(LogFileReader.logName(ofFile: "opcua_binary_write.json") == "opcua_binary_write")
    }

    @Test func aMissingFileIsAnError() {
        #expect(throws: (any Error).self) { try LogFileReader(file: "/nonexistent/dns.log").forEachRow { _ in } }
    }
}
