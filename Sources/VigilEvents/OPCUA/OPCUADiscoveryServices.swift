import VigilCore

/// GetEndpoints request and response bodies (IEC 62541-4 §5.4.4.2). A server answers with
/// every endpoint it offers, each carrying its ApplicationDescription: who the server says it
/// is (product URI, application name), before any session exists.
public struct OPCUAGetEndpoints: Sendable {
    // Request
    public var endpointURL: OPCUABytes?
    public var localeIDs: [OPCUABytes] = []
    public var profileURIs: [OPCUABytes] = []
    // Response
    public var endpoints: [OPCUAEndpointDescription] = []

    public init(
        endpointURL: OPCUABytes? = nil, localeIDs: [OPCUABytes] = [], profileURIs: [OPCUABytes] = [],
        endpoints: [OPCUAEndpointDescription] = []
    ) {
        self.endpointURL = endpointURL
        self.localeIDs = localeIDs
        self.profileURIs = profileURIs
        self.endpoints = endpoints
    }
}

/// CreateSubscription request and response bodies (Part 4 §5.13.2.2).
public struct OPCUACreateSubscription: Sendable {
    // Request
    /// Milliseconds (Duration, a Double).
    public var requestedPublishingInterval: Double?
    public var requestedLifetimeCount: UInt32?
    public var requestedMaxKeepAliveCount: UInt32?
    public var maxNotificationsPerPublish: UInt32?
    public var publishingEnabled: Bool?
    public var priority: UInt8?
    // Response
    public var subscriptionID: UInt32?
    public var revisedPublishingInterval: Double?
    public var revisedLifetimeCount: UInt32?
    public var revisedMaxKeepAliveCount: UInt32?

    public init(
        requestedPublishingInterval: Double? = nil, requestedLifetimeCount: UInt32? = nil, requestedMaxKeepAliveCount: UInt32? = nil,
        maxNotificationsPerPublish: UInt32? = nil, publishingEnabled: Bool? = nil, priority: UInt8? = nil, subscriptionID: UInt32? = nil,
        revisedPublishingInterval: Double? = nil, revisedLifetimeCount: UInt32? = nil, revisedMaxKeepAliveCount: UInt32? = nil
    ) {
        self.requestedPublishingInterval = requestedPublishingInterval
        self.requestedLifetimeCount = requestedLifetimeCount
        self.requestedMaxKeepAliveCount = requestedMaxKeepAliveCount
        self.maxNotificationsPerPublish = maxNotificationsPerPublish
        self.publishingEnabled = publishingEnabled
        self.priority = priority
        self.subscriptionID = subscriptionID
        self.revisedPublishingInterval = revisedPublishingInterval
        self.revisedLifetimeCount = revisedLifetimeCount
        self.revisedMaxKeepAliveCount = revisedMaxKeepAliveCount
    }
}
