import VigilCore

/// OpenSecureChannel request and response bodies (IEC 62541-4 §5.5.2.2, Part 6 §6.7.4).
public struct OPCUAOpenSecureChannel: Sendable {
    // Request
    public var clientProtocolVersion: UInt32?
    /// SecurityTokenRequestType: 0 Issue, 1 Renew.
    public var requestType: UInt32?
    /// MessageSecurityMode: 1 None, 2 Sign, 3 SignAndEncrypt.
    public var securityMode: UInt32?
    public var clientNonce: OPCUABytes?
    public var requestedLifetime: UInt32?
    // Response
    public var serverProtocolVersion: UInt32?
    public var channelID: UInt32?
    public var tokenID: UInt32?
    public var createdAt: Timestamp?
    public var revisedLifetime: UInt32?
    public var serverNonce: OPCUABytes?

    public init(
        clientProtocolVersion: UInt32? = nil, requestType: UInt32? = nil, securityMode: UInt32? = nil, clientNonce: OPCUABytes? = nil,
        requestedLifetime: UInt32? = nil, serverProtocolVersion: UInt32? = nil, channelID: UInt32? = nil, tokenID: UInt32? = nil,
        createdAt: Timestamp? = nil, revisedLifetime: UInt32? = nil, serverNonce: OPCUABytes? = nil
    ) {
        self.clientProtocolVersion = clientProtocolVersion
        self.requestType = requestType
        self.securityMode = securityMode
        self.clientNonce = clientNonce
        self.requestedLifetime = requestedLifetime
        self.serverProtocolVersion = serverProtocolVersion
        self.channelID = channelID
        self.tokenID = tokenID
        self.createdAt = createdAt
        self.revisedLifetime = revisedLifetime
        self.serverNonce = serverNonce
    }
}

/// ApplicationDescription (Part 4 §7.2).
public struct OPCUAApplicationDescription: Sendable {
    public var applicationURI: OPCUABytes
    public var productURI: OPCUABytes
    public var applicationName: OPCUALocalizedText
    /// ApplicationType: 0 Server, 1 Client, 2 ClientAndServer, 3 DiscoveryServer.
    public var applicationType: UInt32
    public var gatewayServerURI: OPCUABytes
    public var discoveryProfileURI: OPCUABytes
    public var discoveryURLs: [OPCUABytes]

    public init(
        applicationURI: OPCUABytes, productURI: OPCUABytes, applicationName: OPCUALocalizedText, applicationType: UInt32,
        gatewayServerURI: OPCUABytes, discoveryProfileURI: OPCUABytes, discoveryURLs: [OPCUABytes]
    ) {
        self.applicationURI = applicationURI
        self.productURI = productURI
        self.applicationName = applicationName
        self.applicationType = applicationType
        self.gatewayServerURI = gatewayServerURI
        self.discoveryProfileURI = discoveryProfileURI
        self.discoveryURLs = discoveryURLs
    }
}

/// UserTokenPolicy (Part 4 §7.42).
public struct OPCUAUserTokenPolicy: Sendable {
    public var policyID: OPCUABytes
    /// UserTokenType: 0 Anonymous, 1 UserName, 2 Certificate, 3 IssuedToken.
    public var tokenType: UInt32
    public var issuedTokenType: OPCUABytes
    public var issuerEndpointURL: OPCUABytes
    public var securityPolicyURI: OPCUABytes

    public init(
        policyID: OPCUABytes, tokenType: UInt32, issuedTokenType: OPCUABytes, issuerEndpointURL: OPCUABytes, securityPolicyURI: OPCUABytes
    ) {
        self.policyID = policyID
        self.tokenType = tokenType
        self.issuedTokenType = issuedTokenType
        self.issuerEndpointURL = issuerEndpointURL
        self.securityPolicyURI = securityPolicyURI
    }
}

/// EndpointDescription (Part 4 §7.10).
public struct OPCUAEndpointDescription: Sendable {
    public var endpointURL: OPCUABytes
    public var server: OPCUAApplicationDescription
    public var serverCertificate: OPCUABytes
    public var securityMode: UInt32
    public var securityPolicyURI: OPCUABytes
    public var userIdentityTokens: [OPCUAUserTokenPolicy]
    public var transportProfileURI: OPCUABytes
    public var securityLevel: UInt8

    public init(
        endpointURL: OPCUABytes, server: OPCUAApplicationDescription, serverCertificate: OPCUABytes, securityMode: UInt32,
        securityPolicyURI: OPCUABytes, userIdentityTokens: [OPCUAUserTokenPolicy], transportProfileURI: OPCUABytes, securityLevel: UInt8
    ) {
        self.endpointURL = endpointURL
        self.server = server
        self.serverCertificate = serverCertificate
        self.securityMode = securityMode
        self.securityPolicyURI = securityPolicyURI
        self.userIdentityTokens = userIdentityTokens
        self.transportProfileURI = transportProfileURI
        self.securityLevel = securityLevel
    }
}

/// SignatureData (Part 4 §7.36).
public struct OPCUASignature: Sendable {
    public var algorithm: OPCUABytes
    public var signature: OPCUABytes

    public init(algorithm: OPCUABytes, signature: OPCUABytes) {
        self.algorithm = algorithm
        self.signature = signature
    }
}

/// CreateSession request and response bodies (Part 4 §5.6.2.2).
public struct OPCUACreateSession: Sendable {
    // Request
    public var client: OPCUAApplicationDescription?
    public var serverURI: OPCUABytes?
    public var endpointURL: OPCUABytes?
    public var sessionName: OPCUABytes?
    public var clientNonce: OPCUABytes?
    public var clientCertificate: OPCUABytes?
    public var requestedTimeout: Double?
    public var maxResponseSize: UInt32?
    // Response
    public var sessionID: OPCUANodeID?
    public var authenticationToken: OPCUANodeID?
    public var revisedTimeout: Double?
    public var serverNonce: OPCUABytes?
    public var serverCertificate: OPCUABytes?
    public var endpoints: [OPCUAEndpointDescription] = []
    public var serverSignature: OPCUASignature?
    public var maxRequestSize: UInt32?

    public init(
        client: OPCUAApplicationDescription? = nil, serverURI: OPCUABytes? = nil, endpointURL: OPCUABytes? = nil,
        sessionName: OPCUABytes? = nil, clientNonce: OPCUABytes? = nil, clientCertificate: OPCUABytes? = nil,
        requestedTimeout: Double? = nil, maxResponseSize: UInt32? = nil, sessionID: OPCUANodeID? = nil,
        authenticationToken: OPCUANodeID? = nil, revisedTimeout: Double? = nil, serverNonce: OPCUABytes? = nil,
        serverCertificate: OPCUABytes? = nil, endpoints: [OPCUAEndpointDescription] = [], serverSignature: OPCUASignature? = nil,
        maxRequestSize: UInt32? = nil
    ) {
        self.client = client
        self.serverURI = serverURI
        self.endpointURL = endpointURL
        self.sessionName = sessionName
        self.clientNonce = clientNonce
        self.clientCertificate = clientCertificate
        self.requestedTimeout = requestedTimeout
        self.maxResponseSize = maxResponseSize
        self.sessionID = sessionID
        self.authenticationToken = authenticationToken
        self.revisedTimeout = revisedTimeout
        self.serverNonce = serverNonce
        self.serverCertificate = serverCertificate
        self.endpoints = endpoints
        self.serverSignature = serverSignature
        self.maxRequestSize = maxRequestSize
    }
}

/// ActivateSession request and response bodies (Part 4 §5.6.3.2) with the user identity
/// token decoded (§7.41).
public struct OPCUAActivateSession: Sendable {
    // Request
    public var clientSignature: OPCUASignature?
    public var localeIDs: [OPCUABytes] = []
    public var identityToken: OPCUAExtensionObject?
    public var policyID: OPCUABytes?
    public var userName: OPCUABytes?
    public var password: OPCUABytes?
    public var encryptionAlgorithm: OPCUABytes?
    public var certificateData: OPCUABytes?
    public var tokenData: OPCUABytes?
    public var userTokenSignature: OPCUASignature?
    // Response
    public var serverNonce: OPCUABytes?
    public var results: [UInt32] = []
    public var diagnosticCodes: [(level: Int, code: UInt32)] = []

    public init(
        clientSignature: OPCUASignature? = nil, localeIDs: [OPCUABytes] = [], identityToken: OPCUAExtensionObject? = nil,
        policyID: OPCUABytes? = nil, userName: OPCUABytes? = nil, password: OPCUABytes? = nil, encryptionAlgorithm: OPCUABytes? = nil,
        certificateData: OPCUABytes? = nil, tokenData: OPCUABytes? = nil, userTokenSignature: OPCUASignature? = nil,
        serverNonce: OPCUABytes? = nil, results: [UInt32] = [], diagnosticCodes: [(level: Int, code: UInt32)] = []
    ) {
        self.clientSignature = clientSignature
        self.localeIDs = localeIDs
        self.identityToken = identityToken
        self.policyID = policyID
        self.userName = userName
        self.password = password
        self.encryptionAlgorithm = encryptionAlgorithm
        self.certificateData = certificateData
        self.tokenData = tokenData
        self.userTokenSignature = userTokenSignature
        self.serverNonce = serverNonce
        self.results = results
        self.diagnosticCodes = diagnosticCodes
    }
}
