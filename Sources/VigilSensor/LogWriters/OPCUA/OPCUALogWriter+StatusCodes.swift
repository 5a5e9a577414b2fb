import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// The status_code_detail rows: every StatusCode a message carries, from its response header,
/// its service's results and the inner codes of its DiagnosticInfos.
extension OPCUALogWriter {
    func statusRows(_ m: OPCUAMessage, _ found: [OPCUAFoundStatus], context: OPCUARows) {
        for f in found {
            let c = OPCUAStatusCode(raw: f.code)
            var v: [LogValue] = [
                .string(m.linkID), .count(f.source.rawValue), .string(f.source.name), .count(f.level), .string(c.hex),
                .count(c.severity), .string(OPCUAStatusCode.name(OPCUAStatusCode.severityNames, c.severity)),
                .count(c.subCode), .optional(c.name), .bool(c.structureChanged), .bool(c.semanticsChanged),
                .count(c.infoType), .string(OPCUAStatusCode.name(OPCUAStatusCode.infoTypeNames, c.infoType)),
            ]
            // The limit, overflow and historian bits mean something only for DataValue info
            // (Part 4 §7.39, Table 179); otherwise they are reserved and left unset.
            if c.infoType == 0 {
                v += [LogValue](repeating: .unset, count: 8)
            } else {
                v += [
                    .count(c.limitBits), .string(OPCUAStatusCode.limitNames[Int(c.limitBits)]), .bool(c.overflow),
                    .count(c.historianBits), .string(OPCUAStatusCode.name(OPCUAStatusCode.historianNames, c.historianBits)),
                    .bool(c.historianPartial), .bool(c.historianExtraData), .bool(c.historianMultiValue),
                ]
            }
            context.log(OPCUALog.statusCodeDetail, isOrig: m.isOrig, values: v)
        }
    }
}
