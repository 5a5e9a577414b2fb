import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// Rows of the per-service logs (OpenSecureChannel, CreateSession, ActivateSession,
/// CloseSession; GetEndpoints and CreateSubscription in +Discovery, Read in +Read, Write,
/// Browse and CreateMonitoredItems in their own files).
extension OPCUALogWriter {
    func serviceRows(_ m: OPCUAMessage, _ body: OPCUAServiceBody, context: OPCUARows) {
        switch body {
        case .openSecureChannel(let s): openSecureChannel(m, s, context: context)
        case .createSession(let s): createSession(m, s, context: context)
        case .activateSession(let s): activateSession(m, s, context: context)
        case .closeSession(let delete):
            context.log(OPCUALog.closeSession, isOrig: m.isOrig, values: [.string(m.linkID), .bool(delete)])
        case .getEndpoints(let s): getEndpoints(m, s, context: context)
        case .createSubscription(let s): createSubscription(m, s, context: context)
        case .read(let s): read(m, s, context: context)
        case .write(let s): write(m, s, context: context)
        case .browse(let s): browse(m, s, context: context)
        case .createMonitoredItems(let s): createMonitoredItems(m, s, context: context)
        }
    }

    func openSecureChannel(_ m: OPCUAMessage, _ s: OPCUAOpenSecureChannel, context: OPCUARows) {
        let isRequest = !m.isResponse
        context.log(
            OPCUALog.openSecureChannel, isOrig: m.isOrig,
            values: [
                .string(m.linkID), .optional(s.clientProtocolVersion), .optional(s.requestType), .optional(s.securityMode),
                isRequest ? .string(s.clientNonce?.escaped ?? "") : .unset, .optional(s.requestedLifetime),
                .optional(s.serverProtocolVersion), .optional(s.channelID), .optional(s.tokenID),
                s.createdAt.map { .time($0) } ?? .unset,
                .optional(s.revisedLifetime), isRequest ? .unset : .string(s.serverNonce?.escaped ?? ""),
            ])
    }

    /// An ApplicationDescription's fields, and a discovery row per discovery URL in `logs`.
    func applicationValues(
        _ a: OPCUAApplicationDescription?, linkID: String, isOrig: Bool, logs: OPCUAEndpointLogs, context: OPCUARows
    ) -> [LogValue] {
        guard let a else { return [LogValue](repeating: .unset, count: OPCUALog.applicationFields.count) }
        var discoveryLink = LogValue.unset
        if !a.discoveryURLs.isEmpty {
            discoveryLink = .string(linkID)
            for url in a.discoveryURLs {
                let profile: [LogValue] = logs.discoveryHasProfileURI ? [.optional(a.discoveryProfileURI.text)] : []
                context.log(logs.discovery, isOrig: isOrig, values: [.string(linkID)] + profile + [.string(url.text ?? "")])
            }
        }
        return [
            .optional(a.applicationURI.text), .optional(a.productURI.text), .count(a.applicationName.mask),
            .optional(a.applicationName.locale), .optional(a.applicationName.text), .count(a.applicationType),
            .optional(a.gatewayServerURI.text), .optional(a.discoveryProfileURI.text), discoveryLink,
        ]
    }

    func createSession(_ m: OPCUAMessage, _ s: OPCUACreateSession, context: OPCUARows) {
        let client = applicationValues(
            s.client, linkID: m.linkID + "-discovery", isOrig: m.isOrig, logs: .createSession, context: context)
        var endpointLink = LogValue.unset
        for (i, e) in s.endpoints.enumerated() {
            endpointLink = .string(m.linkID + "-endpoints")
            endpointRow(e, linkID: m.linkID + "-endpoints", index: i, isOrig: m.isOrig, logs: .createSession, context: context)
        }
        let emptyNode = [LogValue](repeating: .unset, count: 6)
        var v: [LogValue] = [.string(m.linkID)] + client
        let request: [LogValue] = [
            .optional(s.serverURI?.text), .optional(s.endpointURL?.text), .optional(s.sessionName?.text),
            .optional(s.clientNonce?.hexSummary), .optional(s.clientCertificate?.bytes?.count),
            .optional(s.clientCertificate?.hexSummary), .optional(s.requestedTimeout.flatMap(Self.wholeCount)),
            .optional(s.maxResponseSize),
        ]
        v += request
        v += s.sessionID?.logValues(encodingAsText: true) ?? emptyNode
        v += s.authenticationToken?.logValues(encodingAsText: true) ?? emptyNode
        let response: [LogValue] = [
            .optional(s.revisedTimeout.flatMap(Self.wholeCount)), .optional(s.serverNonce?.hexSummary),
            .optional(s.serverCertificate?.bytes?.count), .optional(s.serverCertificate?.hexSummary), endpointLink,
            .optional(s.serverSignature?.algorithm.text), .optional(s.serverSignature?.signature.hexSummary),
            .optional(s.maxRequestSize),
        ]
        v += response
        context.log(OPCUALog.createSession, isOrig: m.isOrig, values: v)
    }

    /// A Duration (Double milliseconds) as the count ICSNPP logs; negative or non-finite
    /// values, which no valid session has, log as unset.
    static func wholeCount(_ d: Double) -> UInt64? {
        d.isFinite && d >= 0 && d < 1.8e19 ? UInt64(d) : nil
    }

    func endpointRow(
        _ e: OPCUAEndpointDescription, linkID: String, index: Int, isOrig: Bool, logs: OPCUAEndpointLogs, context: OPCUARows
    ) {
        let tokenLink = "\(linkID)-\(index)-tokens"
        for t in e.userIdentityTokens {
            context.log(
                logs.userTokens, isOrig: isOrig,
                values: [
                    .string(tokenLink), .string(t.policyID.text ?? ""), .count(t.tokenType), .optional(t.issuedTokenType.text),
                    .optional(t.issuerEndpointURL.text), .optional(t.securityPolicyURI.text),
                ])
        }
        context.log(
            logs.endpoints, isOrig: isOrig,
            values: [.string(linkID), .string(e.endpointURL.text ?? "")]
                + applicationValues(e.server, linkID: "\(linkID)-\(index)-discovery", isOrig: isOrig, logs: logs, context: context)
                + [
                    .optional(e.serverCertificate.bytes?.count), .optional(e.serverCertificate.hexSummary),
                    .count(e.securityMode), .optional(e.securityPolicyURI.text),
                    e.userIdentityTokens.isEmpty ? .unset : .string(tokenLink), .optional(e.transportProfileURI.text),
                    .count(e.securityLevel),
                ])
    }

    func activateSession(_ m: OPCUAMessage, _ s: OPCUAActivateSession, context: OPCUARows) {
        let token = s.identityToken
        context.log(
            OPCUALog.activateSession, isOrig: m.isOrig,
            values: [
                .string(m.linkID), .optional(s.clientSignature?.algorithm.text), .optional(s.clientSignature?.signature.hexSummary),
                s.localeIDs.isEmpty ? .unset : .strings(s.localeIDs.map { $0.text ?? "" }),
            ] + (token?.typeID.logValues(encodingAsText: true) ?? [LogValue](repeating: .unset, count: 6)) + [
                .optional(s.tokenTypeName), .optional(token.map { Hex.prefixed(UInt64($0.encoding), width: 2) }),
                .optional(s.policyID?.text), .optional(s.userName?.text),
                .optional(s.password.flatMap { $0.isNull ? nil : $0.escaped }),
                .optional(s.encryptionAlgorithm?.text), .optional(s.certificateData?.hexSummary), .optional(s.tokenData?.hexSummary),
                .optional(s.userTokenSignature?.algorithm.text), .optional(s.userTokenSignature?.signature.hexSummary),
                .optional(s.serverNonce?.hexSummary),
                s.results.isEmpty ? .unset : .strings(s.results.map { Hex.prefixed(UInt64($0), width: 8) }),
            ])
        statusRows(
            m,
            OPCUAFoundStatus.results(s.results, .activateSession)
                + OPCUAFoundStatus.inner(s.diagnosticCodes, .activateSessionDiagInfo),
            context: context)
    }
}

extension OPCUANodeID {
    /// The six values ICSNPP logs for a NodeId: encoding, namespace, numeric, string, guid, opaque.
    func logValues(encodingAsText: Bool) -> [LogValue] {
        [
            encodingAsText ? .string(encodingText) : .count(encoding), .optional(namespace), .optional(numeric),
            .optional(string), .optional(guid), .optional(opaque),
        ]
    }
}
