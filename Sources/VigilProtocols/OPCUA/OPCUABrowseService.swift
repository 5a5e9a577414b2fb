import VigilCore

/// BrowseDescription (IEC 62541-4 §5.8.2.2): a node to browse from and which references to follow.
struct OPCUABrowseDescription {
    var node: OPCUANodeID
    /// BrowseDirection (§7.5): 0 forward, 1 inverse, 2 both, 3 invalid.
    var direction: UInt32
    var referenceType: OPCUANodeID
    var includeSubtypes: Bool
    var nodeClassMask: UInt32
    var resultMask: UInt32

    static func read(_ r: inout OPCUAReader) -> OPCUABrowseDescription? {
        guard let node = r.nodeID(), let direction = r.u32(), let type = r.nodeID(), let sub = r.boolean(),
            let classes = r.u32(), let result = r.u32()
        else { return nil }
        return OPCUABrowseDescription(
            node: node, direction: direction, referenceType: type, includeSubtypes: sub, nodeClassMask: classes,
            resultMask: result)
    }
}

/// ReferenceDescription (§7.30): one reference a Browse found.
struct OPCUAReferenceDescription {
    var referenceType: OPCUANodeID
    var isForward: Bool
    var target: OPCUANodeID
    /// BrowseName, a QualifiedName.
    var browseNamespace: UInt16
    var browseName: OPCUABytes
    var displayName: OPCUALocalizedText
    var nodeClass: UInt32
    var typeDefinition: OPCUANodeID

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

/// BrowseResult (§7.6): a status, a continuation point when there is more, and the references.
struct OPCUABrowseResult {
    var status: UInt32
    var continuationPoint: OPCUABytes
    var references: [OPCUAReferenceDescription]

    static func read(_ r: inout OPCUAReader) -> OPCUABrowseResult? {
        guard let status = r.u32(), let point = r.byteString(), let refs = r.array(OPCUAReferenceDescription.read)
        else { return nil }
        return OPCUABrowseResult(status: status, continuationPoint: point, references: refs)
    }
}

/// Browse and BrowseNext bodies (Part 4 §5.8.2, §5.8.3). Both responses have the same shape.
struct OPCUABrowse {
    // BrowseRequest: the ViewDescription (§7.45), then the limit and the nodes.
    var viewID: OPCUANodeID?
    var viewTimestamp: Timestamp?
    var viewVersion: UInt32?
    var maxReferencesPerNode: UInt32?
    var nodes: [OPCUABrowseDescription] = []
    // BrowseNextRequest
    var releaseContinuationPoints: Bool?
    var continuationPoints: [OPCUABytes] = []
    // Responses
    var results: [OPCUABrowseResult] = []
    var diagnosticCodes: [(level: Int, code: UInt32)] = []

    static let directionNames = ["FWD", "INVERSE", "BOTH", "INVALID"]

    /// NodeClass (Part 3 §8.29) bits, by bit position, as ICSNPP names them.
    static let nodeClassNames = [
        "ObjectNodeClass", "VariableNodeClass", "MethodNodeClass", "ObjectTypeNodeClass", "VariableTypeNodeClass",
        "ReferenceTypeNodeClass", "DataTypeNodeClass", "ViewNodeClass",
    ]

    static func directionName(_ d: UInt32) -> String { Int(d) < directionNames.count ? directionNames[Int(d)] : "Unknown-\(d)" }

    /// A node class mask: 0 asks for all classes; otherwise each set bit's class, joined by "|".
    static func nodeClassMaskName(_ mask: UInt32) -> String {
        if mask == 0 { return "All" }
        return (0..<32).filter { mask & (1 << $0) != 0 }
            .map { $0 < nodeClassNames.count ? nodeClassNames[$0] : "Unknown-\(1 << $0)" }
            .joined(separator: "|")
    }

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
