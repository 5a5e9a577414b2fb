import VigilCore

/// GetEndpoints request and response bodies (IEC 62541-4 §5.4.4.2). A server answers with
/// every endpoint it offers, each carrying its ApplicationDescription: who the server says it
/// is (product URI, application name), before any session exists.
struct OPCUAGetEndpoints {
    // Request
    var endpointURL: OPCUABytes?
    var localeIDs: [OPCUABytes] = []
    var profileURIs: [OPCUABytes] = []
    // Response
    var endpoints: [OPCUAEndpointDescription] = []

    static func readRequest(_ r: inout OPCUAReader) -> OPCUAGetEndpoints? {
        guard let url = r.byteString(), let locales = r.stringArray(), let profiles = r.stringArray() else { return nil }
        return OPCUAGetEndpoints(endpointURL: url, localeIDs: locales, profileURIs: profiles)
    }

    static func readResponse(_ r: inout OPCUAReader) -> OPCUAGetEndpoints? {
        r.array(OPCUAEndpointDescription.read).map { OPCUAGetEndpoints(endpoints: $0) }
    }
}

/// CreateSubscription request and response bodies (Part 4 §5.13.2.2).
struct OPCUACreateSubscription {
    // Request
    /// Milliseconds (Duration, a Double).
    var requestedPublishingInterval: Double?
    var requestedLifetimeCount: UInt32?
    var requestedMaxKeepAliveCount: UInt32?
    var maxNotificationsPerPublish: UInt32?
    var publishingEnabled: Bool?
    var priority: UInt8?
    // Response
    var subscriptionID: UInt32?
    var revisedPublishingInterval: Double?
    var revisedLifetimeCount: UInt32?
    var revisedMaxKeepAliveCount: UInt32?

    static func readRequest(_ r: inout OPCUAReader) -> OPCUACreateSubscription? {
        guard let interval = r.double(), let lifetime = r.u32(), let keepAlive = r.u32(), let maxNotifications = r.u32(),
            let enabled = r.boolean(), let priority = r.u8()
        else { return nil }
        return OPCUACreateSubscription(
            requestedPublishingInterval: interval, requestedLifetimeCount: lifetime, requestedMaxKeepAliveCount: keepAlive,
            maxNotificationsPerPublish: maxNotifications, publishingEnabled: enabled, priority: priority)
    }

    static func readResponse(_ r: inout OPCUAReader) -> OPCUACreateSubscription? {
        guard let id = r.u32(), let interval = r.double(), let lifetime = r.u32(), let keepAlive = r.u32() else { return nil }
        return OPCUACreateSubscription(
            subscriptionID: id, revisedPublishingInterval: interval, revisedLifetimeCount: lifetime,
            revisedMaxKeepAliveCount: keepAlive)
    }
}
