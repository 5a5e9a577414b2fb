import VigilCore
import VigilEvents

/// Service bodies: read, reported with their message, and the security findings and identity
/// they give away.
extension OPCUAAnalyzer {
    /// Reads the body of the services Vigil decodes; a body that does not read is a
    /// malformed message.
    func readService(_ m: inout OPCUAMessage, _ r: inout OPCUAReader, context: FlowContext) {
        guard let name = m.service?.typeName else { return }
        let isRequest = name.hasSuffix("Request")
        let body: OPCUAServiceBody?
        switch name {
        case "OpenSecureChannelRequest", "OpenSecureChannelResponse":
            let s = isRequest ? OPCUAOpenSecureChannel.readRequest(&r) : OPCUAOpenSecureChannel.readResponse(&r)
            if let s { secureChannelOpened(m, s, context: context) }
            body = s.map { .openSecureChannel($0) }
        case "CreateSessionRequest", "CreateSessionResponse":
            let s = isRequest ? OPCUACreateSession.readRequest(&r) : OPCUACreateSession.readResponse(&r)
            if let s, let app = s.client ?? s.endpoints.first?.server {
                identity(app, of: context.host(isOrig: m.isOrig), evidence: "opcua \(name)", context: context)
            }
            body = s.map { .createSession($0) }
        case "ActivateSessionRequest", "ActivateSessionResponse":
            let s = isRequest ? OPCUAActivateSession.readRequest(&r) : OPCUAActivateSession.readResponse(&r)
            if let s { findings(s, m, context: context) }
            body = s.map { .activateSession($0) }
        case "GetEndpointsRequest", "GetEndpointsResponse":
            let s = isRequest ? OPCUAGetEndpoints.readRequest(&r) : OPCUAGetEndpoints.readResponse(&r)
            if let s, m.isResponse, let server = s.endpoints.first?.server {
                identity(server, of: context.host(isOrig: m.isOrig), evidence: "opcua GetEndpointsResponse", context: context)
            }
            body = s.map { .getEndpoints($0) }
        case "CreateSubscriptionRequest", "CreateSubscriptionResponse":
            body = (isRequest ? OPCUACreateSubscription.readRequest(&r) : OPCUACreateSubscription.readResponse(&r)).map {
                .createSubscription($0)
            }
        case "ReadRequest", "ReadResponse":
            let s = isRequest ? OPCUARead.readRequest(&r) : OPCUARead.readResponse(&r)
            if let s {
                if !m.isResponse { m.readNodes = s.nodes }
                // Results come in the order of the request's nodes (Part 4 §5.10.2.2).
                for (d, target) in zip(s.results, m.readNodes) { identity(from: d, of: target, context: context, isOrig: m.isOrig) }
            }
            body = s.map { .read($0) }
        case "WriteRequest", "WriteResponse":
            body = (isRequest ? OPCUAWrite.readRequest(&r) : OPCUAWrite.readResponse(&r)).map { .write($0) }
        case "BrowseRequest", "BrowseNextRequest", "BrowseResponse", "BrowseNextResponse":
            let s =
                name == "BrowseRequest"
                ? OPCUABrowse.readRequest(&r) : name == "BrowseNextRequest" ? OPCUABrowse.readNextRequest(&r) : OPCUABrowse.readResponse(&r)
            body = s.map { .browse($0) }
        case "CreateMonitoredItemsRequest", "CreateMonitoredItemsResponse":
            let s = isRequest ? OPCUACreateMonitoredItems.readRequest(&r) : OPCUACreateMonitoredItems.readResponse(&r)
            body = s.map { .createMonitoredItems($0) }
        case "CloseSessionRequest":
            body = r.boolean().map { .closeSession(deleteSubscriptions: $0) }
        default: return
        }
        guard let body else { return context.weird("opcua_malformed_message", name, source: "opcua") }
        emit(.service(m, body), of: m, context: context)
    }

    /// The channel's security mode decides whether later bodies can be read; policy None means
    /// no signing and no encryption at all (Part 7, SecurityPolicy None).
    func secureChannelOpened(_ m: OPCUAMessage, _ s: OPCUAOpenSecureChannel, context: FlowContext) {
        guard let mode = s.securityMode else { return }
        bodyState = mode == 3 ? .encrypted : .clear
        if m.chunk.securityPolicyURI?.text == OPCUASecurity.nonePolicy {
            once(.policyNone) {
                context.weird("opcua_security_policy_none", "mode \(OPCUASecurity.modeNames[mode] ?? "\(mode)")", source: "opcua")
            }
        }
    }

    /// Product URI and application name from an ApplicationDescription (Part 4 §7.2): the
    /// client's own in a CreateSession request, the server's in the endpoints of a response.
    func identity(_ app: OPCUAApplicationDescription, of host: IPAddress, evidence: String, context: FlowContext) {
        let evidence = evidence + " ApplicationDescription"
        if let product = app.productURI.text, !product.isEmpty {
            context.sink.emit(.identity(host: host, field: .product, value: product, evidence: evidence + " productUri"))
        }
        if let name = app.applicationName.text, !name.isEmpty {
            context.sink.emit(.identity(host: host, field: .name, value: name, evidence: evidence + " applicationName"))
        }
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
