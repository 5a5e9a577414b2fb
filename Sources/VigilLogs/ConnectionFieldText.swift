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
    /// The encoded blocks, built on first use, at `slot(block:format:)`.
    private var blocks = [[UInt8]?](repeating: nil, count: 6)

    public init(uid: String, id: ConnectionID) {
        self.uid = uid
        self.id = id
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
    func appendConnection<Bytes: ByteAppending>(_ format: LogFormat, to bytes: inout Bytes) {
        append(block: 0, format, to: &bytes)
    }

    /// Appends the direction block of a message sent by the originator (`isOrig`) or the
    /// responder.
    func appendDirection<Bytes: ByteAppending>(isOrig: Bool, _ format: LogFormat, to bytes: inout Bytes) {
        append(block: isOrig ? 1 : 2, format, to: &bytes)
    }

    /// Block 0 is the connection fields, 1 and 2 the direction block from the originator and
    /// from the responder.
    private func append<Bytes: ByteAppending>(block: Int, _ format: LogFormat, to bytes: inout Bytes) {
        let slot = block * 2 + (format == .json ? 0 : 1)
        if blocks[slot] == nil {
            blocks[slot] =
                block == 0
                ? Self.encode(connectionValues, fieldsFrom: 1, format: format)
                : Self.encode(directionValues(isOrig: block == 1), fieldsFrom: 6, format: format)
        }
        bytes.append(blocks[slot].unsafelyUnwrapped)
    }

    /// Values as they appear after earlier fields of a row: each with its leading separator.
    private static func encode(_ values: [LogValue], fieldsFrom first: Int, format: LogFormat) -> [UInt8] {
        var out: [UInt8] = []
        let keys = directionalKeys
        for (i, v) in values.enumerated() {
            switch format {
            case .json:
                out.append(ZeekJSONEncoder.comma)
                out += keys.jsonKeyBytes[keys.jsonKeyRanges[first + i]]
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
