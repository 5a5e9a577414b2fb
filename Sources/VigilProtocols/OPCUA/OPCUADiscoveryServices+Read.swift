import VigilCore
import VigilEvents

extension OPCUAGetEndpoints {
    static func readRequest(_ r: inout OPCUAReader) -> OPCUAGetEndpoints? {
        guard let url = r.byteString(), let locales = r.stringArray(), let profiles = r.stringArray() else { return nil }
        return OPCUAGetEndpoints(endpointURL: url, localeIDs: locales, profileURIs: profiles)
    }

    static func readResponse(_ r: inout OPCUAReader) -> OPCUAGetEndpoints? {
        r.array(OPCUAEndpointDescription.read).map { OPCUAGetEndpoints(endpoints: $0) }
    }
}

extension OPCUACreateSubscription {
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
