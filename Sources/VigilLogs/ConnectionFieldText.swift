import VigilCore

/// A flow's leading log fields (uid and the conn_id, and ICSNPP's direction block each way)
/// encoded once per flow and copied into every row of that flow.
///
/// Written because every row of a flow repeats the same two addresses, two ports and uid:
/// formatting them anew per row was the largest single share of row encoding in
/// bench/run.sh's profile. Each encoding is built on first use, so a TSV run never builds the
/// JSON one.
public final class ConnectionFieldText {
    public let uid: String
    public let id: ConnectionID
    /// The encoded blocks, built on first use, at `block * 2` (JSON) and `block * 2 + 1`
    /// (TSV); an empty one is not built yet. Raw memory rather than arrays because a block is
    /// copied into every row: reading it out of an array of arrays cost two retains and
    /// releases per row.
    private let blocks: UnsafeMutablePointer<UnsafeMutableRawBufferPointer>
    private static let slots = 6

    public init(uid: String, id: ConnectionID) {
        self.uid = uid
        self.id = id
        blocks = .allocate(capacity: Self.slots)
        blocks.initialize(repeating: UnsafeMutableRawBufferPointer(start: nil, count: 0), count: Self.slots)
    }

    deinit {
        for i in 0..<Self.slots { blocks[i].deallocate() }
        blocks.deallocate()
    }

    /// `uid` through `id.resp_p` (fields 1–5 of `LogSchema.connectionFields`).
    var connectionValues: [LogValue] { [.string(uid), .addr(id.origHost), .port(id.origPort), .addr(id.respHost), .port(id.respPort)] }

    /// `is_orig` through `destination_p` (fields 6–10 of `LogSchema.directionalFields`).
    func directionValues(isOrig: Bool) -> [LogValue] {
        [
            .bool(isOrig), .addr(isOrig ? id.origHost : id.respHost), .port(isOrig ? id.origPort : id.respPort),
            .addr(isOrig ? id.respHost : id.origHost), .port(isOrig ? id.respPort : id.origPort),
        ]
    }

    /// `,"uid":…,"id.resp_p":N` or `\tuid…\tresp_p`: what follows `ts` in a row. Readable in
    /// whole 16-byte chunks past its end (`LogRow` copies it that way).
    @inline(__always) func connectionText(_ format: LogFormat) -> UnsafeRawBufferPointer {
        text(block: 0, format)
    }

    /// The connection fields followed by the direction block of a message sent by the
    /// originator (`isOrig`) or the responder: what follows `ts` in an ICSNPP row. One block
    /// rather than two, so such a row makes one lookup and one copy. Padded like
    /// `connectionText`.
    @inline(__always) func directionalText(isOrig: Bool, _ format: LogFormat) -> UnsafeRawBufferPointer {
        text(block: isOrig ? 1 : 2, format)
    }

    /// Bytes a block can take: the keys, the uid escaped at worst (six bytes a byte), and two
    /// addresses and two ports for each of its parts.
    private static func room(uid: String) -> Int { 640 + 6 * uid.utf8.count }

    /// The connection block if an earlier row of the flow built it, else nil: a flow's last
    /// row (conn.log) writes the fields in place rather than building a block for one use.
    func builtConnectionText(_ format: LogFormat) -> UnsafeRawBufferPointer? {
        let block = blocks[format == .json ? 0 : 1]
        return block.baseAddress == nil ? nil : UnsafeRawBufferPointer(block)
    }

    /// Block 0 is the connection fields; 1 and 2 are those and the direction block from the
    /// originator and from the responder. Inlined to the check; building stays out of line.
    @inline(__always) private func text(block: Int, _ format: LogFormat) -> UnsafeRawBufferPointer {
        let slot = block &* 2 &+ (format == .json ? 0 : 1)
        if blocks[slot].baseAddress == nil { build(block: block, format, slot: slot) }
        return UnsafeRawBufferPointer(blocks[slot])
    }

    @inline(never) private func build(block: Int, _ format: LogFormat, slot: Int) {
        blocks[slot] = withUnsafeTemporaryAllocation(byteCount: Self.room(uid: uid), alignment: 16) { buffer in
            var text = FixedBytes(buffer)
            Self.encode(block: 0, format: format, uid: uid, id: id, into: &text)
            if block > 0 { Self.encode(block: block, format: format, uid: uid, id: id, into: &text) }
            // Padded to whole 16-byte chunks.
            let stored = UnsafeMutableRawBufferPointer.allocate(byteCount: (text.count + 15) & ~15, alignment: 16)
            stored.initializeMemory(as: UInt8.self, repeating: 0)
            stored.copyMemory(from: text.bytes)
            return UnsafeMutableRawBufferPointer(rebasing: stored[0..<text.count])
        }
    }

    /// A part of a block (0: the connection fields; 1, 2: the direction block from the
    /// originator, from the responder) as it appears after earlier fields of a row: each field
    /// with its leading separator. Written field by field into a stack buffer rather than through `[LogValue]`,
    /// the generic encoder and a growable buffer (~2,200 instructions a block before, ~1,600
    /// after): bench/run.sh starts ~100,000 flows per million packets, and each encodes its
    /// blocks on its first rows.
    private static func encode(block: Int, format: LogFormat, uid: String, id: ConnectionID, into out: inout FixedBytes) {
        let json = format == .json
        let first = block == 0 ? 1 : 6
        let keys = Self.directionalKeys
        func separator(_ i: Int) {
            if json { out.append(bytes: keys.jsonKey(first + i, comma: true)) } else { out.append(UInt8(ascii: "\t")) }
        }
        func address(_ a: IPAddress) {
            if json { out.append(UInt8(ascii: "\"")) }
            TextBytes.appendAddress(a, to: &out)
            if json { out.append(UInt8(ascii: "\"")) }
        }
        separator(0)
        switch (block, json) {
        case (0, true): TextBytes.appendJSONString(uid, to: &out)
        case (0, false): ZeekTSVEncoder.append(string: uid, to: &out)
        case (_, true): out.append(block == 1 ? ZeekJSONEncoder.trueBytes : ZeekJSONEncoder.falseBytes)
        case (_, false): out.append(UInt8(ascii: block == 1 ? "T" : "F"))
        }
        // Block 2 is sent by the responder: its source is the conn_id's responder.
        let fromResponder = block == 2
        separator(1)
        address(fromResponder ? id.respHost : id.origHost)
        separator(2)
        TextBytes.appendDigits(UInt64(fromResponder ? id.respPort : id.origPort), to: &out)
        separator(3)
        address(fromResponder ? id.origHost : id.respHost)
        separator(4)
        TextBytes.appendDigits(UInt64(fromResponder ? id.origPort : id.respPort), to: &out)
    }

    /// The keys of the connection and direction fields, for the JSON text.
    private static let directionalKeys = LogSchema(path: "", fields: LogSchema.directionalFields)
}
