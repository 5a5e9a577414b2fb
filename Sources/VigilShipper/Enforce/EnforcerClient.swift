import Foundation
import NIOSSL
import VigilCore
import VigilHubWire

/// An enforcer's side of the hub: asks for the ruleset in force (the hub holds the request until
/// one changes) and reports what it did, over mutual TLS, every request signed with the key the
/// hub's certificate names.
public struct EnforcerClient: Sendable {
    public let identity: SensorIdentity
    private let client: HubClient

    public init(identity: SensorIdentity) throws {
        self.identity = identity
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(identity.authorityPEM.utf8), format: .pem)])
        tls.certificateChain = [.certificate(try NIOSSLCertificate(bytes: Array(identity.certificatePEM.utf8), format: .pem))]
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(identity.keyPEM.utf8), format: .pem))
        client = HubClient(tls: tls)
    }

    /// The hub's ruleset when it differs from `applied`, or nil when none changed within `wait`.
    public func poll(applied: Int64, wait: Double) async throws -> EnforcerRuleset? {
        let body = try JSONEncoder().encode(
            EnforcerPoll(enforcer: identity.name, applied: applied, time: Date().timeIntervalSince1970, wait: wait))
        let answer = try await send("/enforce/v1/poll", Array(body))
        switch answer.status {
        case 204: return nil
        case 200:
            guard let ruleset = try? JSONDecoder().decode(EnforcerRuleset.self, from: Data(answer.body)) else {
                throw VigilError(.invalidDocument, "the hub's ruleset is not EnforcerRuleset JSON", source: identity.settings.ingest)
            }
            return ruleset
        default:
            throw VigilError(
                .ioFailure, "the hub answered \(answer.status): \(HubClient.reason(answer.body))", source: identity.settings.ingest)
        }
    }

    public func report(_ report: EnforcerReport) async throws {
        let answer = try await send("/enforce/v1/reports", Array(try JSONEncoder().encode(report)))
        guard answer.status == 204 else {
            throw VigilError(
                .ioFailure, "the hub answered \(answer.status): \(HubClient.reason(answer.body))", source: identity.settings.ingest)
        }
    }

    public func shutdown() async { await client.shutdown() }

    private func send(_ path: String, _ body: [UInt8]) async throws -> (status: Int, body: [UInt8]) {
        try await client.send(
            .POST, identity.settings.ingest + path,
            headers: [
                (HubHeader.sensor, identity.name), (HubHeader.signature, try BatchSignature.sign(body, with: identity.key)),
                ("Content-Type", "application/json"),
            ], body: body)
    }
}
