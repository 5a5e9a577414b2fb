import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// Rows of the Browse logs for Browse and BrowseNext requests and responses.
extension OPCUALogWriter {
    func browse(_ m: OPCUAMessage, _ s: OPCUABrowse, context: OPCUARows) {
        let descriptionLink = s.nodes.isEmpty ? LogValue.unset : .string(m.linkID + "-nodes")
        for n in s.nodes {
            context.log(
                OPCUALog.browseDescription, isOrig: m.isOrig,
                values: [descriptionLink] + n.node.logValues(encodingAsText: true)
                    + [.string(OPCUABrowse.directionName(n.direction))] + n.referenceType.logValues(encodingAsText: true) + [
                        .bool(n.includeSubtypes), .string(OPCUABrowse.nodeClassMaskName(n.nodeClassMask)),
                        .string(Hex.prefixed(UInt64(n.resultMask), width: 8)),
                    ])
        }
        let nextLink = s.continuationPoints.isEmpty ? LogValue.unset : .string(m.linkID + "-points")
        for p in s.continuationPoints {
            context.log(OPCUALog.browseContinuationPoint, isOrig: m.isOrig, values: [nextLink, .optional(p.hexSummary)])
        }
        let resultLink = s.results.isEmpty ? LogValue.unset : .string(m.linkID + "-results")
        for (i, result) in s.results.enumerated() {
            let referenceLink = result.references.isEmpty ? LogValue.unset : .string("\(m.linkID)-results-\(i)")
            for ref in result.references { reference(ref, link: referenceLink, isOrig: m.isOrig, context: context) }
            context.log(
                OPCUALog.browseResult, isOrig: m.isOrig,
                values: [
                    resultLink, .string(Hex.prefixed(UInt64(result.status), width: 8)),
                    result.continuationPoint.bytes?.isEmpty == false ? .optional(result.continuationPoint.hexSummary) : .unset,
                    referenceLink,
                ])
        }
        context.log(
            OPCUALog.browse, isOrig: m.isOrig,
            values: [.string(m.linkID), .optional(m.service?.typeName)]
                + (s.viewID?.logValues(encodingAsText: true) ?? [LogValue](repeating: .unset, count: 6)) + [
                    s.viewTimestamp.map { .time($0) } ?? .unset, .optional(s.viewVersion), .optional(s.maxReferencesPerNode),
                    descriptionLink, s.releaseContinuationPoints.map { .bool($0) } ?? .unset, nextLink, resultLink,
                ])
        statusRows(
            m,
            OPCUAFoundStatus.results(s.results.map(\.status), .browse) + OPCUAFoundStatus.inner(s.diagnosticCodes, .browseDiagInfo),
            context: context)
    }

    /// A ReferenceDescription's row. As ICSNPP does, a browse name in namespace 0, and empty
    /// names, locales and texts, are left unset.
    func reference(_ r: OPCUAReferenceDescription, link: LogValue, isOrig: Bool, context: OPCUARows) {
        let display = r.displayName
        context.log(
            OPCUALog.browseReferences, isOrig: isOrig,
            values: [link] + r.referenceType.logValues(encodingAsText: true) + [.bool(r.isForward)]
                + Self.expandedValues(r.target) + [
                    r.browseNamespace == 0 ? .unset : .count(r.browseNamespace), Self.nonEmpty(r.browseName.text),
                    .string(Hex.prefixed(UInt64(display.mask), width: 2)), Self.nonEmpty(display.locale), Self.nonEmpty(display.text),
                    r.nodeClass == 0 ? .unset : .string(OPCUABrowse.nodeClassMaskName(r.nodeClass)),
                ] + Self.expandedValues(r.typeDefinition))
    }

    /// Text as a field, unset when null or empty (ICSNPP's test on String lengths).
    static func nonEmpty(_ s: String?) -> LogValue { s.map { $0.isEmpty ? .unset : .string($0) } ?? .unset }

    /// An ExpandedNodeId as OPCUALog.expandedNodeFields.
    static func expandedValues(_ n: OPCUANodeID) -> [LogValue] {
        n.logValues(encodingAsText: true) + [.optional(n.namespaceURI), .optional(n.serverIndex)]
    }
}
