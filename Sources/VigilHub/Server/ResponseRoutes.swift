import Foundation
import Hummingbird
import VigilHubWire
import VigilResponse

/// The response API, by the role each route needs:
///
///     GET  /api/v1/actions                 viewer    ?state=&alert=&after=&limit=
///     GET  /api/v1/actions/{id}            viewer
///     GET  /api/v1/ruleset                 viewer    the nftables script in force, as enforcers get it
///     POST /api/v1/actions                 analyst   ask for an action (it waits for approval)
///     POST /api/v1/actions/{id}/rollback   analyst   end an action in force before its time
///     POST /api/v1/actions/{id}/approve    admin
///     POST /api/v1/actions/{id}/reject     admin
///     POST /api/v1/actions/{id}/renew      admin     its full duration again from now
///
/// A request that is well formed but cannot be done (an action already decided, a group
/// address) is answered 409 with the reason.
struct ResponseRoutes: Sendable {
    let home: HubHome
    let database: HubDatabase

    func add(to router: Router<HubRequestContext>) {
        let viewer = router.group("/api/v1").add(middleware: TokenAuthenticator(database: database, minimum: .viewer))
        viewer.get("actions") { request, _ in
            let limit = try HubRoutes.limit(request)
            var filter = ActionFilter()
            if let states = request.uri.queryParameters["state"] {
                filter.states = try states.split(separator: ",", omittingEmptySubsequences: false).map { name in
                    guard let state = ResponseAction.State(rawValue: String(name)) else {
                        let known = ResponseAction.State.allCases.map(\.rawValue).joined(separator: ", ")
                        throw HubProblem(.badRequest, "Unknown state", detail: "\(name): states are \(known)")
                    }
                    return state
                }
            }
            if let text = request.uri.queryParameters["alert"] {
                guard let alert = Int64(text), alert > 0 else {
                    throw HubProblem(.badRequest, "Bad alert", detail: "alert ids are numbers")
                }
                filter.alert = alert
            }
            let page = try await database.actions(filter, after: try HubRoutes.after(request), limit: limit)
            return JSONBody.page(
                items: try page.map { try Self.json($0) }, next: page.count == limit ? page.last.map { String($0.id) } : nil)
        }
        viewer.get("actions/:id") { _, context in
            try JSONBody.response(ActionJSON(try await found(context)))
        }
        viewer.get("ruleset") { _, _ in
            let (version, actions) = try await database.actionsInForce()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: NftRuleset.script(actions: actions, version: version, now: HubDatabase.now()))))
        }

        let analyst = router.group("/api/v1").add(middleware: TokenAuthenticator(database: database, minimum: .analyst))
        analyst.post("actions") { request, context in
            let body = try await request.body.collect(upTo: 64 << 10)
            guard let asked = try? JSONDecoder().decode(ActionRequestBody.self, from: Data(buffer: body)) else {
                throw HubProblem(
                    .badRequest, "Not an action request", detail: #"send JSON such as {"kind":"block-host","address":"10.0.0.5"}"#)
            }
            let request = try Self.request(asked)
            let action = try await database.request(request, by: context.caller?.name ?? "?", key: home.auditKey)
            return try JSONBody.response(ActionJSON(action), status: .created)
        }
        analyst.post("actions/:id/rollback") { request, context in
            try await change(context, note: try await Self.note(request)) { id, actor, note in
                try await database.end(id, renew: false, by: actor, note: note, key: home.auditKey)
            }
        }

        let admin = router.group("/api/v1").add(middleware: TokenAuthenticator(database: database, minimum: .admin))
        for (verb, approve) in [("approve", true), ("reject", false)] {
            admin.post("actions/:id/\(verb)") { request, context in
                try await change(context, note: try await Self.note(request)) { id, actor, note in
                    try await database.decide(id, approve: approve, by: actor, note: note, key: home.auditKey)
                }
            }
        }
        admin.post("actions/:id/renew") { request, context in
            try await change(context, note: try await Self.note(request)) { id, actor, note in
                try await database.end(id, renew: true, by: actor, note: note, key: home.auditKey)
            }
        }
    }

    private func found(_ context: HubRequestContext) async throws -> ResponseAction {
        guard let id = Int64(try context.parameters.require("id")), let action = try await database.action(id) else {
            throw HubProblem(.notFound, "No such action", detail: "no action has that id")
        }
        return action
    }

    /// Runs a state change; 404 when there is no such action, 409 when its state does not allow it.
    private func change(
        _ context: HubRequestContext, note: String,
        _ make: (Int64, String, String) async throws -> ResponseAction?
    ) async throws -> Response {
        let action = try await found(context)
        guard let changed = try await make(action.id, context.caller?.name ?? "?", note) else {
            throw HubProblem(.conflict, "Not possible now", detail: "action \(action.id) is \(action.state.rawValue)")
        }
        return try JSONBody.response(ActionJSON(changed))
    }

    /// An optional `{"note":"…"}` body: why the action was approved, rejected or ended.
    static func note(_ request: Request) async throws -> String {
        let body = try await request.body.collect(upTo: 16 << 10)
        guard body.readableBytes > 0 else { return "" }
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
            Set(object.keys).isSubset(of: ["note"]), let note = (object["note"] ?? "") as? String, note.utf8.count <= 1024
        else { throw HubProblem(.badRequest, "Not a note", detail: #"send nothing, or {"note":"why"} (at most 1 KiB)"#) }
        return note
    }

    static func request(_ body: ActionRequestBody) throws -> ActionRequest {
        guard let kind = ResponseAction.Kind(rawValue: body.kind) else {
            let kinds = ResponseAction.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw HubProblem(.badRequest, "Unknown kind", detail: "kinds are \(kinds)")
        }
        var request = ActionRequest(kind: kind, address: body.address)
        request.peer = body.peer
        request.allowed = body.allowed ?? []
        request.rate = body.rate
        request.alert = body.alert
        request.duration = body.duration ?? 3600
        request.reason = body.reason ?? ""
        if let register = body.register {
            guard let table = RegisterRestore.Table(rawValue: register.table) else {
                throw HubProblem(.badRequest, "Unknown register table", detail: "holding_register or coil")
            }
            request.register = Playbook.RegisterTemplate(
                port: register.port ?? 502, unit: register.unit, table: table, address: register.address, value: register.value)
        }
        switch request.checked() {
        case .success(let checked): return checked
        case .failure(let error): throw HubProblem(.conflict, "Cannot act so", detail: error.message)
        }
    }

    static func json(_ action: ResponseAction) throws -> String {
        String(decoding: try JSONEncoder().encode(ActionJSON(action)), as: UTF8.self)
    }
}
