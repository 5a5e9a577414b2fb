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
    private var jsonFromOrig: [UInt8]?
    private var jsonFromResp: [UInt8]?
    private var tsvFromOrig: [UInt8]?
    private var tsvFromResp: [UInt8]?

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
    func appendConnection(_ format: LogFormat, to bytes: OutputBytes) {
        switch format {
        case .json:
            if jsonText == nil { jsonText = Self.encode(connectionValues, fieldsFrom: 1, format: .json) }
            bytes.append(jsonText.unsafelyUnwrapped)
        case .tsv:
            if tsvText == nil { tsvText = Self.encode(connectionValues, fieldsFrom: 1, format: .tsv) }
            bytes.append(tsvText.unsafelyUnwrapped)
        }
    }

    /// Appends the direction block of a message sent by the originator (`isOrig`) or the
    /// responder.
    func appendDirection(isOrig: Bool, _ format: LogFormat, to bytes: OutputBytes) {
        switch (format, isOrig) {
        case (.json, true):
            if jsonFromOrig == nil { jsonFromOrig = Self.encode(directionValues(isOrig: true), fieldsFrom: 6, format: .json) }
            bytes.append(jsonFromOrig.unsafelyUnwrapped)
        case (.json, false):
            if jsonFromResp == nil { jsonFromResp = Self.encode(directionValues(isOrig: false), fieldsFrom: 6, format: .json) }
            bytes.append(jsonFromResp.unsafelyUnwrapped)
        case (.tsv, true):
            if tsvFromOrig == nil { tsvFromOrig = Self.encode(directionValues(isOrig: true), fieldsFrom: 6, format: .tsv) }
            bytes.append(tsvFromOrig.unsafelyUnwrapped)
        case (.tsv, false):
            if tsvFromResp == nil { tsvFromResp = Self.encode(directionValues(isOrig: false), fieldsFrom: 6, format: .tsv) }
            bytes.append(tsvFromResp.unsafelyUnwrapped)
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
