import Foundation
import Hummingbird

/// An error as RFC 9457 problem details (`application/problem+json`): a status, a short title
/// and a detail that says what to change.
public struct HubProblem: HTTPResponseError {
    public var status: HTTPResponse.Status
    public var title: String
    public var detail: String

    public init(_ status: HTTPResponse.Status, _ title: String, detail: String) {
        self.status = status
        self.title = title
        self.detail = detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let object: [String: Any] = ["type": "about:blank", "status": status.code, "title": title, "detail": detail]
        let body = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(
            status: status, headers: [.contentType: "application/problem+json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static let unauthenticated = HubProblem(
        .unauthorized, "Not signed in", detail: "send an API token as `Authorization: Bearer TOKEN` (`vigil hub token NAME` makes one)")
    static func forbidden(_ needed: HubRole) -> HubProblem {
        HubProblem(.forbidden, "Not allowed", detail: "this needs the \(needed.rawValue) role")
    }
}
