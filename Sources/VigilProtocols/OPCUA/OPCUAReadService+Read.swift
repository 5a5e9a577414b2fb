import VigilCore
import VigilEvents

extension OPCUAReadValueID {
    static func read(_ r: inout OPCUAReader) -> OPCUAReadValueID? {
        guard let node = r.nodeID(), let attribute = r.u32(), let range = r.byteString(), let ns = r.u16(),
            let name = r.byteString()
        else { return nil }
        return OPCUAReadValueID(node: node, attribute: attribute, indexRange: range, encodingNamespace: ns, encodingName: name)
    }
}

extension OPCUARead {
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
