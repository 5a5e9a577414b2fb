import Foundation

/// The API's OpenAPI 3.1 document (Resources/openapi.json), committed beside the code and
/// checked against the routes by the tests and by schemathesis.
enum OpenAPIDocument {
    static let bytes: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else {
            return Data("{}".utf8)
        }
        return data
    }()
}
