import VigilCore
import VigilEvents

extension OPCUAWriteValue {
    static func read(_ r: inout OPCUAReader) -> OPCUAWriteValue? {
        guard let node = r.nodeID(), let attribute = r.u32(), let range = r.byteString(), let value = OPCUADataValue.read(&r)
        else { return nil }
        return OPCUAWriteValue(node: node, attribute: attribute, indexRange: range, value: value)
    }
}

extension OPCUAWrite {
    static func readRequest(_ r: inout OPCUAReader) -> OPCUAWrite? {
        r.array(OPCUAWriteValue.read).map { OPCUAWrite(nodes: $0) }
    }

    static func readResponse(_ r: inout OPCUAReader) -> OPCUAWrite? {
        var w = OPCUAWrite()
        guard let results = r.array({ $0.u32() }), r.diagnosticInfos(innerCodes: &w.diagnosticCodes) else { return nil }
        w.results = results
        return w
    }
}
