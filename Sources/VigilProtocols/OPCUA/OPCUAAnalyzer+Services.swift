import VigilCore
import VigilEvents

/// Rows of the per-service logs (OpenSecureChannel, CreateSession, ActivateSession,
/// CloseSession; GetEndpoints and CreateSubscription in +Discovery, Read in +Read, Write,
/// Browse and CreateMonitoredItems in their own files), the
/// security findings they support, and identity for the inventory.
extension OPCUAAnalyzer {
    func serviceRows(_ m: inout OPCUAMessage, _ r: inout OPCUAReader, context: FlowContext) {
        guard let name = m.service?.typeName else { return }
        switch name {
        case "OpenSecureChannelRequest", "OpenSecureChannelResponse":
            let s = name.hasSuffix("Request") ? OPCUAOpenSecureChannel.readRequest(&r) : OPCUAOpenSecureChannel.readResponse(&r)
            if let s { openSecureChannel(m, s, context: context) } else { malformed(m, context: context) }
        case "CreateSessionRequest", "CreateSessionResponse":
            let s = name.hasSuffix("Request") ? OPCUACreateSession.readRequest(&r) : OPCUACreateSession.readResponse(&r)
            if let s { createSession(m, s, context: context) } else { malformed(m, context: context) }
        case "ActivateSessionRequest", "ActivateSessionResponse":
            let s = name.hasSuffix("Request") ? OPCUAActivateSession.readRequest(&r) : OPCUAActivateSession.readResponse(&r)
            if let s { activateSession(m, s, context: context) } else { malformed(m, context: context) }
        case "GetEndpointsRequest", "GetEndpointsResponse":
            let s = name.hasSuffix("Request") ? OPCUAGetEndpoints.readRequest(&r) : OPCUAGetEndpoints.readResponse(&r)
            if let s { getEndpoints(m, s, context: context) } else { malformed(m, context: context) }
        case "CreateSubscriptionRequest", "CreateSubscriptionResponse":
            let s = name.hasSuffix("Request") ? OPCUACreateSubscription.readRequest(&r) : OPCUACreateSubscription.readResponse(&r)
            if let s { createSubscription(m, s, context: context) } else { malformed(m, context: context) }
        case "ReadRequest", "ReadResponse":
            let s = name.hasSuffix("Request") ? OPCUARead.readRequest(&r) : OPCUARead.readResponse(&r)
            guard let s else { return malformed(m, context: context) }
            if !m.isResponse { m.readNodes = s.nodes }
            read(m, s, context: context)
        case "WriteRequest", "WriteResponse":
            let s = name.hasSuffix("Request") ? OPCUAWrite.readRequest(&r) : OPCUAWrite.readResponse(&r)
            if let s { write(m, s, context: context) } else { malformed(m, context: context) }
        case "BrowseRequest", "BrowseNextRequest", "BrowseResponse", "BrowseNextResponse":
            let s =
                name == "BrowseRequest"
                ? OPCUABrowse.readRequest(&r) : name == "BrowseNextRequest" ? OPCUABrowse.readNextRequest(&r) : OPCUABrowse.readResponse(&r)
            if let s { browse(m, s, context: context) } else { malformed(m, context: context) }
        case "CreateMonitoredItemsRequest", "CreateMonitoredItemsResponse":
            let s =
                name.hasSuffix("Request") ? OPCUACreateMonitoredItems.readRequest(&r) : OPCUACreateMonitoredItems.readResponse(&r)
            if let s { createMonitoredItems(m, s, context: context) } else { malformed(m, context: context) }
        case "CloseSessionRequest":
            if let delete = r.boolean() {
                context.log(OPCUALog.closeSession, isOrig: m.isOrig, values: [.string(m.linkID), .bool(delete)])
            } else {
                malformed(m, context: context)
            }
        default: break
        }
    }

    func malformed(_ m: OPCUAMessage, context: FlowContext) {
        context.weird("opcua_malformed_message", m.service?.typeName ?? m.chunk.messageType, source: "opcua")
    }

    func openSecureChannel(_ m: OPCUAMessage, _ s: OPCUAOpenSecureChannel, context: FlowContext) {
        if let mode = s.securityMode {
            bodyState = mode == 3 ? .encrypted : .clear
            // Policy None means no signing and no encryption at all (Part 7, SecurityPolicy None).
            if m.chunk.securityPolicyURI?.text == OPCUASecurity.nonePolicy {
                once(.policyNone) {
                    context.weird(
                        "opcua_security_policy_none", "mode \(OPCUASecurity.modeNames[mode] ?? "\(mode)")", source: "opcua")
                }
            }
        }
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
        _ a: OPCUAApplicationDescription?, linkID: String, isOrig: Bool, logs: OPCUAEndpointLogs, context: FlowContext
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

    func createSession(_ m: OPCUAMessage, _ s: OPCUACreateSession, context: FlowContext) {
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
        identity(s, m, context: context)
    }

    /// A Duration (Double milliseconds) as the count ICSNPP logs; negative or non-finite
    /// values, which no valid session has, log as unset.
    static func wholeCount(_ d: Double) -> UInt64? {
        d.isFinite && d >= 0 && d < 1.8e19 ? UInt64(d) : nil
    }

    func endpointRow(
        _ e: OPCUAEndpointDescription, linkID: String, index: Int, isOrig: Bool, logs: OPCUAEndpointLogs, context: FlowContext
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

    /// The application a CreateSession names: the client's own description in the request,
    /// the server's in the endpoints of the response.
    func identity(_ s: OPCUACreateSession, _ m: OPCUAMessage, context: FlowContext) {
        guard let app = s.client ?? s.endpoints.first?.server else { return }
        identity(app, of: context.host(isOrig: m.isOrig), evidence: "opcua \(m.service?.typeName ?? "CreateSession")", context: context)
    }

    /// Product URI and application name from an ApplicationDescription (Part 4 §7.2).
    func identity(_ app: OPCUAApplicationDescription, of host: IPAddress, evidence: String, context: FlowContext) {
        let evidence = evidence + " ApplicationDescription"
        if let product = app.productURI.text, !product.isEmpty {
            context.sink.emit(.identity(host: host, field: .product, value: product, evidence: evidence + " productUri"))
        }
        if let name = app.applicationName.text, !name.isEmpty {
            context.sink.emit(.identity(host: host, field: .name, value: name, evidence: evidence + " applicationName"))
        }
    }

    func activateSession(_ m: OPCUAMessage, _ s: OPCUAActivateSession, context: FlowContext) {
        findings(s, m, context: context)
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

    /// Anonymous sessions, passwords sent without encryption, and refused activations.
    func findings(_ s: OPCUAActivateSession, _ m: OPCUAMessage, context: FlowContext) {
        switch s.tokenTypeName {
        case "AnonymousIdentityToken":
            once(.anonymousSession) { context.weird("opcua_anonymous_session", s.policyID?.text, source: "opcua") }
        case "UserNameIdentityToken":
            // Part 4 §7.41.3: without an encryption algorithm the password travels as plain
            // bytes; over a None channel anyone on the path reads it.
            if s.password?.isNull == false, s.encryptionAlgorithm?.text?.isEmpty ?? true {
                once(.cleartextPassword) { context.weird("opcua_cleartext_password", "user \(s.userName?.text ?? "-")", source: "opcua") }
            }
        default: break
        }
        if let header = m.service?.response, header.isBad {
            context.weird("opcua_session_activation_failed", Hex.prefixed(UInt64(header.serviceResult), width: 8), source: "opcua")
        }
    }
}
