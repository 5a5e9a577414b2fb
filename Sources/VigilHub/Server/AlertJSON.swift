import Foundation

/// An alert as the API serves it: its fields, and the notice row as a JSON object (not a string
/// holding JSON), so a client reads `row.evidence` directly.
enum AlertJSON {
    static func object(_ alert: AlertRecord, comments: [AlertComment]? = nil) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var withoutRow = alert
        withoutRow.row = ""
        var text = String(decoding: (try? encoder.encode(withoutRow)) ?? Data("{}".utf8), as: UTF8.self)
        // The encoded object ends with `"row":"",…}`: replace the empty string by the row.
        text = text.replacingOccurrences(of: #""row":"""#, with: #""row":"# + alert.row)
        if let comments {
            let list = String(decoding: (try? encoder.encode(comments)) ?? Data("[]".utf8), as: UTF8.self)
            text = String(text.dropLast()) + #","comments":"# + list + "}"
        }
        return text
    }
}
