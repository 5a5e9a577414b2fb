import Crypto
import Foundation
import _CryptoExtras

/// A password as the hub stores it: scrypt (RFC 7914, memory-hard, so that guessing costs
/// memory as well as time) with a random salt, written `scrypt$LOG2N$r$p$SALT$HASH` (base64) so
/// that a later hub can raise the cost and still check older hashes.
public struct PasswordHash: Sendable, Equatable {
    /// N = 2^15, r = 8, p = 1: 32 MiB and about a tenth of a second per check on a server core,
    /// the cost RFC 7914 §2 and OWASP name for interactive sign-in.
    public static let interactive = Cost(log2N: 15, r: 8, p: 1)

    public struct Cost: Sendable, Equatable {
        public var log2N: Int
        public var r: Int
        public var p: Int
    }

    public var cost: Cost
    public var salt: [UInt8]
    public var hash: [UInt8]

    public static func make(_ password: String, cost: Cost = interactive) throws -> PasswordHash {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return PasswordHash(cost: cost, salt: salt, hash: try derive(password, salt: salt, cost: cost))
    }

    public init(cost: Cost, salt: [UInt8], hash: [UInt8]) {
        self.cost = cost
        self.salt = salt
        self.hash = hash
    }

    public init?(text: String) {
        let parts = text.split(separator: "$")
        guard parts.count == 6, parts[0] == "scrypt", let log2N = Int(parts[1]), let r = Int(parts[2]), let p = Int(parts[3]),
            (10...20).contains(log2N), (1...32).contains(r), (1...16).contains(p),
            let salt = Data(base64Encoded: String(parts[4])), let hash = Data(base64Encoded: String(parts[5]))
        else { return nil }
        self.init(cost: Cost(log2N: log2N, r: r, p: p), salt: Array(salt), hash: Array(hash))
    }

    public var text: String {
        "scrypt$\(cost.log2N)$\(cost.r)$\(cost.p)$\(Data(salt).base64EncodedString())$\(Data(hash).base64EncodedString())"
    }

    /// Whether `password` is the one hashed, compared in constant time.
    public func matches(_ password: String) -> Bool {
        guard let candidate = try? Self.derive(password, salt: salt, cost: cost), candidate.count == hash.count else { return false }
        return zip(candidate, hash).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func derive(_ password: String, salt: [UInt8], cost: Cost) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: 1 << cost.log2N, blockSize: cost.r, parallelism: cost.p)
        return key.withUnsafeBytes { Array($0) }
    }
}
