import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// Rows of the write log: what each WriteRequest writes, and what the server answered.
extension OPCUALogWriter {
    func write(_ m: OPCUAMessage, _ s: OPCUAWrite, context: OPCUARows) {
        for n in s.nodes {
            let d = n.value
            context.log(
                OPCUALog.write, isOrig: m.isOrig,
                values: [.string(m.linkID)] + n.node.logValues(encodingAsText: true) + [
                    .count(n.attribute), .string(OPCUARead.attributeName(n.attribute)), .optional(n.indexRange.text),
                    .string(Hex.prefixed(UInt64(d.mask), width: 2)), d.sourceTimestamp.map { .time($0) } ?? .unset,
                    .optional(d.sourcePicoseconds), d.serverTimestamp.map { .time($0) } ?? .unset,
                    .optional(d.serverPicoseconds), .optional(d.status.map { Hex.prefixed(UInt64($0), width: 8) }),
                ] + Self.variantValues(d.value) + [.unset])
        }
        if m.isResponse {
            let unsetRequest = [LogValue](repeating: .unset, count: OPCUALog.write.fields.count - LogSchema.directionalFields.count - 2)
            context.log(
                OPCUALog.write, isOrig: m.isOrig,
                values: [.string(m.linkID)] + unsetRequest
                    + [s.results.isEmpty ? .unset : .strings(s.results.map { Hex.prefixed(UInt64($0), width: 8) })])
        }
        statusRows(
            m,
            Self.dataValueStatuses(s.nodes.map(\.value), source: .write)
                + OPCUAFoundStatus.results(s.results, .write) + OPCUAFoundStatus.inner(s.diagnosticCodes, .writeDiagInfo),
            context: context)
    }
}
