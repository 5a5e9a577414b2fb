import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// GetEndpoints (Part 4 §5.4.4) and CreateSubscription (§5.13.2) built field by field, on the
/// helpers and channel of OPCUAParserTests.
@Suite struct OPCUADiscoveryTests {
    typealias P = OPCUAParserTests

    /// A MSG chunk on channel 5, token 9, with sequence number and request id `id`.
    static func msg(_ id: UInt32, _ body: [UInt8]) -> [UInt8] {
        P.message("MSG", P.u32(5) + P.u32(9) + P.u32(id) + P.u32(id) + body)
    }

    /// A field as comparable text: "-" unset, numbers and strings as written, T/F for bools.
    static func f(_ r: LogRecord, _ name: String) -> String {
        switch r.value(name) {
        case .string(let s)?: return s
        case .count(let c)?: return "\(c)"
        case .double(let d)?: return "\(d)"
        case .bool(let b)?: return b ? "T" : "F"
        case .unset?: return "-"
        case let other?: return "\(other)"
        case nil: return "<absent>"
        }
    }

    static let getEndpointsRequest = msg(
        3,
        P.fourByte(428) + P.requestHeader
            + P.string("opc.tcp://plc:4840")  // EndpointUrl
            + P.u32(1) + P.string("de-DE")  // LocaleIds
            + P.u32(1) + P.string("http://opcfoundation.org/UA-Profile/Transport/uatcp-uasc-uabinary"))  // ProfileUris

    /// ApplicationDescription (§7.2): a server with one discovery URL.
    static let server: [UInt8] =
        P.string("urn:acme:plc") + P.string("urn:acme:plc-os")  // ApplicationUri, ProductUri
        + [0x03] + P.string("en") + P.string("ACME PLC 1200")  // ApplicationName: locale and text
        + P.u32(0)  // ApplicationType: Server
        + P.string(nil) + P.string(nil)  // GatewayServerUri, DiscoveryProfileUri
        + P.u32(1) + P.string("opc.tcp://plc:4840/discovery")  // DiscoveryUrls

    static let getEndpointsResponse = msg(
        3,
        P.fourByte(431) + P.responseHeader
            + P.u32(1)  // Endpoints: one EndpointDescription (§7.10)
            + P.string("opc.tcp://plc:4840") + server + P.string(nil)  // EndpointUrl, Server, ServerCertificate
            + P.u32(1) + P.string("http://opcfoundation.org/UA/SecurityPolicy#None")  // SecurityMode None, policy
            + P.u32(2)  // UserIdentityTokens
            + P.string("anon") + P.u32(0) + P.string(nil) + P.string(nil) + P.string(nil)
            + P.string("user") + P.u32(1) + P.string(nil) + P.string(nil) + P.string(nil)
            + P.string("http://opcfoundation.org/UA-Profile/Transport/uatcp-uasc-uabinary") + [0x00])  // SecurityLevel

    static let createSubscriptionRequest = msg(
        4,
        P.fourByte(787) + P.requestHeader
            + P.i64(Int64(bitPattern: 250.5.bitPattern))  // RequestedPublishingInterval (Duration, ms)
            + P.u32(2400) + P.u32(10) + P.u32(0)  // lifetime count, max keep-alive count, max notifications
            + [0x01, 0x07])  // PublishingEnabled, Priority

    static let createSubscriptionResponse = msg(
        4,
        P.fourByte(790) + P.responseHeader + P.u32(42) + P.i64(Int64(bitPattern: 500.0.bitPattern)) + P.u32(2400) + P.u32(10))

    static let conversation: [([UInt8], Bool)] = [
        (P.openRequest, true), (P.openResponse, false), (getEndpointsRequest, true), (getEndpointsResponse, false),
        (createSubscriptionRequest, true), (createSubscriptionResponse, false),
    ]

    @Test func getEndpointsLogsEveryListAndNamesTheServer() throws {
        let sink = P.run(Self.conversation)
        let rows = sink.rows("opcua_binary_get_endpoints")
        #expect(rows.count == 2)
        let request = try #require(rows.first)
        #expect(P.string(request, "endpoint_url") == "opc.tcp://plc:4840")
        let locale = try #require(sink.rows("opcua_binary_get_endpoints_locale_id").first)
        #expect(P.string(locale, "locale_id") == "de-DE" && Self.f(locale, "locale_link_id") == Self.f(request, "locale_link_id"))
        #expect(sink.rows("opcua_binary_get_endpoints_profile_uri").count == 1)
        let response = rows[1]
        #expect(Self.f(response, "endpoint_url") == "-")
        let endpoint = try #require(sink.rows("opcua_binary_get_endpoints_description").first)
        #expect(Self.f(endpoint, "endpoint_description_link_id") == Self.f(response, "endpoint_description_link_id"))
        #expect(P.string(endpoint, "endpoint_uri") == "opc.tcp://plc:4840" && P.string(endpoint, "text") == "ACME PLC 1200")
        #expect(P.count(endpoint, "message_security_mode") == 1 && Self.f(endpoint, "cert_size") == "-")
        let tokens = sink.rows("opcua_binary_get_endpoints_user_token")
        #expect(tokens.map { P.string($0, "user_token_policy_id") } == ["anon", "user"])
        #expect(tokens.allSatisfy { Self.f($0, "user_token_link_id") == Self.f(endpoint, "user_token_link_id") })
        let discovery = try #require(sink.rows("opcua_binary_get_endpoints_discovery").first)
        #expect(P.string(discovery, "discovery_profile_url") == "opc.tcp://plc:4840/discovery")
        // The server (the responder) is named by its own ApplicationDescription.
        let identities = sink.events.compactMap { e -> String? in
            if case .identity(let host, let field, let value, _) = e, host == .v4(0x0A00_0001) {
                return "\(field)=\(value)"
            }
            return nil
        }
        #expect(identities == ["product=urn:acme:plc-os", "name=ACME PLC 1200"])
    }

    @Test func createSubscriptionKeepsTheIntervalAsADouble() throws {
        let rows = P.run(Self.conversation).rows("opcua_binary_create_subscription")
        #expect(rows.count == 2)
        #expect(Self.f(rows[0], "requested_publishing_interval") == "250.5")
        #expect(P.count(rows[0], "requested_lifetime_count") == 2400 && Self.f(rows[0], "publishing_enabled") == "T")
        #expect(P.count(rows[0], "priority") == 7 && Self.f(rows[0], "subscription_id") == "-")
        #expect(P.count(rows[1], "subscription_id") == 42 && Self.f(rows[1], "revised_publishing_interval") == "500.0")
    }

    @Test func truncatedBodiesAreNamedNotLogged() {
        // Drop the last byte of each body and fix the message size: the service logs stay
        // empty and each message is named malformed, and opcua_binary still pairs them.
        func shortened(_ m: [UInt8]) -> [UInt8] {
            var b = Array(m.dropLast())
            b.replaceSubrange(4..<8, with: P.u32(UInt32(b.count)))
            return b
        }
        let sink = P.run([
            (P.openRequest, true), (P.openResponse, false), (shortened(Self.getEndpointsResponse), false),
            (shortened(Self.createSubscriptionRequest), true),
        ])
        #expect(sink.rows("opcua_binary_get_endpoints").isEmpty && sink.rows("opcua_binary_create_subscription").isEmpty)
        #expect(sink.weirdNames.filter { $0 == "opcua_malformed_message" }.count == 2)
        #expect(sink.rows("opcua_binary").count == 3)
    }
}
