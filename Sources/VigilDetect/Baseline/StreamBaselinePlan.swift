import VigilCore
import VigilLogs

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension StreamBaseline {
    /// How a log's rows are read: the values that decide, and what makes a row a request. A
    /// class: it is read for every row written.
    final class Plan {
        /// A field's index and its `"name":`, for finding it in a row whose writer did not
        /// note where it put the value; `nextKey` is the same after a comma, as it follows the
        /// field before it.
        struct Field {
            let index: Int
            let key: [UInt8]
            let nextKey: [UInt8]
        }

        let read: Bool
        let ts: Field?
        /// The connection's fields in the order rows hold them, after `ts`, with whether each
        /// names the pair (the client's and server's addresses and the server's port; the uid
        /// and the client's port are only passed over), or nil if the log has no pair.
        let pair: [(field: Field, inKey: Bool)]?
        let function: Field?
        /// Fields after the pair that a difference may lie in (`protocolFields(of:)`).
        let protocols: [Field]
        /// The log's points written and read (`PointFields`): the gate field, the fields of
        /// a write or read, and the values of a read (for pairs whose points the baseline
        /// learned), with the gate's values that make a row either, as the log holds them.
        let gate: Field?
        let points: [Field]
        let values: [Field]
        let spec: PointFields?
        let writeValues: [[UInt8]]
        let readValues: [[UInt8]]
        let readsOnly: (field: Field, value: [UInt8])?
        /// The field that must hold `requestValue` for the row to be a request.
        let request: Field?
        let requestValue: [UInt8]
        /// The log's last two combinations found in `seen`, and their entries there (an empty
        /// key matches no row's: every combination starts with the log's number).
        var recent: [(key: [UInt8], index: Int)] = [([], -1), ([], -1)]
        /// The text of the last row's connection fields, from the end of its `ts` to the end
        /// of `id.resp_p` (the same bytes in every row of a connection), and the pair's values
        /// read from it as they go into a combination.
        private(set) var connectionText: [UInt8] = []
        private(set) var connectionPair: [UInt8] = []
        /// Whether the last row's pair reads learned points, and polls a learned period.
        var connectionReadsPoints = false
        var connectionPolls = false
        /// The last request's poll key and its index in `StreamBaseline.pollCounts`.
        var lastPoll: (key: [UInt8], index: Int) = ([], -1)

        /// Where the connection fields end if the row at `start` holds the last row's, which
        /// then names the same pair: a comparison of their bytes instead of reading the fields.
        func sameConnection(_ row: UnsafeRawBufferPointer, from start: Int) -> Int? {
            let end = start + connectionText.count
            guard start > 0, !connectionText.isEmpty, end < row.count,
                row[end] == UInt8(ascii: ",") || row[end] == UInt8(ascii: "}"),
                connectionText.withUnsafeBytes({ memcmp(row.baseAddress! + start, $0.baseAddress!, $0.count) }) == 0
            else { return nil }
            return end
        }

        /// What a row whose gate holds `value` may show, compared as bytes.
        func kind(_ value: UnsafeRawBufferPointer) -> PointFields.Kind {
            let byPrefix = spec?.byPrefix == true
            func holds(_ listed: [UInt8]) -> Bool {
                byPrefix ? value.count >= listed.count && value.prefix(listed.count).elementsEqual(listed) : value.elementsEqual(listed)
            }
            if writeValues.contains(where: holds) { return .write }
            return readValues.contains(where: holds) ? .read : .neither
        }

        func noteConnection(_ row: UnsafeRawBufferPointer, from start: Int, to end: Int, pair: ArraySlice<UInt8>) {
            guard start > 0, end > start else { return }
            connectionText.removeAll(keepingCapacity: true)
            connectionText.append(contentsOf: UnsafeRawBufferPointer(rebasing: row[start..<end]))
            connectionPair.removeAll(keepingCapacity: true)
            connectionPair.append(contentsOf: pair)
        }

        init(_ schema: LogSchema) {
            func field(_ name: String) -> Field? {
                schema.fields.firstIndex { $0.name == name }.map {
                    Field(index: $0, key: Array(schema.jsonKey($0, comma: false)), nextKey: Array(schema.jsonKey($0, comma: true)))
                }
            }
            let function = FunctionField.of(schema.path)
            read = BaselineLearner.logs.contains(schema.path)
            ts = field("ts")
            let named = ["id.orig_h", "id.resp_h", "id.resp_p"]
            let pair = ["uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p"].compactMap { name in
                field(name).map { (field: $0, inKey: named.contains(name)) }
            }
            self.pair = pair.filter(\.inKey).count == named.count ? pair : nil
            self.function = function.flatMap { field($0.field) }
            protocols = StreamBaseline.protocolFields(of: schema.path).compactMap(field)
            spec = PointFields.of(schema.path)
            gate = spec.flatMap { field($0.gate) }
            points = spec?.points.compactMap(field) ?? []
            values = spec?.values.compactMap(field) ?? []
            writeValues = spec?.writes.map { Array($0.utf8) } ?? []
            readValues = spec?.reads.map { Array($0.utf8) } ?? []
            readsOnly = spec?.readsOnly.flatMap { only in field(only.field).map { ($0, Array(only.value.utf8)) } }
            request = function?.request.flatMap { field($0.field) }
            requestValue = function?.request.map { Array($0.value.text.utf8) } ?? []
        }
    }
}
