import Crypto
import VigilHubWire

/// Checks that a request on the ingest listener comes from an enrolled, unrevoked machine of
/// the right kind and carries its signature over exactly the body. Mutual TLS already admitted
/// the connection; this ties each request to one name and its key.
struct SignedRequestCheck: Sendable {
    let database: HubDatabase

    /// The machine's record, or why the request is refused.
    func verify(name: String?, signature: String?, body: [UInt8], kind: NodeKind) async throws -> Result<SensorRecord, Refusal> {
        let role = kind == .sensor ? "sensor" : "enforcer"
        guard let name else { return .failure(Refusal("the request does not name its \(role) (\(HubHeader.sensor) header)")) }
        guard let signature else { return .failure(Refusal("the request is not signed (\(HubHeader.signature) header)")) }
        guard let node = try await database.sensor(named: name) else { return .failure(Refusal("unknown \(role) \(name)")) }
        if node.revoked != nil { return .failure(Refusal("\(role) \(name) is revoked")) }
        if node.kind != kind { return .failure(Refusal("\(name) enrolled as a \(node.kind.rawValue), not as a \(role)")) }
        guard let key = try? P256.Signing.PublicKey(x963Representation: node.publicKey) else {
            return .failure(Refusal("\(role) \(name) has no usable key on record"))
        }
        guard BatchSignature.isValid(signature, for: body, by: key) else {
            return .failure(Refusal("the signature is not \(role) \(name)'s over this body"))
        }
        return .success(node)
    }

    struct Refusal: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
