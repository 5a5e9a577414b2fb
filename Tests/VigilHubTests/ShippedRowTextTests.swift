import Testing

@testable import VigilHubWire

/// The hub keeps a row as the sensor wrote and signed it, and reads from it only the fields its
/// alert queue, asset list and map need.
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

    @Test func otherFormsAreStoredAsSentToo() throws {
        // Keys in another order, or other spacing around the row: the row's own text is kept.
        #expect(try Self.record(#"{"row":{"b":1,"a":2},"log":"conn"}"#).row == #"{"b":1,"a":2}"#)
        #expect(try Self.record(#"{ "log" : "conn" , "row" : { "b" : 1 } }"#).row == #"{ "b" : 1 }"#)
        #expect(try Self.record(#"{"log":"c\u006fnn","row":{"ts":2}}"#).log == "conn")
        #expect(throws: BatchError.self) { try Self.record(#"{"log":"conn","row":[1]}"#) }
        #expect(throws: BatchError.self) { try Self.record(#"{"log":"conn","row":{"a":1}"#) }
        #expect(throws: BatchError.self) { try Self.record(#"{"log":"conn"}"#) }
        #expect(throws: BatchError.self) { try Self.record(#"{"log":"conn.x","row":{}}"#) }
    }

    @Test func aRecordThatNamesItsLogOrRowTwiceIsRefused() {
        // Which of the two a JSON reader keeps differs from reader to reader.
        #expect(throws: BatchError.self) { try Self.record(#"{"log":"conn","row":{"a":1},"row":{"a":2}}"#) }
        #expect(throws: BatchError.self) { try Self.record(#"{"log":"conn","log":"dns","row":{"a":1}}"#) }
        // Also when one of the names is spelled with an escape.
        #expect(throws: BatchError.self) { try Self.record(#"{"log":"conn","l\u006fg":"dns","row":{"a":1}}"#) }
    }

    @Test func theHubReadsWhatItNeedsFromTheRow() throws {
        let notice = try Self.record(
            #"{"log":"notice","row":{"ts":1796000000.5,"uid":"C\u00e9","note":"Sigma::Rule_Match","rule_id":"r1","level":"high","msg":"a \"quoted\" write","src":"10.0.0.1","dst":"10.0.0.2","evidence":[{"a":[1,2,{"b":null}]}]}}"#
        )
        #expect(notice.ts == 1796000000.5 && notice.uid == "Cé")
        #expect(
            notice.alert
                == AlertSummary(rule: "r1", level: "high", message: #"a "quoted" write"#, source: "10.0.0.1", destination: "10.0.0.2"))
        // A Zeek notice has no rule_id: it is named by its note.
        #expect(try Self.record(#"{"log":"notice","row":{"note":"Scan::Port_Scan"}}"#).alert?.rule == "Scan::Port_Scan")
        let asset = try Self.record(#"{"log":"asset","row":{"ips":["10.0.0.9","fe80::1"],"first_seen":1,"last_seen":2E1}}"#)
        #expect(asset.assetKey == "10.0.0.9" && asset.firstSeen == 1 && asset.lastSeen == 20)
        let conn = try Self.record(
            #"{"log":"conn","row":{"ts":10,"id.orig_h":"10.0.0.1","id.resp_h":"10.0.0.2","id.resp_p":502,"proto":"tcp","service":"","orig_pkts":3,"resp_pkts":2,"orig_ip_bytes":100,"duration":0.5}}"#
        )
        #expect(
            conn.connection?.client == "10.0.0.1" && conn.connection?.server == "10.0.0.2" && conn.connection?.serverPort == 502
                && conn.connection?.service == "-" && conn.connection?.packets == 5 && conn.connection?.bytes == 100
                && conn.connection?.end == 10.5)
        // A value of another type than the field's is left out, never guessed at.
        let odd = try Self.record(#"{"log":"conn","row":{"ts":"10","uid":7,"id.orig_h":"10.0.0.1"}}"#)
        #expect(odd.ts == nil && odd.uid == nil && odd.connection == nil)
    }
}
