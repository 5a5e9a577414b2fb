import Crypto
import Foundation
import Testing
import VigilCore

@testable import VigilSensor

/// dnp3_file.log agrees with three peers on the corpus's DNP3 captures:
/// - tshark's dissection of every group 70 object (field by field, as multisets per capture);
/// - Suricata-verify's expected EVE values for the group 70 objects its tests check;
/// - Zeek's `dnp3_file_transport` events (handle, block number, the block's bytes), whose data
///   also gives the SHA-256 that Vigil's last-block row must carry.
@Suite struct DNP3FileAgreementTests {
    static func captures() throws -> [String] {
        try Corpus.manifest().filter { $0.protocols.lowercased().contains("dnp3") }.map(\.file)
    }

    static func value(_ row: LogRecord, _ field: String) -> String? {
        switch row.value(field) {
        case .string(let s)?: s
        case .count(let c)?: String(c)
        case .bool(let b)?: b ? "1" : "0"
        default: nil
        }
    }

    /// Vigil's permissions text back to its number (rwxr-xr-x → 0o755).
    static func permissionBits(_ text: String) -> UInt16 {
        text.reduce(UInt16(0)) { bits, c in bits << 1 | (c == "-" ? 0 : 1) }
    }

    static func hexNumber(_ s: Substring) -> String {
        s.hasPrefix("0x") ? String(UInt64(s.dropFirst(2), radix: 16) ?? 0) : String(s)
    }

    @Test func fileObjectsAgreeWithTshark() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer")
        try #require(Corpus.available)
        // tshark field → dnp3_file.log field. tshark's dnp3.al.file.perms is left out: on the
        // file-write capture it shows 85, the object's size prefix, where the object's
        // permission bytes (ff 01) say 511, as Suricata-verify expects and Vigil logs.
        let fields: [(String, String)] = [
            ("dnp3.al.file_name", "file_name"), ("dnp3.al.file.handle", "file_handle"), ("dnp3.al.file.blocknum", "block_number"),
            ("dnp3.al.file.lastblock", "last_block"), ("dnp3.al.file.size", "file_size"), ("dnp3.al.file.maxblock", "max_block_size"),
            ("dnp3.al.file.reqID", "request_id"), ("dnp3.al.file.status", "status"), ("dnp3.al.file.mode", "mode"),
        ]
        var objects = 0
        var values = 0
        for capture in try Self.captures() {
            let path = Corpus.root.appendingPathComponent(capture).path
            let out = try Corpus.tshark(
                ["-n", "-r", path, "-Y", "dnp3.al.obj", "-T", "fields", "-E", "occurrence=a", "-e", "dnp3.al.obj"]
                    + fields.flatMap { ["-e", $0.0] })
            var theirs: [String: Int] = [:]
            var theirObjects = 0
            for line in String(decoding: out, as: UTF8.self).split(separator: "\n") {
                let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
                theirObjects += cols[0].split(separator: ",").filter { $0.hasPrefix("0x46") }.count
                for (i, col) in cols.dropFirst().enumerated() {
                    for v in col.split(separator: ",") { theirs["\(fields[i].1)=\(Self.hexNumber(v))", default: 0] += 1 }
                }
            }
            let rows = Corpus.analyze(capture).0.rows("dnp3_file")
            var ours: [String: Int] = [:]
            for row in rows {
                for (_, field) in fields {
                    guard var v = Self.value(row, field) else { continue }
                    // Only the objects that carry a name (g70v3, v7, v8) have it in tshark.
                    if field == "file_name", case .string(let object)? = row.value("object"),
                        !["file_command", "file_descriptor", "file_specification"].contains(object)
                    {
                        continue
                    }
                    // tshark prints codes: the mode and status names back to their numbers.
                    if field == "mode" { v = String(["NULL", "READ", "WRITE", "APPEND"].firstIndex(of: v) ?? -1) }
                    if field == "status" { v = String(Self.statusCode(v)) }
                    ours["\(field)=\(v)", default: 0] += 1
                }
            }
            // A READ request's block (no data) has no data_bytes in tshark either, but has its
            // block number and last-block flag in both.
            #expect(rows.count == theirObjects, "\(capture): \(rows.count) dnp3_file rows, tshark \(theirObjects) group 70 objects")
            #expect(
                ours == theirs,
                "\(capture): Vigil \(ours.sorted { $0.key < $1.key }) vs tshark \(theirs.sorted { $0.key < $1.key })")
            objects += theirObjects
            values += theirs.values.reduce(0, +)
        }
        print("== DNP3 file objects vs tshark: \(objects) objects, \(values) field values ==")
        #expect(objects >= 10, "the corpus's file read, write and delete captures carry group 70 objects")
    }

    /// The Suricata point fields dnp3_file.log has a counterpart for.
    static let suricataKeys: Set<String> = [
        "filename", "file_handle", "file_size", "maximum_block_size", "request_id", "status_code", "operational_mode", "permissions",
        "block_number", "created", "file_data", "optional_text",
    ]

    static func statusCode(_ name: String) -> Int {
        let table: [String: Int] = [
            "SUCCESS": 0, "PERMISSION_DENIED": 1, "INVALID_MODE": 2, "FILE_NOT_FOUND": 3, "FILE_LOCKED": 4, "TOO_MANY_OPEN": 5,
            "INVALID_HANDLE": 6, "WRITE_BLOCK_SIZE": 7, "COMM_LOST": 8, "CANNOT_ABORT": 9, "NOT_OPENED": 16, "HANDLE_EXPIRED": 17,
            "BUFFER_OVERRUN": 18, "FATAL": 19, "BLOCK_SEQ": 20, "UNDEFINED": 255,
        ]
        return table[name] ?? Int(name.dropFirst("unknown-".count)) ?? -1
    }

    @Test func fileObjectsAgreeWithSuricataExpectations() throws {
        try #require(Corpus.available)
        var checked = 0
        var failures: [String] = []
        for capture in try Self.captures() {
            let yamlURL = Corpus.root.appendingPathComponent(capture).deletingLastPathComponent().appendingPathComponent("test.yaml")
            guard let yaml = try? String(contentsOf: yamlURL, encoding: .utf8) else { continue }
            let rows = Corpus.analyze(capture).0.rows("dnp3_file")
            // Each "- filter:" block is one EVE record; keep those whose first object is group 70.
            for block in yaml.components(separatedBy: "- filter:").dropFirst() {
                var point: [String: String] = [:]
                var group = ""
                var variation = ""
                var toServer = false
                var lastKey = ""
                for line in block.split(separator: "\n") {
                    let t = line.trimmingCharacters(in: .whitespaces)
                    guard let colon = t.range(of: ": ") else {
                        // A plain scalar folded onto the next line continues after a space.
                        if lastKey.hasPrefix("dnp3.application.objects[0].points[0].") {
                            point[String(lastKey.dropFirst("dnp3.application.objects[0].points[0].".count)), default: ""] += " " + t
                        }
                        continue
                    }
                    let key = String(t[..<colon.lowerBound])
                    let value = String(t[colon.upperBound...]).trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
                    lastKey = key
                    if key == "dnp3.application.objects[0].group" { group = value }
                    if key == "dnp3.application.objects[0].variation" { variation = value }
                    if key == "dnp3.type" { toServer = value == "request" }
                    let prefix = "dnp3.application.objects[0].points[0]."
                    if key.hasPrefix(prefix) { point[String(key.dropFirst(prefix.count))] = value }
                }
                guard group == "70" else { continue }
                let object = [
                    "2": "authentication", "3": "file_command", "4": "file_command_status", "5": "file_transport",
                    "6": "file_transport_status", "7": "file_descriptor", "8": "file_specification",
                ][variation]
                let candidates = rows.filter {
                    Self.value($0, "object") == object && Self.value($0, "is_orig") == (toServer ? "1" : "0")
                }
                // Suricata field → what Vigil's row must say for it. Index, prefix, size, the
                // name offsets and the authentication key are not logged.
                func vigil(_ row: LogRecord, _ key: String) -> String? {
                    switch key {
                    case "filename": return Self.value(row, "file_name")
                    case "file_handle": return Self.value(row, "file_handle")
                    // A file command's size is logged only in WRITE mode, where it is used; Suricata
                    // prints the field's raw 0 in the other modes.
                    case "file_size": return Self.value(row, "file_size") ?? (Self.value(row, "object") == "file_command" ? "0" : nil)
                    case "maximum_block_size": return Self.value(row, "max_block_size")
                    case "request_id": return Self.value(row, "request_id")
                    case "status_code": return Self.value(row, "status").map { String(Self.statusCode($0)) }
                    case "operational_mode":
                        return Self.value(row, "mode").map { String(["NULL", "READ", "WRITE", "APPEND"].firstIndex(of: $0) ?? -1) }
                    case "permissions": return Self.value(row, "permissions").map { String(Self.permissionBits($0)) }
                    case "block_number":
                        guard let n = Self.value(row, "block_number").flatMap(UInt32.init) else { return nil }
                        return String(n | (Self.value(row, "last_block") == "1" ? 0x8000_0000 : 0))
                    case "created":
                        if case .time? = row.value("created") { return "set" }
                        return "0"  // a creation time of 0 is left unset
                    case "file_data": return Self.value(row, "data_bytes") == "0" ? "" : "data"
                    case "optional_text": return Self.value(row, "text") ?? ""
                    default: return nil
                    }
                }
                let expected = point.filter { Self.suricataKeys.contains($0.key) }
                let match = candidates.contains { row in expected.allSatisfy { vigil(row, $0.key) == $0.value } }
                checked += expected.count
                if !match {
                    failures.append(
                        "\(capture): g70v\(variation) \(toServer ? "request" : "response") \(point.sorted { $0.key < $1.key }) not in Vigil's dnp3_file.log"
                    )
                }
            }
        }
        print("== DNP3 file objects vs Suricata-verify: \(checked) expected values, \(failures.count) objects missing ==")
        for f in failures { print("  missing: " + f) }
        #expect(checked >= 30)
        #expect(failures.isEmpty, Comment(rawValue: failures.joined(separator: "\n")))
    }

    /// Zeek's dnp3_file_transport events: `dnp3_file_transport, <is_orig>, <handle>, <block>`
    /// then the data as a hex dump (16 bytes per line, lines joined by a literal `\x0a`).
    static func zeekTransports(_ output: String) -> [(isOrig: Bool, handle: String, block: UInt32, data: [UInt8])] {
        var events: [(Bool, String, UInt32, [UInt8])] = []
        let lines = output.components(separatedBy: "\n")
        for (i, line) in lines.enumerated() where line.hasPrefix("dnp3_file_transport, ") {
            let parts = line.components(separatedBy: ", ")
            var data: [UInt8] = []
            if i + 1 < lines.count {
                for dumpLine in lines[i + 1].components(separatedBy: "\\x0a") {
                    // "0000  ef bb bf 3c …  8 bytes  8 bytes  text": offset, two spaces, then
                    // up to 16 two-digit hex bytes in two groups; the text column follows.
                    let trimmed = dumpLine.drop { $0 == " " }
                    guard trimmed.count > 6, trimmed.prefix(4).allSatisfy(\.isHexDigit) else { continue }
                    let hexArea = trimmed.dropFirst(6).prefix(49)
                    for token in hexArea.split(separator: " ") where token.count == 2 {
                        if let b = UInt8(token, radix: 16) { data.append(b) }
                    }
                }
            }
            events.append((parts[1] == "T", parts[2], UInt32(parts[3]) ?? 0, data))
        }
        return events
    }

    @Test func fileTransportsAgreeWithZeek() throws {
        try #require(Corpus.available)
        var compared = 0
        for entry in try Corpus.manifest() where entry.protocols.lowercased().contains("dnp3") {
            for dir in entry.expected where dir.hasPrefix("zeek/") {
                let url = Corpus.root.appendingPathComponent(dir).appendingPathComponent("output")
                guard let output = try? String(contentsOf: url, encoding: .utf8) else { continue }
                let events = Self.zeekTransports(output)
                let rows = Corpus.analyze(entry.file).0.rows("dnp3_file").filter { Self.value($0, "object") == "file_transport" }
                #expect(rows.count == events.count, "\(entry.file): \(rows.count) file_transport rows, Zeek \(events.count) events")
                for (row, event) in zip(rows, events) {
                    let block =
                        (UInt32(Self.value(row, "block_number") ?? "") ?? 0) | (Self.value(row, "last_block") == "1" ? 0x8000_0000 : 0)
                    #expect(Self.value(row, "is_orig") == (event.isOrig ? "1" : "0"))
                    #expect(Self.value(row, "file_handle") == event.handle)
                    #expect(block == event.block)
                    #expect(Self.value(row, "data_bytes") == String(event.data.count))
                    // A one-block file's hash is its block's.
                    if event.block == 0x8000_0000 {
                        #expect(Self.value(row, "file_sha256") == SHA256.hash(data: event.data).map { String(format: "%02x", $0) }.joined())
                    }
                    compared += 1
                }
            }
        }
        print("== DNP3 file transports vs Zeek dnp3_file_transport: \(compared) events ==")
        #expect(compared >= 3)
    }
}
