import Foundation
import Hummingbird
import VigilHubWire

/// The hub's API routes (the listener with a server certificate only), by the role each needs:
///
///     GET  /ca.pem                          anyone: the authority is public
///     GET  /openapi.json                    anyone: this list, as an OpenAPI 3.1 document
///     POST /api/v1/enroll                   anyone holding a one-time enrolment token
///     GET  /api/v1/metrics                  viewer    Prometheus text (HubMetrics)
///     GET  /api/v1/sensors                  viewer
///     GET  /api/v1/assets                   viewer    ?after=KEY&limit=N
///     GET  /api/v1/events/{log}             viewer    ?after=ID&limit=N (conn, notice, weird, …)
///     GET  /api/v1/audit/head               viewer    the newest signed tree head
///     GET  /api/v1/audit/entries            viewer
///     GET  /api/v1/alerts                   viewer    ?state=&level=&rule=&sensor=&address=&after=&limit=
///     GET  /api/v1/alerts/{id}              viewer    with its comments
///     PATCH /api/v1/alerts/{id}             analyst   {"state":…, "assignee":…, "comment":…}
///     POST /api/v1/enroll-tokens            admin     ?lifetime=SECONDS
///     POST /api/v1/sensors/{name}/revoke    admin
struct HubRoutes: Sendable {
    let home: HubHome
    let database: HubDatabase
    let enroller: Enroller
    let metrics: HubMetrics
    /// How sensors reach the ingest listener, as enrolment answers it.
    let ingestURL: @Sendable (Request) -> String

    func add(to router: Router<HubRequestContext>) {
        router.get("/ca.pem") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/x-pem-file"],
                body: .init(byteBuffer: ByteBuffer(string: home.authority.pem)))
        }
        router.get("/openapi.json") { _, _ in
            JSONBody.object(String(decoding: OpenAPIDocument.bytes, as: UTF8.self))
        }
        router.post("/api/v1/enroll") { request, context in
            let body = try await request.body.collect(upTo: 64 << 10)
            guard let enrollment = try? JSONDecoder().decode(EnrollmentRequest.self, from: Data(buffer: body)) else {
                throw HubProblem(.badRequest, "Not an enrolment request", detail: "send JSON with token, name and csr")
            }
            switch try await enroller.enroll(enrollment, ingestURL: ingestURL(request)) {
            case .success(let response): return try JSONBody.response(response, status: .created)
            case .failure(let error): throw HubProblem(.forbidden, "Enrolment refused", detail: error.description)
            }
        }
        let viewer = router.group("/api/v1").add(middleware: TokenAuthenticator(database: database, minimum: .viewer))
        viewer.get("sensors") { _, _ in try JSONBody.response(try await database.sensors().map(SensorSummary.init)) }
        viewer.get("assets") { request, _ in
            let limit = try Self.limit(request)
            let page = try await database.assets(after: request.uri.queryParameters["after"].map(String.init) ?? "", limit: limit)
            let items = page.map { #"{"key":\#(Self.quoted($0.key)),"sensors":\#(Self.quotedList($0.sensors)),"asset":\#($0.document)}"# }
            return JSONBody.page(items: items, next: page.count == limit ? page.last?.key : nil)
        }
        viewer.get("events/:log") { request, context in
            let log = try context.parameters.require("log")
            guard (1...64).contains(log.utf8.count), log.utf8.allSatisfy(ShippedRecord.isLogNameByte) else {
                throw HubProblem(.badRequest, "Not a log name", detail: "log names are letters, digits and _ (conn, notice, modbus, …)")
            }
            let limit = try Self.limit(request)
            let page = try await database.events(log: log, after: try Self.after(request), limit: limit)
            let items = page.map { #"{"id":\#($0.id),"sensor":\#(Self.quoted($0.sensor)),"row":\#($0.row)}"# }
            return JSONBody.page(items: items, next: page.count == limit ? page.last.map { String($0.id) } : nil)
        }
        viewer.get("audit/head") { _, _ in
            guard let head = try await database.treeHeads().last else {
                throw HubProblem(.notFound, "No audit entries yet", detail: "the audit log is empty")
            }
            return try JSONBody.response(TreeHeadBody(head))
        }
        viewer.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: metrics.text))
            )
        }
        viewer.get("audit/entries") { _, _ in try JSONBody.response(try await database.auditEntries()) }
        viewer.get("alerts") { request, _ in
            let limit = try Self.limit(request)
            let page = try await database.alerts(try Self.alertFilter(request), after: try Self.after(request), limit: limit)
            return JSONBody.page(
                items: page.map { AlertJSON.object($0) }, next: page.count == limit ? page.last.map { String($0.id) } : nil)
        }
        viewer.get("alerts/:id") { _, context in
            guard let id = Int64(try context.parameters.require("id")), let found = try await database.alert(id) else {
                throw HubProblem(.notFound, "No such alert", detail: "no alert has that id")
            }
            return JSONBody.object(AlertJSON.object(found.alert, comments: found.comments))
        }

        let analyst = router.group("/api/v1").add(middleware: TokenAuthenticator(database: database, minimum: .analyst))
        analyst.patch("alerts/:id") { request, context in
            guard let id = Int64(try context.parameters.require("id")) else {
                throw HubProblem(.notFound, "No such alert", detail: "alert ids are numbers")
            }
            let body = try await request.body.collect(upTo: 64 << 10)
            // A field the API does not know, or one that is not a string (null included), is
            // refused, not ignored: a misspelt "stat" must not silently change nothing.
            let fields = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
            guard let fields, Set(fields.keys).isSubset(of: ["state", "assignee", "comment"]), fields.values.allSatisfy({ $0 is String }),
                let change = try? JSONDecoder().decode(AlertChange.self, from: Data(buffer: body))
            else {
                throw HubProblem(
                    .badRequest, "Not an alert change",
                    detail: #"send JSON such as {"state":"closed","comment":"…"}; states: open, acknowledged, closed"#)
            }
            guard change.state != nil || change.assignee != nil || change.comment != nil else {
                throw HubProblem(.badRequest, "Nothing to change", detail: "give a state, an assignee or a comment")
            }
            // Blank means spaces, tabs and line breaks only, as the document's pattern says.
            if let comment = change.comment, comment.utf8.allSatisfy({ [0x20, 0x09, 0x0D, 0x0A].contains($0) }) {
                throw HubProblem(.badRequest, "Blank comment", detail: "a comment says something")
            }
            if change.state == .closed, change.comment == nil {
                throw HubProblem(.badRequest, "A comment is needed", detail: "say why the alert is closed (comment)")
            }
            if let assignee = change.assignee, assignee.count > 64 {
                throw HubProblem(.badRequest, "Assignee too long", detail: "a name of at most 64 characters")
            }
            if let comment = change.comment, comment.utf8.count > 8_192 {
                throw HubProblem(.badRequest, "Comment too long", detail: "at most 8 KiB")
            }
            guard let updated = try await database.change(alert: id, change, by: context.caller?.name ?? "?", key: home.auditKey) else {
                throw HubProblem(.notFound, "No such alert", detail: "no alert has that id")
            }
            return JSONBody.object(AlertJSON.object(updated))
        }

        let admin = router.group("/api/v1").add(middleware: TokenAuthenticator(database: database, minimum: .admin))
        admin.post("enroll-tokens") { request, context in
            let text = request.uri.queryParameters["lifetime"].map(String.init) ?? "3600"
            guard let lifetime = Double(text), lifetime > 0, lifetime <= 30 * 86_400 else {
                throw HubProblem(.badRequest, "Bad lifetime", detail: "a token lives between 1 second and 30 days")
            }
            let token = try await enroller.makeToken(lifetime: lifetime, actor: context.caller?.name ?? "?")
            return try JSONBody.response(["token": token.description], status: .created)
        }
        admin.post("sensors/:name/revoke") { _, context in
            let name = try context.parameters.require("name")
            guard try await database.revoke(name) else {
                throw HubProblem(.notFound, "No such sensor", detail: "no enrolled, unrevoked sensor is named \(name)")
            }
            try await database.appendAudit(
                actor: context.caller?.name ?? "?", action: "revoke", subject: name, detail: "through the API", key: home.auditKey)
            return Response(status: .noContent)
        }
    }

    /// `?after=ID`: the last id of the previous page (0, or absent, for the first).
    static func after(_ request: Request) throws -> Int64 {
        guard let text = request.uri.queryParameters["after"] else { return 0 }
        guard let id = Int64(text), id >= 0 else {
            throw HubProblem(.badRequest, "Bad cursor", detail: "after is the last id of the previous page")
        }
        return id
    }

    /// `?state=open,acknowledged&level=high,critical&rule=ID&sensor=NAME&address=IP`.
    static func alertFilter(_ request: Request) throws -> AlertFilter {
        let query = request.uri.queryParameters
        var filter = AlertFilter()
        if let states = query["state"] {
            filter.states = try states.split(separator: ",", omittingEmptySubsequences: false).map { name in
                guard let state = AlertRecord.State(rawValue: String(name)) else {
                    throw HubProblem(.badRequest, "Unknown state", detail: "\(name): states are open, acknowledged, closed")
                }
                return state
            }
        }
        if let levels = query["level"] { filter.levels = levels.split(separator: ",").map(String.init) }
        filter.rule = query["rule"].map(String.init)
        filter.sensor = query["sensor"].map(String.init)
        filter.address = query["address"].map(String.init)
        return filter
    }

    /// `?limit=N`, 1 to 1000 (default 100); anything else is refused, not silently changed.
    static func limit(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters["limit"] else { return 100 }
        guard let limit = Int(text), (1...1000).contains(limit) else {
            throw HubProblem(.badRequest, "Bad limit", detail: "limit is a number from 1 to 1000")
        }
        return limit
    }

    static func quoted(_ text: String) -> String {
        (try? JSONEncoder().encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }

    static func quotedList(_ texts: [String]) -> String { "[" + texts.map(quoted).joined(separator: ",") + "]" }
}

/// A sensor as the API lists it.
struct SensorSummary: Encodable {
    var name: String
    var enrolled: Double
    var revoked: Double?
    var lastSequence: UInt64
    var lastBatch: Double?
    var missingBatches: UInt64

    init(_ record: SensorRecord) {
        name = record.name
        enrolled = record.enrolled
        revoked = record.revoked
        lastSequence = record.lastSequence
        lastBatch = record.lastBatch
        missingBatches = record.missingBatches
    }

    enum CodingKeys: String, CodingKey {
        case name, enrolled, revoked
        case lastSequence = "last_sequence"
        case lastBatch = "last_batch"
        case missingBatches = "missing_batches"
    }
}

/// A signed tree head as the API serves it (hashes and signature in base64).
struct TreeHeadBody: Encodable {
    var size: Int
    var root: String
    var time: Int64
    var signature: String

    init(_ head: AuditTreeHead) {
        size = head.size
        root = Data(head.root).base64EncodedString()
        time = head.time
        signature = Data(head.signature).base64EncodedString()
    }
}
