import Foundation
import Hummingbird

/// The people who sign in, for programs that manage them (admin only):
///
///     GET    /api/v1/users           [{name, role}]
///     POST   /api/v1/users           {name, role, password} → 201 {name, role}; 409 when the name is taken
///     DELETE /api/v1/users/{name}    204; 404; 409 for the caller's own name
struct UserRoutes: Sendable {
    let database: HubDatabase
    let users: UserAdministration

    struct Body: Decodable {
        var name: String
        var role: String
        var password: String
    }

    func add(to router: Router<HubRequestContext>) {
        let admin = router.group("/api/v1").add(middleware: TokenAuthenticator(database: database, minimum: .admin))
        admin.get("users") { _, _ in
            try JSONBody.response(try await database.users().map { ["name": $0.name, "role": $0.role] })
        }
        admin.post("users") { request, context in
            let body = try await request.body.collect(upTo: 16 << 10)
            let fields = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
            guard let fields, Set(fields.keys).isSubset(of: ["name", "role", "password"]),
                let asked = try? JSONDecoder().decode(Body.self, from: Data(buffer: body))
            else {
                throw HubProblem(.badRequest, "Not a user", detail: #"send JSON such as {"name":"ana","role":"analyst","password":"…"}"#)
            }
            let user: NewUser
            switch NewUser.read(name: asked.name, role: asked.role, password: asked.password) {
            case .success(let read): user = read
            case .failure(let problem): throw HubProblem(.badRequest, "Not a user", detail: problem.description)
            }
            guard try await users.add(user, by: context.caller?.name ?? "?", via: "through the API") else {
                throw HubProblem(.conflict, "Name taken", detail: "a user named \(user.name) exists already")
            }
            return try JSONBody.response(["name": user.name, "role": user.role.rawValue], status: .created)
        }
        admin.delete("users/:name") { _, context in
            let name = try context.parameters.require("name")
            switch try await users.remove(name, by: context.caller?.name ?? "?", via: "through the API") {
            case .removed: return Response(status: .noContent)
            case .noSuchUser: throw HubProblem(.notFound, "No such user", detail: "no user is named \(name)")
            case .yourself: throw HubProblem(.conflict, "Not yourself", detail: "another admin removes you")
            }
        }
    }
}
