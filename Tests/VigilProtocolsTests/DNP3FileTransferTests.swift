import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// DNP3 file-control objects (group 70) and dnp3_file.log, from annotated bytes.
@Suite struct DNP3FileTransferTests {
    static let handle: [UInt8] = [0x0D, 0x0C, 0x0B, 0x0A]  // 0x0A0B0C0D

    /// One g70 object header with a single size-prefixed object: group 70, the variation,
    /// qualifier 0x5B (2-byte size prefix, 1-byte count), count 1, size.
    static func object(_ variation: UInt8, _ body: [UInt8]) -> [UInt8] {
        [0x46, variation, 0x5B, 0x01, UInt8(body.count & 0xFF), UInt8(body.count >> 8)] + body
    }

    static func request(_ function: UInt8, seq: UInt8, _ objects: [UInt8]) -> [UInt8] {
        DNP3ParserTests.frame([0xC0 | seq] + [0xC0 | seq, function] + objects)
    }

    static func response(seq: UInt8, _ objects: [UInt8]) -> [UInt8] {
        DNP3ParserTests.frame(control: 0x44, destination: 1, source: 10, [0xC0 | seq] + [0xC0 | seq, 0x81, 0x00, 0x00] + objects)
    }

    /// g70v3 file command for "cfg/rtu.xml": name offset 26, size 11; created 1,700,000,000,000 ms
    /// (0x018BCFE56800); permissions 0x01A4 (rw-r--r--); authentication key 0xDEADBEEF; file size
    /// 0; mode 1 (READ); maximum block size 512; request id 7.
    static let openCommand: [UInt8] =
        [0x1A, 0x00, 0x0B, 0x00] + [0x00, 0x68, 0xE5, 0xCF, 0x8B, 0x01] + [0xA4, 0x01] + [0xEF, 0xBE, 0xAD, 0xDE]
        + [0x00, 0x00, 0x00, 0x00] + [0x01, 0x00] + [0x00, 0x02] + [0x07, 0x00] + Array("cfg/rtu.xml".utf8)

    /// g70v4 file command status: the handle, file size, maximum block size, request id, status.
    static func commandStatus(size: UInt8, requestID: UInt8, status: UInt8 = 0) -> [UInt8] {
        handle + [size, 0x00, 0x00, 0x00] + [0x00, 0x02] + [requestID, 0x00] + [status]
    }

    static func run(_ messages: [([UInt8], Bool)]) -> (CollectingSink, DNP3Analyzer) {
        let sink = CollectingSink()
        let ctx = AnalyzerLimitTests.context(sink)
        let a = DNP3Analyzer()
        for (bytes, isOrig) in messages { bytes.withUnsafeBytes { a.deliver($0, isOrig: isOrig, context: ctx) } }
        a.finish(context: ctx)
        return (sink, a)
    }

    static func text(_ row: LogRecord, _ field: String) -> String? {
        switch row.value(field) {
        case .string(let s)?: s
        case .count(let c)?: String(c)
        case .bool(let b)?: b ? "T" : "F"
        case .time(let t)?: t.zeekFormatted
        default: nil
        }
    }

    @Test func aReadIsFollowedFromOpenToCloseAndItsFileHashed() {
        let (sink, analyzer) = Self.run([
            (Self.request(0x19, seq: 1, Self.object(3, Self.openCommand)), true),  // OPEN_FILE
            (Self.response(seq: 1, Self.object(4, Self.commandStatus(size: 5, requestID: 7))), false),
            (Self.request(0x01, seq: 2, Self.object(5, Self.handle + [0, 0, 0, 0])), true),  // READ block 0
            // Block 0 with the last-block bit (0x80000000) and "hello".
            (Self.response(seq: 2, Self.object(5, Self.handle + [0, 0, 0, 0x80] + Array("hello".utf8))), false),
            (Self.request(0x1A, seq: 3, Self.object(4, Self.commandStatus(size: 0, requestID: 8))), true),  // CLOSE_FILE
            (Self.response(seq: 3, Self.object(4, Self.commandStatus(size: 0, requestID: 8))), false),
        ])
        #expect(sink.weirdNames.isEmpty)
        let rows = sink.rows("dnp3_file")
        #expect(
            rows.map { Self.text($0, "function_code") ?? "-" } == ["OPEN_FILE", "RESPONSE", "READ", "RESPONSE", "CLOSE_FILE", "RESPONSE"])
        #expect(
            rows.map { Self.text($0, "object") ?? "-" } == [
                "file_command", "file_command_status", "file_transport", "file_transport", "file_command_status", "file_command_status",
            ])
        // Every row names the file, though only the first carries its name.
        #expect(rows.allSatisfy { Self.text($0, "file_name") == "cfg/rtu.xml" })
        let open = rows[0]
        #expect(Self.text(open, "mode") == "READ")
        #expect(Self.text(open, "permissions") == "rw-r--r--")
        #expect(Self.text(open, "created") == "1700000000.000000")
        #expect(Self.text(open, "request_id") == "7")
        #expect(Self.text(open, "max_block_size") == "512")
        #expect(Self.text(open, "file_handle") == nil)
        #expect(Self.text(rows[1], "file_handle") == "168496141")
        #expect(Self.text(rows[1], "status") == "SUCCESS")
        #expect(Self.text(rows[1], "file_size") == "5")
        // The READ request asks for block 0 and carries no data; the response is the last block.
        #expect(Self.text(rows[2], "data_bytes") == "0" && Self.text(rows[2], "last_block") == "F")
        #expect(Self.text(rows[2], "file_sha256") == nil)
        #expect(Self.text(rows[3], "block_number") == "0" && Self.text(rows[3], "last_block") == "T")
        #expect(Self.text(rows[3], "data_bytes") == "5")
        // sha256("hello")
        #expect(Self.text(rows[3], "file_sha256") == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        // The status answering CLOSE_FILE ends the handle.
        #expect(analyzer.fileTracker.open.isEmpty && analyzer.fileTracker.requested.isEmpty)
    }

    @Test func aCleartextPasswordIsFlaggedButNeverLogged() {
        // g70v2: user name at offset 12 (5 bytes), password at offset 17 (6 bytes), key 0.
        let auth: [UInt8] = [12, 0, 5, 0, 17, 0, 6, 0, 0, 0, 0, 0] + Array("admin".utf8) + Array("secret".utf8)
        let (sink, _) = Self.run([(Self.request(0x1D, seq: 0, Self.object(2, auth)), true)])  // AUTHENTICATE_FILE
        #expect(sink.weirdNames == ["dnp3_cleartext_password"])
        let rows = sink.rows("dnp3_file")
        #expect(rows.count == 1)
        #expect(Self.text(rows[0], "user_name") == "admin")
        #expect(!rows[0].values.contains { if case .string(let s) = $0 { return s.contains("secret") } else { return false } })
    }

    @Test func aNameOutsideItsObjectStopsDecodingAndKeepsTheObjectsBefore() {
        // GET_FILE_INFO with a g70v8 file specification, then a g70v3 whose name (offset 26,
        // 4 bytes) runs past the 26-byte object.
        var broken = Array(Self.openCommand.prefix(26))
        broken[2] = 4
        let (sink, _) = Self.run([
            (Self.request(0x1C, seq: 0, Self.object(8, Array("logs/".utf8)) + Self.object(3, broken)), true)
        ])
        #expect(sink.weirdNames == ["dnp3_invalid_file_object"])
        let detail = sink.events.compactMap { if case .weird(let w) = $0 { return w.addl } else { return nil } }.first
        #expect(detail?.contains("file name at offset 26, 4 bytes") == true)
        let rows = sink.rows("dnp3_file")
        #expect(rows.count == 1)
        #expect(rows.first.flatMap { Self.text($0, "file_name") } == "logs/")
    }

    @Test func shortObjectsAreTruncatedAndUnknownVariationsUnsupported() {
        let short = [UInt8](repeating: 0, count: 12)
        let r = short.withUnsafeBytes { DNP3FileObject.decode(variation: 4, $0) }
        #expect(r == .failure(.truncated(needed: 13)))
        let old = [UInt8](repeating: 0, count: 40)
        #expect(old.withUnsafeBytes { DNP3FileObject.decode(variation: 1, $0) } == .failure(.unsupported))
    }

    @Test func permissionsReadLikeLs() {
        #expect(DNP3FileNames.permissions(0o755) == "rwxr-xr-x")
        #expect(DNP3FileNames.permissions(0o640) == "rw-r-----")
        #expect(DNP3FileNames.permissions(0) == "---------")
        #expect(DNP3FileNames.permissions(0o777) == "rwxrwxrwx")
    }

    @Test func aMissedOrRepeatedBlockLeavesTheHashOut() {
        var t = DNP3FileTracker(limit: 4)
        t.command(requestID: 1, name: "a")
        #expect(t.status(requestID: 1, handle: 9, succeeded: true) == "a")
        #expect(t.block(handle: 9, number: 0, last: false, data: [1]) == nil)
        #expect(t.block(handle: 9, number: 0, last: true, data: [1]) == nil)  // block 0 again
        t.command(requestID: 2, name: "b")
        _ = t.status(requestID: 2, handle: 10, succeeded: true)
        #expect(t.block(handle: 10, number: 1, last: true, data: [1]) == nil)  // block 0 missed
        // A failed open leaves no handle behind.
        t.command(requestID: 3, name: "c")
        _ = t.status(requestID: 3, handle: 11, succeeded: false)
        #expect(t.name(handle: 11) == nil)
    }
}
