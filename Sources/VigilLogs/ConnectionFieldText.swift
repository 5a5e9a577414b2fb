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
    private var jsonText: [UInt8]?
    private var tsvText: [UInt8]?
    private var jsonDirection: [[UInt8]] = []
    private var tsvDirection: [[UInt8]] = []

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

    /// `,"uid":…,"id.resp_p":N` or `\tuid…\tresp_p`: what follows `ts` in a row.
    func connection(_ format: LogFormat) -> [UInt8] {
        switch format {
        case .json:
            if let t = jsonText { return t }
            let t = Self.encode(connectionValues, fieldsFrom: 1, format: .json)
            jsonText = t
            return t
        case .tsv:
            if let t = tsvText { return t }
            let t = Self.encode(connectionValues, fieldsFrom: 1, format: .tsv)
            tsvText = t
            return t
        }
    }

    /// The direction block of a message sent by the originator (`isOrig`) or the responder.
    func direction(isOrig: Bool, _ format: LogFormat) -> [UInt8] {
        let i = isOrig ? 0 : 1
        switch format {
        case .json:
            if jsonDirection.isEmpty {
                jsonDirection = [true, false].map { Self.encode(directionValues(isOrig: $0), fieldsFrom: 6, format: .json) }
            }
            return jsonDirection[i]
        case .tsv:
            if tsvDirection.isEmpty {
                tsvDirection = [true, false].map { Self.encode(directionValues(isOrig: $0), fieldsFrom: 6, format: .tsv) }
            }
            return tsvDirection[i]
        }
    }

    /// Values as they appear after earlier fields of a row: each with its leading separator.
    private static func encode(_ values: [LogValue], fieldsFrom first: Int, format: LogFormat) -> [UInt8] {
        var out: [UInt8] = []
        let keys = directionalKeys
        for (i, v) in values.enumerated() {
            switch format {
            case .json:
                out.append(ZeekJSONEncoder.comma)
                out.append(contentsOf: keys.jsonKeyBytes[keys.jsonKeyRanges[first + i]])
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
