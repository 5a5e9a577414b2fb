import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// Where EndpointDescriptions are logged: CreateSession responses and GetEndpoints responses
/// carry the same structure, and ICSNPP gives each its own three logs.
struct OPCUAEndpointLogs {
    var endpoints: LogSchema
    var userTokens: LogSchema
    var discovery: LogSchema
    /// create_session_discovery repeats the discovery profile URI; get_endpoints_discovery does not.
    var discoveryHasProfileURI: Bool

    static let createSession = OPCUAEndpointLogs(
        endpoints: OPCUALog.createSessionEndpoints, userTokens: OPCUALog.createSessionUserToken,
        discovery: OPCUALog.createSessionDiscovery, discoveryHasProfileURI: true)

    static let getEndpoints = OPCUAEndpointLogs(
        endpoints: OPCUALog.getEndpointsDescription, userTokens: OPCUALog.getEndpointsUserToken,
        discovery: OPCUALog.getEndpointsDiscovery, discoveryHasProfileURI: false)
}
