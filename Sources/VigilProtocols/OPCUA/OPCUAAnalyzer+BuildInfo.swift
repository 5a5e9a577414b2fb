import VigilCore
import VigilEvents

/// The server identity a Read of its BuildInfo gives away.
extension OPCUAAnalyzer {
    /// BuildInfo read whole or inside ServerStatus, or one of its field variables: the
    /// manufacturer is the vendor, the product name the model, the software version the
    /// firmware, as advisories name them.
    func identity(from d: OPCUADataValue, of target: OPCUAReadValueID, context: FlowContext, isOrig: Bool) {
        guard target.attribute == OPCUARead.valueAttribute, target.node.namespace ?? 0 == 0, let node = target.node.numeric,
            let value = d.value?.values.first, d.value?.isArray == false
        else { return }
        let host = context.host(isOrig: isOrig)
        let evidence = "opcua ReadResponse i=\(node)"
        func emit(_ field: IdentityField, _ text: String?, _ name: String) {
            guard let text, !text.isEmpty else { return }
            context.sink.emit(.identity(host: host, field: field, value: text, evidence: "\(evidence) BuildInfo.\(name)"))
        }
        switch value {
        case .extensionObject(let e):
            guard let b = OPCUABuildInfo.from(e) else { return }
            emit(.vendor, b.manufacturerName, "ManufacturerName")
            emit(.model, b.productName, "ProductName")
            emit(.firmware, b.softwareVersion, "SoftwareVersion")
            emit(.product, b.productURI, "ProductUri")
        case .string(let s):
            switch OPCUABuildInfo.FieldNode(rawValue: node) {
            case .manufacturerName?: emit(.vendor, s.text, "ManufacturerName")
            case .productName?: emit(.model, s.text, "ProductName")
            case .softwareVersion?: emit(.firmware, s.text, "SoftwareVersion")
            case .productURI?: emit(.product, s.text, "ProductUri")
            default: break
            }
        default: break
        }
    }
}
