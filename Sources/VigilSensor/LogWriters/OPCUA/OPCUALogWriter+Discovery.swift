import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// Rows of the GetEndpoints and CreateSubscription logs.
extension OPCUALogWriter {
    func getEndpoints(_ m: OPCUAMessage, _ s: OPCUAGetEndpoints, context: OPCUARows) {
        let localeLink = s.localeIDs.isEmpty ? LogValue.unset : .string(m.linkID + "-locales")
        for locale in s.localeIDs {
            context.log(OPCUALog.getEndpointsLocaleID, isOrig: m.isOrig, values: [localeLink, .string(locale.text ?? "")])
        }
        let profileLink = s.profileURIs.isEmpty ? LogValue.unset : .string(m.linkID + "-profiles")
        for profile in s.profileURIs {
            context.log(OPCUALog.getEndpointsProfileURI, isOrig: m.isOrig, values: [profileLink, .string(profile.text ?? "")])
        }
        let endpointLink = m.linkID + "-endpoints"
        for (i, e) in s.endpoints.enumerated() {
            endpointRow(e, linkID: endpointLink, index: i, isOrig: m.isOrig, logs: .getEndpoints, context: context)
        }
        context.log(
            OPCUALog.getEndpoints, isOrig: m.isOrig,
            values: [
                .string(m.linkID), .optional(s.endpointURL?.text), localeLink, profileLink,
                s.endpoints.isEmpty ? .unset : .string(endpointLink),
            ])
    }

    func createSubscription(_ m: OPCUAMessage, _ s: OPCUACreateSubscription, context: OPCUARows) {
        context.log(
            OPCUALog.createSubscription, isOrig: m.isOrig,
            values: [
                .string(m.linkID), s.requestedPublishingInterval.map { .double($0) } ?? .unset, .optional(s.requestedLifetimeCount),
                .optional(s.requestedMaxKeepAliveCount), .optional(s.maxNotificationsPerPublish),
                s.publishingEnabled.map { .bool($0) } ?? .unset, .optional(s.priority), .optional(s.subscriptionID),
                s.revisedPublishingInterval.map { .double($0) } ?? .unset, .optional(s.revisedLifetimeCount),
                .optional(s.revisedMaxKeepAliveCount),
            ])
    }
}
