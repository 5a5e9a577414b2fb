import Foundation
import Hummingbird

/// JSON responses with sorted keys, so that the same state gives the same bytes.
enum JSONBody {
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    /// One JSON object's text.
    static func object(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Rows that are already JSON objects' text, as a page: `{"items":[…],"next":CURSOR}`.
    static func page(items: [String], next: String?) -> Response {
        var text = #"{"items":["# + items.joined(separator: ",") + "]"
        if let next {
            let quoted = (try? JSONEncoder().encode(next)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
            text += #","next":"# + quoted
        }
        text += "}"
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
