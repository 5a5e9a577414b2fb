import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import SwiftASN1
import VigilCore
import VigilResponse
import X509

/// The hub's two listeners in one process:
///
/// - the API (`--listen`, default 127.0.0.1:8443): TLS with the hub's certificate; callers
///   prove who they are with an API token, sensors enrol with a one-time token;
/// - ingest (`--ingest`, default 127.0.0.1:8444): mutual TLS; only a client certificate this
///   hub's authority issued to an enrolled, unrevoked sensor completes the handshake, and every
///   batch must also carry that sensor's signature.
public struct HubServer: Sendable {
    public struct Address: Sendable {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        /// `HOST:PORT`, `[V6]:PORT` or `:PORT` (all addresses).
        public init(parsing text: String) throws(VigilError) {
            let (host, port): (Substring, Substring)
            if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
                host = text[text.index(after: text.startIndex)..<close]
                port = text[close...].dropFirst(2)
            } else if let colon = text.lastIndex(of: ":") {
                host = text[..<colon]
                port = text[text.index(after: colon)...]
            } else {
                throw VigilError(.invalidArgument, "expected HOST:PORT, got \(text)")
            }
            guard let number = Int(port), (0...65535).contains(number) else {
                throw VigilError(.invalidArgument, "the port of \(text) is not a number from 0 to 65535")
            }
            self.host = host.isEmpty ? "0.0.0.0" : String(host)
            self.port = number
        }
    }

    public let home: HubHome
    public let database: HubDatabase
    public let metrics = HubMetrics()
    /// How long stored rows are kept.
    public var retention = Retention()
    /// The cost of new password hashes and of the decoy a wrong name is checked against.
    public var passwordCost = PasswordHash.interactive
    private var decoy: PasswordHash {
        (try? PasswordHash.make("decoy \(UUID())", cost: passwordCost)) ?? PasswordHash(cost: passwordCost, salt: [], hash: [])
    }
    /// The response playbooks alerts are answered with (`PlaybookLoader`).
    public var playbooks: [Playbook] = []
    public var api = Address(host: "127.0.0.1", port: 8443)
    public var ingest = Address(host: "127.0.0.1", port: 8444)

    public init(home: HubHome, database: HubDatabase) {
        self.home = home
        self.database = database
    }

    /// Both listeners, as one Hummingbird application whose service group also runs the
    /// ingest listener. `onRunning` is told each listener's bound port (useful with port 0).
    public func application(
        logger: Logger, onRunning: @escaping @Sendable (_ listener: String, _ port: Int) async -> Void = { _, _ in }
    ) throws -> some ApplicationProtocol {
        // The port sensors are told to send to: the one really bound (it differs with port 0).
        let ingestPort = BoundPort(ingest.port)
        let ingestRouter = Router(context: HubRequestContext.self)
        ingestRouter.add(middleware: CanonicalPathGuard())
        let responder = PlaybookResponder(playbooks: playbooks, auditKey: home.auditKey)
        IngestRoutes(ingest: BatchIngest(database: database, metrics: metrics, responder: responder)).add(to: ingestRouter)
        EnforcerRoutes(database: database, home: home).add(to: ingestRouter)
        // Enforcers' held polls here wake for changes other hubs on the same store make too.
        database.followOtherHubs()
        let ingestApp = Application(
            router: ingestRouter,
            server: try .tls(configuration: ingestTLS()),
            configuration: .init(address: .hostname(ingest.host, port: ingest.port), serverName: "vigil-hub"),
            onServerRunning: { channel in
                ingestPort.set(channel.localAddress?.port ?? 0)
                await onRunning("ingest", channel.localAddress?.port ?? 0)
            },
            logger: logger)

        let apiRouter = Router(context: HubRequestContext.self)
        apiRouter.add(middleware: UnexpectedErrorLog())
        apiRouter.add(middleware: CanonicalPathGuard())
        apiRouter.add(middleware: MethodGuard(document: OpenAPIDocument.bytes))
        let ingestHost = ingest.host
        HubRoutes(
            home: home, database: database, enroller: Enroller(home: home, database: database), metrics: metrics,
            ingestURL: { request in
                // Sensors reach ingest at the host they reached the API at, on the ingest port.
                let host = ingestHost == "0.0.0.0" || ingestHost == "::" ? Self.host(of: request) : ingestHost
                return "https://\(host.contains(":") ? "[\(host)]" : host):\(ingestPort.value)"
            }
        ).add(to: apiRouter)
        ResponseRoutes(home: home, database: database).add(to: apiRouter)
        MapRoutes(database: database).add(to: apiRouter)
        UserRoutes(database: database, users: UserAdministration(database: database, home: home, cost: passwordCost)).add(to: apiRouter)
        let signIn = PasswordSignIn(home: home, database: database, decoy: decoy)
        SessionRoutes(signIn: signIn).add(to: apiRouter)
        try DashboardRoutes(home: home, database: database, signIn: signIn, enroller: Enroller(home: home, database: database))
            .add(to: apiRouter)
        return Application(
            router: apiRouter,
            server: try .tls(tlsConfiguration: serverTLS()),
            configuration: .init(address: .hostname(api.host, port: api.port), serverName: "vigil-hub"),
            services: [
                ingestApp, RetentionService(database: database, retention: retention, logger: logger),
                ResponseExpiryService(database: database, home: home, logger: logger),
            ],
            onServerRunning: { channel in await onRunning("api", channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    static func host(of request: Request) -> String {
        let authority = request.head.authority ?? "localhost"
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        return String(authority.split(separator: ":").first ?? "localhost")
    }

    func serverTLS() throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: try home.serverCertificate.derBytes(), format: .der))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(home.serverKey.derRepresentation), format: .der)))
        tls.minimumTLSVersion = .tlsv12
        return tls
    }

    /// Mutual TLS: the client must present a certificate, and `SensorCertificateCheck`
    /// decides (in place of BoringSSL's own chain check) whether it is an enrolled sensor's.
    func ingestTLS() throws -> TLSChannelConfiguration {
        var tls = try serverTLS()
        tls.certificateVerification = .noHostnameVerification
        tls.trustRoots = .certificates([try NIOSSLCertificate(bytes: try home.authority.certificate.derBytes(), format: .der)])
        let check = SensorCertificateCheck(authority: home.authority, database: database)
        return TLSChannelConfiguration(tlsConfiguration: tls, customAsyncVerificationCallback: { chain in await check.verify(chain) })
    }
}
