import VigilCore

/// ReadValueId (IEC 62541-4 §7.29): what one Read operation asks for.
struct OPCUAReadValueID {
    var node: OPCUANodeID
    var attribute: UInt32
    var indexRange: OPCUABytes
    /// DataEncoding, a QualifiedName: namespace index and name.
    var encodingNamespace: UInt16
    var encodingName: OPCUABytes

    static func read(_ r: inout OPCUAReader) -> OPCUAReadValueID? {
        guard let node = r.nodeID(), let attribute = r.u32(), let range = r.byteString(), let ns = r.u16(),
            let name = r.byteString()
        else { return nil }
        return OPCUAReadValueID(node: node, attribute: attribute, indexRange: range, encodingNamespace: ns, encodingName: name)
    }
}

/// Read request and response bodies (Part 4 §5.10.2.2).
struct OPCUARead {
    // Request
    /// Milliseconds (Duration).
    var maxAge: Double?
    /// TimestampsToReturn (§7.40): 0 Source, 1 Server, 2 Both, 3 Neither, 4 Invalid.
    var timestampsToReturn: UInt32?
    var nodes: [OPCUAReadValueID] = []
    // Response
    var results: [OPCUADataValue] = []
    var diagnosticCodes: [(level: Int, code: UInt32)] = []

    static let timestampNames = ["Source", "Server", "Both", "Neither", "Invalid"]

    /// Attribute ids (Part 6 Annex A.1), by id 1-27.
    static let attributeNames = [
        "NodeId", "NodeClass", "BrowseName", "DisplayName", "Description", "WriteMask", "UserWriteMask", "IsAbstract",
        "Symmetric", "InverseName", "ContainsNoLoops", "EventNotifier", "Value", "DataType", "ValueRank", "ArrayDimensions",
        "AccessLevel", "UserAccessLevel", "MinimumSamplingInterval", "Historizing", "Executable", "UserExecutable",
        "DataTypeDefinition", "RolePermissions", "UserRolePermissions", "AccessRestrictions", "AccessLevelEx",
    ]

    static func timestampsName(_ id: UInt32) -> String {
        Int(id) < timestampNames.count ? timestampNames[Int(id)] : "Unknown-\(id)"
    }

    static func attributeName(_ id: UInt32) -> String {
        id >= 1 && Int(id) <= attributeNames.count ? attributeNames[Int(id) - 1] : "Unknown-\(id)"
    }

    static let valueAttribute: UInt32 = 13

    static func readRequest(_ r: inout OPCUAReader) -> OPCUARead? {
        guard let maxAge = r.double(), let timestamps = r.u32(), let nodes = r.array(OPCUAReadValueID.read) else { return nil }
        return OPCUARead(maxAge: maxAge, timestampsToReturn: timestamps, nodes: nodes)
    }

    static func readResponse(_ r: inout OPCUAReader) -> OPCUARead? {
        var read = OPCUARead()
        // DiagnosticInfos: one per result when asked for, usually an empty or null array.
        guard let results = r.array({ OPCUADataValue.read(&$0) }), r.diagnosticInfos(innerCodes: &read.diagnosticCodes)
        else { return nil }
        read.results = results
        return read
    }
}
