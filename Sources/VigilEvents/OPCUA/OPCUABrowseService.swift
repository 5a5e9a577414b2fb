import VigilCore

/// BrowseDescription (IEC 62541-4 §5.8.2.2): a node to browse from and which references to follow.
public struct OPCUABrowseDescription: Sendable {
    public var node: OPCUANodeID
    /// BrowseDirection (§7.5): 0 forward, 1 inverse, 2 both, 3 invalid.
    public var direction: UInt32
    public var referenceType: OPCUANodeID
    public var includeSubtypes: Bool
    public var nodeClassMask: UInt32
    public var resultMask: UInt32

    public init(
        node: OPCUANodeID, direction: UInt32, referenceType: OPCUANodeID, includeSubtypes: Bool, nodeClassMask: UInt32, resultMask: UInt32
    ) {
        self.node = node
        self.direction = direction
        self.referenceType = referenceType
        self.includeSubtypes = includeSubtypes
        self.nodeClassMask = nodeClassMask
        self.resultMask = resultMask
    }
}

/// ReferenceDescription (§7.30): one reference a Browse found.
public struct OPCUAReferenceDescription: Sendable {
    public var referenceType: OPCUANodeID
    public var isForward: Bool
    public var target: OPCUANodeID
    /// BrowseName, a QualifiedName.
    public var browseNamespace: UInt16
    public var browseName: OPCUABytes
    public var displayName: OPCUALocalizedText
    public var nodeClass: UInt32
    public var typeDefinition: OPCUANodeID

    public init(
        referenceType: OPCUANodeID, isForward: Bool, target: OPCUANodeID, browseNamespace: UInt16, browseName: OPCUABytes,
        displayName: OPCUALocalizedText, nodeClass: UInt32, typeDefinition: OPCUANodeID
    ) {
        self.referenceType = referenceType
        self.isForward = isForward
        self.target = target
        self.browseNamespace = browseNamespace
        self.browseName = browseName
        self.displayName = displayName
        self.nodeClass = nodeClass
        self.typeDefinition = typeDefinition
    }
}

/// BrowseResult (§7.6): a status, a continuation point when there is more, and the references.
public struct OPCUABrowseResult: Sendable {
    public var status: UInt32
    public var continuationPoint: OPCUABytes
    public var references: [OPCUAReferenceDescription]

    public init(status: UInt32, continuationPoint: OPCUABytes, references: [OPCUAReferenceDescription]) {
        self.status = status
        self.continuationPoint = continuationPoint
        self.references = references
    }
}

/// Browse and BrowseNext bodies (Part 4 §5.8.2, §5.8.3). Both responses have the same shape.
public struct OPCUABrowse: Sendable {
    // BrowseRequest: the ViewDescription (§7.45), then the limit and the nodes.
    public var viewID: OPCUANodeID?
    public var viewTimestamp: Timestamp?
    public var viewVersion: UInt32?
    public var maxReferencesPerNode: UInt32?
    public var nodes: [OPCUABrowseDescription] = []
    // BrowseNextRequest
    public var releaseContinuationPoints: Bool?
    public var continuationPoints: [OPCUABytes] = []
    // Responses
    public var results: [OPCUABrowseResult] = []
    public var diagnosticCodes: [(level: Int, code: UInt32)] = []

    public static let directionNames = ["FWD", "INVERSE", "BOTH", "INVALID"]

    /// NodeClass (Part 3 §8.29) bits, by bit position, as ICSNPP names them.
    public static let nodeClassNames = [
        "ObjectNodeClass", "VariableNodeClass", "MethodNodeClass", "ObjectTypeNodeClass", "VariableTypeNodeClass",
        "ReferenceTypeNodeClass", "DataTypeNodeClass", "ViewNodeClass",
    ]

    public static func directionName(_ d: UInt32) -> String { Int(d) < directionNames.count ? directionNames[Int(d)] : "Unknown-\(d)" }

    /// A node class mask: 0 asks for all classes; otherwise each set bit's class, joined by "|".
    public static func nodeClassMaskName(_ mask: UInt32) -> String {
        if mask == 0 { return "All" }
        return (0..<32).filter { mask & (1 << $0) != 0 }
            .map { $0 < nodeClassNames.count ? nodeClassNames[$0] : "Unknown-\(1 << $0)" }
            .joined(separator: "|")
    }

    public init(
        viewID: OPCUANodeID? = nil, viewTimestamp: Timestamp? = nil, viewVersion: UInt32? = nil, maxReferencesPerNode: UInt32? = nil,
        nodes: [OPCUABrowseDescription] = [], releaseContinuationPoints: Bool? = nil, continuationPoints: [OPCUABytes] = [],
        results: [OPCUABrowseResult] = [], diagnosticCodes: [(level: Int, code: UInt32)] = []
    ) {
        self.viewID = viewID
        self.viewTimestamp = viewTimestamp
        self.viewVersion = viewVersion
        self.maxReferencesPerNode = maxReferencesPerNode
        self.nodes = nodes
        self.releaseContinuationPoints = releaseContinuationPoints
        self.continuationPoints = continuationPoints
        self.results = results
        self.diagnosticCodes = diagnosticCodes
    }
}
