import VigilCore

/// ReadValueId (IEC 62541-4 §7.29): what one Read operation asks for.
public struct OPCUAReadValueID: Sendable {
    public var node: OPCUANodeID
    public var attribute: UInt32
    public var indexRange: OPCUABytes
    /// DataEncoding, a QualifiedName: namespace index and name.
    public var encodingNamespace: UInt16
    public var encodingName: OPCUABytes

    public init(node: OPCUANodeID, attribute: UInt32, indexRange: OPCUABytes, encodingNamespace: UInt16, encodingName: OPCUABytes) {
        self.node = node
        self.attribute = attribute
        self.indexRange = indexRange
        self.encodingNamespace = encodingNamespace
        self.encodingName = encodingName
    }
}

/// Read request and response bodies (Part 4 §5.10.2.2).
public struct OPCUARead: Sendable {
    // Request
    /// Milliseconds (Duration).
    public var maxAge: Double?
    /// TimestampsToReturn (§7.40): 0 Source, 1 Server, 2 Both, 3 Neither, 4 Invalid.
    public var timestampsToReturn: UInt32?
    public var nodes: [OPCUAReadValueID] = []
    // Response
    public var results: [OPCUADataValue] = []
    public var diagnosticCodes: [(level: Int, code: UInt32)] = []

    public static let timestampNames = ["Source", "Server", "Both", "Neither", "Invalid"]

    /// Attribute ids (Part 6 Annex A.1), by id 1-27.
    public static let attributeNames = [
        "NodeId", "NodeClass", "BrowseName", "DisplayName", "Description", "WriteMask", "UserWriteMask", "IsAbstract",
        "Symmetric", "InverseName", "ContainsNoLoops", "EventNotifier", "Value", "DataType", "ValueRank", "ArrayDimensions",
        "AccessLevel", "UserAccessLevel", "MinimumSamplingInterval", "Historizing", "Executable", "UserExecutable",
        "DataTypeDefinition", "RolePermissions", "UserRolePermissions", "AccessRestrictions", "AccessLevelEx",
    ]

    public static func timestampsName(_ id: UInt32) -> String {
        Int(id) < timestampNames.count ? timestampNames[Int(id)] : "Unknown-\(id)"
    }

    public static func attributeName(_ id: UInt32) -> String {
        id >= 1 && Int(id) <= attributeNames.count ? attributeNames[Int(id) - 1] : "Unknown-\(id)"
    }

    public static let valueAttribute: UInt32 = 13

    public init(
        maxAge: Double? = nil, timestampsToReturn: UInt32? = nil, nodes: [OPCUAReadValueID] = [], results: [OPCUADataValue] = [],
        diagnosticCodes: [(level: Int, code: UInt32)] = []
    ) {
        self.maxAge = maxAge
        self.timestampsToReturn = timestampsToReturn
        self.nodes = nodes
        self.results = results
        self.diagnosticCodes = diagnosticCodes
    }
}
