import Testing

@testable import VigilHubWire

/// The hub keeps a row as the sensor wrote and signed it when the line has the form a sensor
/// writes; any other form is still read, and stored with its keys sorted.
@Suite struct ShippedRowTextTests {
    static func record(_ line: String) throws -> ShippedRecord {
        try ShippedRecord(line: ArraySlice(Array(line.utf8)), lineNumber: 1)
    }

    @Test func aSensorsLineIsStoredAsItWasSigned() throws {
        var body: [UInt8] = []
        ShippedRecord(log: "conn", row: #"{"ts":1.50,"uid":"C1","id.orig_h":"10.0.0.1"}"#).appendLine(to: &body)
        let line = ArraySlice(body.dropLast())
        let stored = try ShippedRecord(line: line, lineNumber: 1)
        #expect(stored.row == #"{"ts":1.50,"uid":"C1","id.orig_h":"10.0.0.1"}"#)
        #expect(stored.ts == 1.5 && stored.uid == "C1")
        #expect(try Self.record(#"{"log":"conn","row": {"b":1,"a":2} }"#).row == #"{"b":1,"a":2}"#)
    }

    @Test func otherFormsAreReadAndStoredWithSortedKeys() throws {
        // Keys in another order, or another spacing before the row: read, then written anew.
        #expect(try Self.record(#"{"row":{"b":1,"a":2},"log":"conn"}"#).row == #"{"a":2,"b":1}"#)
        #expect(try Self.record(#"{ "log":"conn","row":{"b":1,"a":2}}"#).row == #"{"a":2,"b":1}"#)
        // A second "row" key: a JSON reader keeps one of them; the stored row is that one,
        // never the text of both.
        let twice = try Self.record(#"{"log":"conn","row":{"a":1},"row":{"a":2}}"#)
        #expect(twice.row == #"{"a":1}"# || twice.row == #"{"a":2}"#)
        #expect(throws: BatchError.self) { try Self.record(#"{"log":"conn","row":[1]}"#) }
        #expect(throws: BatchError.self) { try Self.record(#"{"log":"conn","row":{"a":1}"#) }
    }
}
