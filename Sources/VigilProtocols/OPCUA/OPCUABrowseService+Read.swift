import VigilCore
import VigilEvents

extension OPCUABrowseDescription {
    static func read(_ r: inout OPCUAReader) -> OPCUABrowseDescription? {
        guard let node = r.nodeID(), let direction = r.u32(), let type = r.nodeID(), let sub = r.boolean(),
            let classes = r.u32(), let result = r.u32()
        else { return nil }
        return OPCUABrowseDescription(
            node: node, direction: direction, referenceType: type, includeSubtypes: sub, nodeClassMask: classes,
            resultMask: result)
    }
}

extension OPCUAReferenceDescription {
    static func read(_ r: inout OPCUAReader) -> OPCUAReferenceDescription? {
        guard let type = r.nodeID(), let forward = r.boolean(), let target = r.nodeID(expanded: true), let ns = r.u16(),
            let name = r.byteString(), let display = r.localizedText(), let nodeClass = r.u32(),
            let typeDefinition = r.nodeID(expanded: true)
        else { return nil }
        return OPCUAReferenceDescription(
            referenceType: type, isForward: forward, target: target, browseNamespace: ns, browseName: name,
            displayName: display, nodeClass: nodeClass, typeDefinition: typeDefinition)
    }
}

extension OPCUABrowseResult {
    static func read(_ r: inout OPCUAReader) -> OPCUABrowseResult? {
        guard let status = r.u32(), let point = r.byteString(), let refs = r.array(OPCUAReferenceDescription.read)
        else { return nil }
        return OPCUABrowseResult(status: status, continuationPoint: point, references: refs)
    }
}

extension OPCUABrowse {
    static func readRequest(_ r: inout OPCUAReader) -> OPCUABrowse? {
        guard let view = r.nodeID(), let ticks = r.i64(), let version = r.u32(), let max = r.u32(),
            let nodes = r.array(OPCUABrowseDescription.read)
        else { return nil }
        // A null view timestamp (0) means "the current view" (§7.45); it is written as 0, not 1601.
        let ts = ticks == 0 ? Timestamp(nanoseconds: 0) : OPCUAReader.timestamp(ticks: ticks)
        return OPCUABrowse(viewID: view, viewTimestamp: ts, viewVersion: version, maxReferencesPerNode: max, nodes: nodes)
    }

    static func readNextRequest(_ r: inout OPCUAReader) -> OPCUABrowse? {
        guard let release = r.boolean(), let points = r.array({ $0.byteString() }) else { return nil }
        return OPCUABrowse(releaseContinuationPoints: release, continuationPoints: points)
    }

    static func readResponse(_ r: inout OPCUAReader) -> OPCUABrowse? {
        var b = OPCUABrowse()
        guard let results = r.array(OPCUABrowseResult.read), r.diagnosticInfos(innerCodes: &b.diagnosticCodes) else { return nil }
        b.results = results
        return b
    }
}
