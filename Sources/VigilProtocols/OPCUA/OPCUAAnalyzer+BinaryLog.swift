import VigilCore

/// The opcua_binary row: one per Hello/Acknowledge/Error, and one per request with its
/// response (either side alone when the other was never seen).
extension OPCUAAnalyzer {
    func logBinary(request: OPCUAMessage?, response: OPCUAMessage?, context: FlowContext) {
        guard let first = request ?? response else { return }
        let c = first.chunk
        let total: UInt64 = (request?.size ?? 0) + (response?.size ?? 0)
        var v: [LogValue] = [
            .string(first.linkID), .string(c.messageType), .string(c.chunkText),
            .count(total), .optional(c.errorCode), .optional(c.reason.map { $0.text ?? "" }),
            .optional(c.protocolVersion), .optional(c.receiveBufferSize), .optional(c.sendBufferSize), .optional(c.maxMessageSize),
            .optional(c.maxChunkCount), .optional(c.endpointURL.map { $0.text ?? "" }),
        ]
        let channels = Set([request?.chunk.secureChannelID, response?.chunk.secureChannelID].compactMap { $0 }).sorted()
        v.append(channels.isEmpty ? .unset : .counts(channels.map(UInt64.init)))
        // The asymmetric security header, from the OPN that carried one.
        v += [
            c.securityPolicyURI.map { .int($0.wireLength) } ?? .unset, .optional(c.securityPolicyURI?.text),
            c.senderCertificate.map { .int($0.wireLength) } ?? .unset, .optional(c.senderCertificate?.hexSummary),
            c.receiverThumbprint.map { .int($0.wireLength) } ?? .unset, .optional(c.receiverThumbprint?.hexSummary),
            .optional(c.requestID),
        ]
        let requestSide = request.flatMap { $0.isResponse ? nil : $0 }
        let responseSide = response ?? request.flatMap { $0.isResponse ? $0 : nil }
        v += requestValues(requestSide)
        v += responseValues(responseSide)
        context.log(OPCUALog.binary, at: first.ts, values: v)
    }

    /// Size, sequence number, service type id and RequestHeader of the request side.
    func requestValues(_ m: OPCUAMessage?) -> [LogValue] {
        guard let m, m.chunk.secureChannelID != nil else { return [LogValue](repeating: .unset, count: 19) }
        var v = serviceTypeValues(m)
        guard let h = m.service?.request else { return v + [LogValue](repeating: .unset, count: 13) }
        v += h.authenticationToken.logValues(encodingAsText: true)
        v += [
            .time(h.timestamp), .count(h.requestHandle), .count(h.returnDiagnostics), .string(h.auditEntryID.text ?? ""),
            .count(h.timeoutHint), .optional(h.additionalHeader.typeID.numeric), .count(h.additionalHeader.encoding),
        ]
        return v
    }

    /// Size, sequence number, service type id and ResponseHeader of the response side.
    func responseValues(_ m: OPCUAMessage?) -> [LogValue] {
        guard let m, m.chunk.secureChannelID != nil else { return [LogValue](repeating: .unset, count: 12) }
        var v = serviceTypeValues(m)
        guard let h = m.service?.response else { return v + [LogValue](repeating: .unset, count: 6) }
        v += [
            .time(h.timestamp), .count(h.requestHandle), .string(Hex.prefixed(UInt64(h.serviceResult), width: 8)),
            .count(h.diagnosticsMask), .optional(h.additionalHeader.typeID.numeric), .count(h.additionalHeader.encoding),
        ]
        return v
    }

    func serviceTypeValues(_ m: OPCUAMessage) -> [LogValue] {
        let t = m.service?.typeID
        return [
            .count(m.size), .optional(m.chunk.sequenceNumber), .optional(t?.encoding), .optional(t?.namespace), .optional(t?.numeric),
            .optional(m.service?.typeName ?? t?.numeric.map { "Unknown-\($0)" }),
        ]
    }
}
