import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// The opcua_binary row: one per Hello/Acknowledge/Error, and one per request with its
/// response (either side alone when the other was never seen).
extension OPCUALogWriter {
    func logBinary(request: OPCUAMessage?, response: OPCUAMessage?, context: OPCUARows) {
        guard let first = request ?? response else { return }
        let c = first.chunk
        let total: UInt64 = (request?.size ?? 0) + (response?.size ?? 0)
        let channels = Set([request?.chunk.secureChannelID, response?.chunk.secureChannelID].compactMap { $0 }).sorted()
        let requestSide = request.flatMap { $0.isResponse ? nil : $0 }
        let responseSide = response ?? request.flatMap { $0.isResponse ? $0 : nil }
        // Built in place rather than as a [LogValue] of ~60 fields: OPC UA was ~6% of the
        // benchmark's instructions, at ~31,000 a row through the array.
        context.log(OPCUALog.binary, at: first.ts) { row in
            row.add(.string(first.linkID))
            row.add(.string(c.messageType))
            row.add(.string(c.chunkText))
            row.add(.count(total))
            row.add(.optional(c.errorCode))
            row.add(.optional(c.reason.map { $0.text ?? "" }))
            row.add(.optional(c.protocolVersion))
            row.add(.optional(c.receiveBufferSize))
            row.add(.optional(c.sendBufferSize))
            row.add(.optional(c.maxMessageSize))
            row.add(.optional(c.maxChunkCount))
            row.add(.optional(c.endpointURL.map { $0.text ?? "" }))
            row.add(channels.isEmpty ? .unset : .counts(channels.map(UInt64.init)))
            // The asymmetric security header, from the OPN that carried one.
            row.add(c.securityPolicyURI.map { .int($0.wireLength) } ?? .unset)
            row.add(.optional(c.securityPolicyURI?.text))
            row.add(c.senderCertificate.map { .int($0.wireLength) } ?? .unset)
            row.add(.optional(c.senderCertificate?.hexSummary))
            row.add(c.receiverThumbprint.map { .int($0.wireLength) } ?? .unset)
            row.add(.optional(c.receiverThumbprint?.hexSummary))
            row.add(.optional(c.requestID))
            addRequest(requestSide, to: &row)
            addResponse(responseSide, to: &row)
        }
    }

    /// Size, sequence number, service type id and RequestHeader of the request side (19
    /// fields).
    func addRequest(_ m: OPCUAMessage?, to row: inout LogRow) {
        guard let m, m.chunk.secureChannelID != nil else { return row.addUnset(count: 19) }
        addServiceType(m, to: &row)
        guard let h = m.service?.request else { return row.addUnset(count: 13) }
        row.add(contentsOf: h.authenticationToken.logValues(encodingAsText: true))
        row.add(.time(h.timestamp))
        row.add(.count(h.requestHandle))
        row.add(.count(h.returnDiagnostics))
        row.add(.string(h.auditEntryID.text ?? ""))
        row.add(.count(h.timeoutHint))
        row.add(.optional(h.additionalHeader.typeID.numeric))
        row.add(.count(h.additionalHeader.encoding))
    }

    /// Size, sequence number, service type id and ResponseHeader of the response side (12
    /// fields).
    func addResponse(_ m: OPCUAMessage?, to row: inout LogRow) {
        guard let m, m.chunk.secureChannelID != nil else { return row.addUnset(count: 12) }
        addServiceType(m, to: &row)
        guard let h = m.service?.response else { return row.addUnset(count: 6) }
        row.add(.time(h.timestamp))
        row.add(.count(h.requestHandle))
        row.add(hex: UInt64(h.serviceResult), minimumWidth: 8)
        row.add(.count(h.diagnosticsMask))
        row.add(.optional(h.additionalHeader.typeID.numeric))
        row.add(.count(h.additionalHeader.encoding))
    }

    /// Size, sequence number and service type id (6 fields).
    func addServiceType(_ m: OPCUAMessage, to row: inout LogRow) {
        let t = m.service?.typeID
        row.add(.count(m.size))
        row.add(.optional(m.chunk.sequenceNumber))
        row.add(.optional(t?.encoding))
        row.add(.optional(t?.namespace))
        row.add(.optional(t?.numeric))
        row.add(.optional(m.service?.typeName ?? t?.numeric.map { "Unknown-\($0)" }))
    }
}
