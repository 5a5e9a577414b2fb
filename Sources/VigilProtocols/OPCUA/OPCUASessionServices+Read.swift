import VigilCore
import VigilEvents

extension OPCUAOpenSecureChannel {
    static func readRequest(_ r: inout OPCUAReader) -> OPCUAOpenSecureChannel? {
        guard let v = r.u32(), let type = r.u32(), let mode = r.u32(), let nonce = r.byteString(), let life = r.u32() else {
            return nil
        }
        return OPCUAOpenSecureChannel(
            clientProtocolVersion: v, requestType: type, securityMode: mode, clientNonce: nonce, requestedLifetime: life)
    }

    static func readResponse(_ r: inout OPCUAReader) -> OPCUAOpenSecureChannel? {
        guard let v = r.u32(), let channel = r.u32(), let token = r.u32(), let created = r.dateTime(), let life = r.u32(),
            let nonce = r.byteString()
        else { return nil }
        return OPCUAOpenSecureChannel(
            serverProtocolVersion: v, channelID: channel, tokenID: token, createdAt: created, revisedLifetime: life,
            serverNonce: nonce)
    }
}

extension OPCUAApplicationDescription {
    static func read(_ r: inout OPCUAReader) -> OPCUAApplicationDescription? {
        guard let app = r.byteString(), let product = r.byteString(), let name = r.localizedText(), let type = r.u32(),
            let gateway = r.byteString(), let profile = r.byteString(), let urls = r.stringArray()
        else { return nil }
        return OPCUAApplicationDescription(
            applicationURI: app, productURI: product, applicationName: name, applicationType: type, gatewayServerURI: gateway,
            discoveryProfileURI: profile, discoveryURLs: urls)
    }
}

extension OPCUAUserTokenPolicy {
    static func read(_ r: inout OPCUAReader) -> OPCUAUserTokenPolicy? {
        guard let id = r.byteString(), let type = r.u32(), let issued = r.byteString(), let issuer = r.byteString(),
            let policy = r.byteString()
        else { return nil }
        return OPCUAUserTokenPolicy(
            policyID: id, tokenType: type, issuedTokenType: issued, issuerEndpointURL: issuer, securityPolicyURI: policy)
    }
}

extension OPCUAEndpointDescription {
    static func read(_ r: inout OPCUAReader) -> OPCUAEndpointDescription? {
        guard let url = r.byteString(), let server = OPCUAApplicationDescription.read(&r), let cert = r.byteString(),
            let mode = r.u32(), let policy = r.byteString(), let tokens = r.array(OPCUAUserTokenPolicy.read)
        else { return nil }
        guard let transport = r.byteString(), let level = r.u8() else { return nil }
        return OPCUAEndpointDescription(
            endpointURL: url, server: server, serverCertificate: cert, securityMode: mode, securityPolicyURI: policy,
            userIdentityTokens: tokens, transportProfileURI: transport, securityLevel: level)
    }
}

extension OPCUASignature {
    static func read(_ r: inout OPCUAReader) -> OPCUASignature? {
        guard let a = r.byteString(), let s = r.byteString() else { return nil }
        return OPCUASignature(algorithm: a, signature: s)
    }
}

extension OPCUACreateSession {
    static func readRequest(_ r: inout OPCUAReader) -> OPCUACreateSession? {
        guard let client = OPCUAApplicationDescription.read(&r), let server = r.byteString(), let url = r.byteString(),
            let name = r.byteString(), let nonce = r.byteString(), let cert = r.byteString(), let timeout = r.double(),
            let max = r.u32()
        else { return nil }
        return OPCUACreateSession(
            client: client, serverURI: server, endpointURL: url, sessionName: name, clientNonce: nonce,
            clientCertificate: cert, requestedTimeout: timeout, maxResponseSize: max)
    }

    static func readResponse(_ r: inout OPCUAReader) -> OPCUACreateSession? {
        guard let session = r.nodeID(), let token = r.nodeID(), let timeout = r.double(), let nonce = r.byteString(),
            let cert = r.byteString(), let endpoints = r.array(OPCUAEndpointDescription.read)
        else { return nil }
        var s = OPCUACreateSession(
            sessionID: session, authenticationToken: token, revisedTimeout: timeout, serverNonce: nonce, serverCertificate: cert,
            endpoints: endpoints)
        // serverSoftwareCertificates: deprecated SignedSoftwareCertificate[] (certificate data
        // and signature byte strings), skipped.
        guard let certs = r.arrayCount() else { return nil }
        for _ in 0..<certs {
            guard r.byteString() != nil, r.byteString() != nil else { return nil }
        }
        guard let signature = OPCUASignature.read(&r), let max = r.u32() else { return nil }
        (s.serverSignature, s.maxRequestSize) = (signature, max)
        return s
    }
}

extension OPCUAActivateSession {
    /// The token's type name from its encoding id (AnonymousIdentityToken …), nil if unknown.
    public var tokenTypeName: String? {
        guard let t = identityToken?.typeID, t.namespace ?? 0 == 0, let n = t.numeric else { return nil }
        return OPCUANames.identityTokens[n]
    }

    static func readRequest(_ r: inout OPCUAReader) -> OPCUAActivateSession? {
        guard let signature = OPCUASignature.read(&r), let certs = r.arrayCount() else { return nil }
        for _ in 0..<certs {
            guard r.byteString() != nil, r.byteString() != nil else { return nil }
        }
        guard let locales = r.stringArray(), let token = r.extensionObject(), let tokenSignature = OPCUASignature.read(&r) else {
            return nil
        }
        var s = OPCUAActivateSession(
            clientSignature: signature, localeIDs: locales, identityToken: token, userTokenSignature: tokenSignature)
        s.decodeToken()
        return s
    }

    /// Anonymous: policyId. UserName: policyId, userName, password, encryptionAlgorithm.
    /// X509: policyId, certificateData. Issued: policyId, tokenData, encryptionAlgorithm (§7.41).
    mutating func decodeToken() {
        guard let body = identityToken?.body, let name = tokenTypeName else { return }
        body.withUnsafeBytes { b in
            var r = OPCUAReader(b)
            policyID = r.byteString()
            switch name {
            case "UserNameIdentityToken":
                userName = r.byteString()
                password = r.byteString()
                encryptionAlgorithm = r.byteString()
            case "X509IdentityToken": certificateData = r.byteString()
            case "IssuedIdentityToken":
                tokenData = r.byteString()
                encryptionAlgorithm = r.byteString()
            default: break
            }
        }
    }

    static func readResponse(_ r: inout OPCUAReader) -> OPCUAActivateSession? {
        var a = OPCUAActivateSession()
        guard let nonce = r.byteString(), let results = r.array({ $0.u32() }), r.diagnosticInfos(innerCodes: &a.diagnosticCodes)
        else { return nil }
        a.serverNonce = nonce
        a.results = results
        return a
    }
}
