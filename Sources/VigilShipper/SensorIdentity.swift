import Crypto
import Foundation
import VigilCore
import VigilHubWire

/// What a sensor keeps after joining a hub, in one folder (default `vigil-sensor/`):
///
///     sensor-key.pem     its private key (owner-only), made on the sensor, never sent
///     sensor.pem         its certificate, issued by the hub's authority
///     authority.pem      the hub's authority: the only root trusted for the hub
///     hub.json           its name and the hub's ingest address
///     spool/             signed batches not yet acknowledged by the hub
public struct SensorIdentity: Sendable {
    public struct Settings: Codable, Sendable {
        public var sensor: String
        public var ingest: String
    }

    public let directory: URL
    public let keyPEM: String
    public let certificatePEM: String
    public let authorityPEM: String
    public let settings: Settings

    public var name: String { settings.sensor }
    public var key: P256.Signing.PrivateKey { try! P256.Signing.PrivateKey(pemRepresentation: keyPEM) }
    public var spool: URL { directory.appendingPathComponent("spool") }

    public static func load(from directory: URL) throws(VigilError) -> SensorIdentity {
        func read(_ file: String) throws(VigilError) -> String {
            let url = directory.appendingPathComponent(file)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw VigilError(.ioFailure, "cannot read \(file): has this sensor enrolled? (`vigil enroll` does it)", source: url.path)
            }
            return text
        }
        let settingsText = try read("hub.json")
        guard let settings = try? JSONDecoder().decode(Settings.self, from: Data(settingsText.utf8)) else {
            throw VigilError(
                .invalidDocument, "hub.json is not a sensor's hub settings", source: directory.appendingPathComponent("hub.json").path)
        }
        let identity = SensorIdentity(
            directory: directory, keyPEM: try read("sensor-key.pem"), certificatePEM: try read("sensor.pem"),
            authorityPEM: try read("authority.pem"), settings: settings)
        guard (try? P256.Signing.PrivateKey(pemRepresentation: identity.keyPEM)) != nil else {
            throw VigilError(.invalidDocument, "not a P-256 private key", source: directory.appendingPathComponent("sensor-key.pem").path)
        }
        return identity
    }

    static func save(
        to directory: URL, key: P256.Signing.PrivateKey, response: EnrollmentResponse
    ) throws(VigilError) -> SensorIdentity {
        let settings = Settings(sensor: response.sensor, ingest: response.ingest)
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try write(key.pemRepresentation, directory, "sensor-key.pem", mode: 0o600)
            try write(response.certificate, directory, "sensor.pem", mode: 0o644)
            try write(response.authority, directory, "authority.pem", mode: 0o644)
            try saveSettings(settings, in: directory)
        } catch let error as VigilError {
            throw error
        } catch {
            throw VigilError(.ioFailure, "cannot save the sensor's identity: \(error)", source: directory.path)
        }
        return try load(from: directory)
    }

    static func saveSettings(_ settings: Settings, in directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(settings).write(to: directory.appendingPathComponent("hub.json"), options: .atomic)
    }

    private static func write(_ text: String, _ directory: URL, _ file: String, mode: Int) throws {
        let path = directory.appendingPathComponent(file).path
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode]) else {
            throw VigilError(.ioFailure, "cannot write \(file)", source: path)
        }
    }
}
