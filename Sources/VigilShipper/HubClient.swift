import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import VigilCore

/// HTTPS to the hub with a given TLS configuration; one per use, shut down after.
struct HubClient: Sendable {
    let client: HTTPClient

    init(tls: TLSConfiguration) {
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(60))
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Sends one request; the answer's status and body (at most 1 MiB).
    func send(_ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: [UInt8]? = nil) async throws -> (
        status: Int, body: [UInt8]
    ) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, timeout: .seconds(90))
        let answer = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), Array(answer.readableBytesView))
    }

    func shutdown() async { try? await client.shutdown() }

    /// The `detail` of an RFC 9457 problem document, or the body as text.
    static func reason(_ body: [UInt8]) -> String {
        if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any], let detail = object["detail"] as? String {
            return detail
        }
        return String(decoding: body.prefix(500), as: UTF8.self)
    }
}
