import VigilCore

/// WriteValue (IEC 62541-4 §5.10.4.2): the node, attribute and index range written, and the
/// DataValue written to it.
public struct OPCUAWriteValue: Sendable {
    public var node: OPCUANodeID
    public var attribute: UInt32
    public var indexRange: OPCUABytes
    public var value: OPCUADataValue

    public init(node: OPCUANodeID, attribute: UInt32, indexRange: OPCUABytes, value: OPCUADataValue) {
        self.node = node
        self.attribute = attribute
        self.indexRange = indexRange
        self.value = value
    }
}

/// Write request and response bodies (Part 4 §5.10.4.2): the values to write, then a
/// StatusCode per value and optional DiagnosticInfos.
public struct OPCUAWrite: Sendable {
    public var nodes: [OPCUAWriteValue] = []
    public var results: [UInt32] = []
    public var diagnosticCodes: [(level: Int, code: UInt32)] = []

    public init(nodes: [OPCUAWriteValue] = [], results: [UInt32] = [], diagnosticCodes: [(level: Int, code: UInt32)] = []) {
        self.nodes = nodes
        self.results = results
        self.diagnosticCodes = diagnosticCodes
    }
}
