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

    /// Appends `,"uid":…,"id.resp_p":N` or `\tuid…\tresp_p`: what follows `ts` in a row.
    func appendConnection(_ format: LogFormat, to bytes: inout OutputBytes) {
        append(block: 0, format, to: &bytes)
    }

    /// Appends the direction block of a message sent by the originator (`isOrig`) or the
    /// responder.
    func appendDirection(isOrig: Bool, _ format: LogFormat, to bytes: inout OutputBytes) {
        append(block: isOrig ? 1 : 2, format, to: &bytes)
    }

    /// Block 0 is the connection fields, 1 and 2 the direction block from the originator and
    /// from the responder.
    private func append(block: Int, _ format: LogFormat, to bytes: inout OutputBytes) {
        let slot = block * 2 + (format == .json ? 0 : 1)
        if blocks[slot].baseAddress == nil {
            let text =
                block == 0
                ? Self.encode(connectionValues, fieldsFrom: 1, format: format)
                : Self.encode(directionValues(isOrig: block == 1), fieldsFrom: 6, format: format)
            // Padded to whole 16-byte chunks for `OutputBytes.append(padded:count:)`.
            let stored = UnsafeMutableRawBufferPointer.allocate(byteCount: (text.count + 15) & ~15, alignment: 16)
            stored.initializeMemory(as: UInt8.self, repeating: 0)
            text.withBytes { stored.copyMemory(from: $0) }
            blocks[slot] = UnsafeMutableRawBufferPointer(rebasing: stored[0..<text.count])
        }
        let block = blocks[slot]
        bytes.append(padded: UnsafeRawPointer(block.baseAddress!), count: block.count)
    }

    /// Values as they appear after earlier fields of a row: each with its leading separator.
    /// Encoded through an `OutputBytes`: appending to a `[UInt8]` went through the array's
    /// generic path at ~350 instructions a field, and a flow's blocks are encoded once per
    /// flow (bench/run.sh makes ~100,000 flows per million packets).
    private static func encode(_ values: [LogValue], fieldsFrom first: Int, format: LogFormat) -> OutputBytes {
        var out = OutputBytes(capacity: 256)
        let keys = directionalKeys
        for (i, v) in values.enumerated() {
            switch format {
            case .json:
                out.append(bytes: keys.jsonKey(first + i, comma: true))
                ZeekJSONEncoder.append(v, to: &out)
            case .tsv:
                out.append(ZeekTSVEncoder.tab)
                ZeekTSVEncoder.append(v, to: &out)
            }
        }
        return out
    }

    /// The keys of the connection and direction fields, for the JSON text.
    private static let directionalKeys = LogSchema(path: "", fields: LogSchema.directionalFields)
}
