import Crypto
import Foundation
import VigilCore
import X509

/// A hub's folder: its authority, its TLS identity, its audit key and (by default) its
/// database. Keys are written readable by their owner only.
///
///     authority.pem, authority-key.pem    the certificate authority sensors trust
///     server.pem, server-key.pem          the hub's TLS certificate, issued by that authority
///     audit-key.pem                       signs the audit log's tree heads
///     hub.db                              the SQLite store (unless --database names another)
public struct HubHome: Sendable {
    public let directory: URL
    public let authority: HubAuthority
    public let serverCertificate: Certificate
    let serverKeyBytes: Data
    let auditKeyBytes: Data

    public var serverKey: P256.Signing.PrivateKey { try! P256.Signing.PrivateKey(rawRepresentation: serverKeyBytes) }
    public var auditKey: P256.Signing.PrivateKey { try! P256.Signing.PrivateKey(rawRepresentation: auditKeyBytes) }
    public var databasePath: String { directory.appendingPathComponent("hub.db").path }

    static let files = ["authority.pem", "authority-key.pem", "server.pem", "server-key.pem", "audit-key.pem"]

    /// Makes a new hub folder. `serverNames` are the host names and addresses sensors use to
    /// reach the hub; its certificate is valid for exactly those.
    public static func initialize(at directory: URL, hubName: String, serverNames: [String]) throws(VigilError) -> HubHome {
        let manager = FileManager.default
        for file in files where manager.fileExists(atPath: directory.appendingPathComponent(file).path) {
            throw VigilError(.invalidArgument, "a hub was already set up here (\(file) exists); use another folder", source: directory.path)
        }
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let authority = try HubAuthority.create(hubName: hubName)
            let serverKey = P256.Signing.PrivateKey()
            let server = try authority.issueServerCertificate(names: serverNames, key: serverKey)
            let auditKey = P256.Signing.PrivateKey()
            try write(authority.pem, to: directory, "authority.pem", secret: false)
            try write(authority.key.pemRepresentation, to: directory, "authority-key.pem", secret: true)
            try write(server.serializeAsPEM().pemString, to: directory, "server.pem", secret: false)
            try write(serverKey.pemRepresentation, to: directory, "server-key.pem", secret: true)
            try write(auditKey.pemRepresentation, to: directory, "audit-key.pem", secret: true)
        } catch let error as VigilError {
            throw error
        } catch {
            throw VigilError(.ioFailure, "cannot set up the hub: \(error)", source: directory.path)
        }
        return try open(at: directory)
    }

    /// Opens a hub folder `initialize` made.
    public static func open(at directory: URL) throws(VigilError) -> HubHome {
        func read(_ file: String) throws(VigilError) -> String {
            let url = directory.appendingPathComponent(file)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw VigilError(.ioFailure, "cannot read \(file): is this a hub folder? (`vigil hub init` makes one)", source: url.path)
            }
            return text
        }
        let texts = try files.map { file throws(VigilError) in try read(file) }
        do {
            let authority = HubAuthority(
                certificate: try Certificate(pemEncoded: texts[0]), key: try P256.Signing.PrivateKey(pemRepresentation: texts[1]))
            return HubHome(
                directory: directory, authority: authority, serverCertificate: try Certificate(pemEncoded: texts[2]),
                serverKeyBytes: try P256.Signing.PrivateKey(pemRepresentation: texts[3]).rawRepresentation,
                auditKeyBytes: try P256.Signing.PrivateKey(pemRepresentation: texts[4]).rawRepresentation)
        } catch {
            throw VigilError(.ioFailure, "a key or certificate in the hub folder cannot be read: \(error)", source: directory.path)
        }
    }

    private static func write(_ text: String, to directory: URL, _ file: String, secret: Bool) throws {
        let path = directory.appendingPathComponent(file).path
        guard
            FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: secret ? 0o600 : 0o644])
        else { throw VigilError(.ioFailure, "cannot write \(file)", source: path) }
    }
}
