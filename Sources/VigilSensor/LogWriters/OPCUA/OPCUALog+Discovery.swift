import VigilCore
import VigilEvents
import VigilLogs
import VigilProtocols

/// ICSNPP-opcua-binary's GetEndpoints and CreateSubscription logs (get-endpoints-types.zeek,
/// create-subscription-types.zeek), one row per direction like the session logs.
extension OPCUALog {
    static let getEndpoints = LogSchema(
        path: "opcua_binary_get_endpoints",
        fields: LogSchema.directionalFields + [
            LogField("opcua_link_id", "string"), LogField("endpoint_url", "string"), LogField("locale_link_id", "string"),
            LogField("profile_uri_link_id", "string"), LogField("endpoint_description_link_id", "string"),
        ])

    /// One EndpointDescription of a GetEndpoints response; the same fields as
    /// create_session_endpoints, with ICSNPP's name endpoint_uri for the first.
    static let getEndpointsDescription = LogSchema(
        path: "opcua_binary_get_endpoints_description",
        fields: LogSchema.directionalFields + [
            LogField("endpoint_description_link_id", "string"), LogField("endpoint_uri", "string"),
        ] + applicationFields + [
            LogField("cert_size", "count"), LogField("server_cert", "string"), LogField("message_security_mode", "count"),
            LogField("security_policy_uri", "string"), LogField("user_token_link_id", "string"),
            LogField("transport_profile_uri", "string"), LogField("security_level", "count"),
        ])

    static let getEndpointsDiscovery = LogSchema(
        path: "opcua_binary_get_endpoints_discovery",
        fields: LogSchema.directionalFields + [
            LogField("discovery_profile_link_id", "string"), LogField("discovery_profile_url", "string"),
        ])

    static let getEndpointsUserToken = LogSchema(
        path: "opcua_binary_get_endpoints_user_token",
        fields: LogSchema.directionalFields + [
            LogField("user_token_link_id", "string"), LogField("user_token_policy_id", "string"),
            LogField("user_token_type", "count"), LogField("user_token_issued_type", "string"),
            LogField("user_token_endpoint_url", "string"), LogField("user_token_sec_policy_uri", "string"),
        ])

    static let getEndpointsLocaleID = LogSchema(
        path: "opcua_binary_get_endpoints_locale_id",
        fields: LogSchema.directionalFields + [LogField("locale_link_id", "string"), LogField("locale_id", "string")])

    static let getEndpointsProfileURI = LogSchema(
        path: "opcua_binary_get_endpoints_profile_uri",
        fields: LogSchema.directionalFields + [LogField("profile_uri_link_id", "string"), LogField("profile_uri", "string")])

    static let createSubscription = LogSchema(
        path: "opcua_binary_create_subscription",
        fields: LogSchema.directionalFields + [
            LogField("opcua_link_id", "string"), LogField("requested_publishing_interval", "double"),
            LogField("requested_lifetime_count", "count"), LogField("requested_max_keep_alive_count", "count"),
            LogField("max_notifications_per_publish", "count"), LogField("publishing_enabled", "bool"),
            LogField("priority", "count"), LogField("subscription_id", "count"),
            LogField("revised_publishing_interval", "double"), LogField("revised_lifetime_count", "count"),
            LogField("revised_max_keep_alive_count", "count"),
        ])
}
