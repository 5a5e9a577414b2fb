import Testing

@testable import VigilProtocols

/// Multipart and message bodies split into their leaf entities (RFC 2046 §5), decoded
/// (RFC 2045 §6), whatever the body's split into packets.
@Suite struct MIMEEntityReaderTests {
    /// The leaves of `body` as (file name, content) pairs, fed `chunk` bytes at a time.
    static func leaves(_ body: String, type: String, chunk: Int = .max) -> (files: [(String?, String)], tooDeep: Bool) {
        var reader = MIMEEntityReader(contentType: type)
        var parts: [MIMEEntityReader.Part] = []
        let bytes = Array(body.utf8)
        var i = 0
        while i < bytes.count {
            let n = min(chunk, bytes.count - i)
            bytes[i..<(i + n)].withUnsafeBytes { reader.read($0, into: &parts) }
            i += n
        }
        reader.finish(into: &parts)
        var files: [(String?, [UInt8])] = []
        var tooDeep = false
        var open = false
        for p in parts {
            switch p {
            case .begin(let h):
                #expect(!open, "a leaf begins before the last one ended")
                files.append((h.filename, []))
                open = true
            case .data(let d):
                #expect(open, "content outside a leaf")
                files[files.count - 1].1 += d
            case .end:
                open = false
            case .tooDeep:
                tooDeep = true
            }
        }
        #expect(!open, "a leaf never ended")
        return (files.map { ($0.0, String(decoding: $0.1, as: UTF8.self)) }, tooDeep)
    }

    static let upload = """
        This preamble is not content.\r
        --XyZ\r
        Content-Disposition: form-data; name="note"\r
        \r
        first line\r
        second line\r
        --XyZ\r
        Content-Disposition: form-data; name="file"; filename="setpoints.csv"\r
        Content-Type: text/csv\r
        Content-Transfer-Encoding: base64\r
        \r
        cHVtcCwxMgp2YWx2
        ZSwz\r
        --XyZ--\r
        epilogue, not content\r

        """

    @Test func partsAreSplitAtBoundariesAndDecoded() {
        for chunk in [Int.max, 1, 2, 3, 7, 64] {
            let r = Self.leaves(Self.upload, type: "multipart/form-data; boundary=XyZ", chunk: chunk)
            #expect(r.files.count == 2, "chunk \(chunk)")
            guard r.files.count == 2 else { continue }
            // The line break before a boundary belongs to the boundary (RFC 2046 §5.1.1).
            #expect(r.files[0].0 == nil && r.files[0].1 == "first line\r\nsecond line", "chunk \(chunk)")
            #expect(r.files[1].0 == "setpoints.csv" && r.files[1].1 == "pump,12\nvalve,3", "chunk \(chunk)")
            #expect(!r.tooDeep)
        }
    }

    @Test func messagesNestAndQuotedPrintableSoftBreaksJoinLines() {
        let body = """
            Content-Type: multipart/mixed; boundary="outer"\r
            \r
            --outer\r
            Content-Type: message/rfc822\r
            \r
            Subject: inner\r
            Content-Type: text/plain\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            caf=C3=A9 is a wo=\r
            rd\r
            --outer--\r

            """
        let r = Self.leaves(body, type: "message/rfc822", chunk: 5)
        #expect(r.files.count == 1)
        #expect(r.files.first?.1 == "café is a word")
    }

    @Test func nestingDeeperThanTheLimitIsReportedOnceAndNotRead() {
        var body = ""
        for level in 0..<60 {
            body +=
                "Content-Type: multipart/mixed; boundary=\"b\(level)\"\r\n\r\n--b\(level)\r\nContent-Type: text/plain\r\n\r\npart \(level)\r\n--b\(level)\r\nContent-Type: message/rfc822\r\n\r\n"
        }
        let r = Self.leaves(body, type: "message/rfc822")
        #expect(r.tooDeep)
        // Each level nests a message (one) whose multipart (two) holds the part: the part of
        // level n is at depth 2n + 2, so levels 0 to 49 are within the limit of 100.
        #expect(r.files.count == 50)
        #expect(r.files.last?.1 == "part 49")
    }

    @Test func aLongBinaryLineStreamsWithoutBeingHeldWhole() {
        let blob = String(repeating: "x", count: 100_000)
        let body = "--b\r\nContent-Type: application/octet-stream\r\n\r\n\(blob)\r\n--b--\r\n"
        var reader = MIMEEntityReader(contentType: "multipart/mixed; boundary=b")
        var parts: [MIMEEntityReader.Part] = []
        var largestHeld = 0
        for chunk in Array(body.utf8).chunked(1460) {
            chunk.withUnsafeBytes { reader.read($0, into: &parts) }
            largestHeld = max(largestHeld, reader.line.count)
        }
        reader.finish(into: &parts)
        let content = parts.reduce(0) { n, p in if case .data(let d) = p { return n + d.count } else { return n } }
        #expect(content == 100_000)
        #expect(largestHeld <= MIMEEntityReader.maxLine + 1460)
    }

    @Test func headerParametersAreReadQuotedOrNot() {
        #expect(MIMEEntityHeader.parameter("boundary", in: "multipart/mixed; BOUNDARY=\"a b;c\"") == "a b;c")
        #expect(MIMEEntityHeader.parameter("filename", in: "attachment; filename=plc.bin; size=4") == "plc.bin")
        #expect(MIMEEntityHeader.parameter("filename", in: "inline") == nil)
        #expect(MIMEEntityReader.splits(contentType: "Multipart/Related; boundary=x"))
        #expect(!MIMEEntityReader.splits(contentType: "text/html"))
    }
}

extension Array {
    fileprivate func chunked(_ n: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: n).map { self[$0..<Swift.min($0 + n, count)] }
    }
}
