import VigilCore
import VigilEvents

/// Rows of the Read logs, and the server identity its BuildInfo gives away when read.
extension OPCUAAnalyzer {
    func read(_ m: OPCUAMessage, _ s: OPCUARead, context: FlowContext) {
        let nodesLink = s.nodes.isEmpty ? LogValue.unset : .string(m.linkID + "-nodes")
        for n in s.nodes {
            context.log(
                OPCUALog.readNodesToRead, isOrig: m.isOrig,
                values: [nodesLink] + n.node.logValues(encodingAsText: true) + [
                    .count(n.attribute), .string(OPCUARead.attributeName(n.attribute)), .optional(n.indexRange.text),
                    .count(n.encodingNamespace), .optional(n.encodingName.text),
                ])
        }
        let resultsLink = s.results.isEmpty ? LogValue.unset : .string(m.linkID + "-results")
        for (i, d) in s.results.enumerated() {
            // Results come in the order of the request's nodes (Part 4 §5.10.2.2).
            let target = i < m.readNodes.count ? m.readNodes[i] : nil
            resultRow(d, target: target, link: resultsLink, isOrig: m.isOrig, context: context)
            if let target { identity(from: d, of: target, context: context, isOrig: m.isOrig) }
        }
        statusRows(
            m,
            Self.dataValueStatuses(s.results, source: .read)
                + OPCUAFoundStatus.inner(s.diagnosticCodes, .readDiagInfo),
            context: context)
        context.log(
            OPCUALog.read, isOrig: m.isOrig,
            values: [
                .string(m.linkID), .optional(s.maxAge.flatMap(Self.wholeCount)), .optional(s.timestampsToReturn),
                .optional(s.timestampsToReturn.map(OPCUARead.timestampsName)),
                nodesLink, resultsLink,
            ])
    }

    func resultRow(_ d: OPCUADataValue, target: OPCUAReadValueID?, link: LogValue, isOrig: Bool, context: FlowContext) {
        context.log(
            OPCUALog.readResults, isOrig: isOrig,
            values: [
                link, .count(0), .string(Hex.prefixed(UInt64(d.mask), width: 2)),
                .optional(d.status.map { Hex.prefixed(UInt64($0), width: 8) }), d.sourceTimestamp.map { .time($0) } ?? .unset,
                .optional(d.sourcePicoseconds), d.serverTimestamp.map { .time($0) } ?? .unset, .optional(d.serverPicoseconds),
                .optional(target?.node.standardText), .optional(target.map { OPCUARead.attributeName($0.attribute) }),
            ] + Self.variantValues(d.value))
    }

    /// A Variant as OPCUALog.variantFields: its mask, built-in type and values (arrays past
    /// `OPCUAVariant.maxLoggedElements` end with a count of what was left out).
    static func variantValues(_ v: OPCUAVariant?) -> [LogValue] {
        guard let v else { return [.unset, .unset, .unset, .unset] }
        var values = v.values.map(\.text)
        if v.dropped > 0 { values.append("... \(v.dropped) more") }
        return [.string(Hex.prefixed(UInt64(v.mask), width: 2)), .count(v.typeID), .string(v.typeName), .strings(values)]
    }

    /// The status codes in DataValues (`source`) and in StatusCode-typed Variant values in them.
    static func dataValueStatuses(_ values: [OPCUADataValue], source: OPCUAStatusSource) -> [OPCUAFoundStatus] {
        var found: [OPCUAFoundStatus] = []
        for d in values {
            if let s = d.status { found.append(OPCUAFoundStatus(source: source, level: 0, code: s)) }
            for case .statusCode(let c) in d.value?.values ?? [] {
                found.append(OPCUAFoundStatus(source: .variant, level: 0, code: c))
            }
        }
        return found
    }

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
