import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// Rows of the Read logs.
extension OPCUALogWriter {
    func read(_ m: OPCUAMessage, _ s: OPCUARead, context: OPCUARows) {
        let nodesLink = s.nodes.isEmpty ? LogValue.unset : .string(m.linkID + "-nodes")
        for n in s.nodes {
            context.log(
                OPCUALog.readNodesToRead, isOrig: m.isOrig,
                values: [nodesLink] + n.node.logValues(encodingAsText: true) + [
                    .count(n.attribute), .string(OPCUARead.attributeName(n.attribute)), .optional(n.indexRange.text),
                    .count(n.encodingNamespace), .optional(n.encodingName.text),
                ])
        }
        let resultsLink = s.results.isEmpty ? LogValue.unset : .string(m.linkID + "-results")
        for (i, d) in s.results.enumerated() {
            // Results come in the order of the request's nodes (Part 4 §5.10.2.2).
            let target = i < m.readNodes.count ? m.readNodes[i] : nil
            resultRow(d, target: target, link: resultsLink, isOrig: m.isOrig, context: context)
        }
        statusRows(
            m,
            Self.dataValueStatuses(s.results, source: .read)
                + OPCUAFoundStatus.inner(s.diagnosticCodes, .readDiagInfo),
            context: context)
        context.log(
            OPCUALog.read, isOrig: m.isOrig,
            values: [
                .string(m.linkID), .optional(s.maxAge.flatMap(Self.wholeCount)), .optional(s.timestampsToReturn),
                .optional(s.timestampsToReturn.map(OPCUARead.timestampsName)),
                nodesLink, resultsLink,
            ])
    }

    func resultRow(_ d: OPCUADataValue, target: OPCUAReadValueID?, link: LogValue, isOrig: Bool, context: OPCUARows) {
        context.log(
            OPCUALog.readResults, isOrig: isOrig,
            values: [
                link, .count(0), .string(Hex.prefixed(UInt64(d.mask), width: 2)),
                .optional(d.status.map { Hex.prefixed(UInt64($0), width: 8) }), d.sourceTimestamp.map { .time($0) } ?? .unset,
                .optional(d.sourcePicoseconds), d.serverTimestamp.map { .time($0) } ?? .unset, .optional(d.serverPicoseconds),
                .optional(target?.node.standardText), .optional(target.map { OPCUARead.attributeName($0.attribute) }),
            ] + Self.variantValues(d.value))
    }

    /// A Variant as OPCUALog.variantFields: its mask, built-in type and values (arrays past
    /// `OPCUAVariant.maxLoggedElements` end with a count of what was left out).
    static func variantValues(_ v: OPCUAVariant?) -> [LogValue] {
        guard let v else { return [.unset, .unset, .unset, .unset] }
        var values = v.values.map(\.text)
        if v.dropped > 0 { values.append("... \(v.dropped) more") }
        return [.string(Hex.prefixed(UInt64(v.mask), width: 2)), .count(v.typeID), .string(v.typeName), .strings(values)]
    }

    /// The status codes in DataValues (`source`) and in StatusCode-typed Variant values in them.
    static func dataValueStatuses(_ values: [OPCUADataValue], source: OPCUAStatusSource) -> [OPCUAFoundStatus] {
        var found: [OPCUAFoundStatus] = []
        for d in values {
            if let s = d.status { found.append(OPCUAFoundStatus(source: source, level: 0, code: s)) }
            for case .statusCode(let c) in d.value?.values ?? [] {
                found.append(OPCUAFoundStatus(source: .variant, level: 0, code: c))
            }
        }
        return found
    }
}
