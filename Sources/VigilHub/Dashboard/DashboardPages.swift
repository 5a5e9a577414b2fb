import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// The dashboard's templates (swift-mustache, shipped in the bundle's `dashboard` folder) and
/// how a page goes out: HTML with a Content-Security-Policy that allows the hub's own style
/// sheet and nothing else: no script, no inline style, no other origin, no framing. Templates
/// escape every value they print (`{{name}}`); the only unescaped value is the map's SVG, which
/// `MapSVG` escapes itself.
struct DashboardPages: Sendable {
    let library: MustacheLibrary

    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy:
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        .xContentTypeOptions: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
        .cacheControl: "no-store",
    ]

    init() throws {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("dashboard") else {
            throw HubProblem(.internalServerError, "Dashboard missing", detail: "the dashboard templates are not in the bundle")
        }
        var library = MustacheLibrary()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            try library.register(text, named: String(name.dropLast(".mustache".count)))
        }
        self.library = library
    }

    static var styleSheet: Data {
        (try? Data(contentsOf: Bundle.module.resourceURL!.appendingPathComponent("dashboard/vigil.css"))) ?? Data()
    }

    /// `template` filled with `values`, plus what every page's header needs (the signed-in
    /// user, their role, the CSRF token for the sign-out form).
    func page(
        _ template: String, title: String, _ values: [String: Any], context: HubRequestContext, status: HTTPResponse.Status = .ok
    ) -> Response {
        var all = values
        all["title"] = title
        if let caller = context.caller {
            all["user"] = [
                "name": caller.name, "role": caller.role.rawValue, "isAdmin": caller.role >= .admin, "isAnalyst": caller.role >= .analyst,
            ]
        }
        all["csrf"] = context.csrf ?? ""
        let html = library.render(all, withTemplate: template) ?? "template \(template) is missing"
        var headers = Self.securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func refusal(_ status: HTTPResponse.Status, _ title: String, detail: String, context: HubRequestContext) -> Response {
        page("refusal", title: title, ["detail": detail], context: context, status: status)
    }

    /// See Other: after a form post, the browser fetches the page with GET (no resubmission).
    static func redirect(to location: String) -> Response {
        var headers = securityHeaders
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }
}
