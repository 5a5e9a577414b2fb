import Foundation
import Hummingbird
import VigilHubWire
import VigilMap
import VigilResponse

/// The dashboard: server-rendered pages for people, under /ui, signed in with a password.
///
///     GET  /                     → /ui
///     GET  /ui/static/vigil.css  anyone    the style sheet
///     GET  /ui/sign-in, POST     anyone    the sign-in form (5 failures lock a name for 15 minutes)
///     POST /ui/sign-out          viewer
///     GET  /ui                   viewer    overview: devices by level, zone and role; alerts; vulnerable devices; sensors
///     GET  /ui/assets            viewer    ?q=&band=&zone=&role=&protocol=&sensor=&sort=&page=
///     GET  /ui/asset?key=K       viewer    one device: identity with evidence, traffic, history, alerts
///     GET  /ui/map               viewer    ?protocol=&zone=: the communication map
///     GET  /ui/alerts            viewer    ?state=&level=&rule=&address=&sensor=&after=
///     GET  /ui/alert?id=N        viewer    one alert, its evidence and comments
///     POST /ui/alert?id=N        analyst   acknowledge, assign, close with a comment
///     POST /ui/asset/level?key=K analyst   set the device's Purdue level by hand, or give it back to its traffic
///     GET  /ui/actions           viewer    response: waiting for approval, in force, ended; enforcers
///     POST /ui/actions/request   analyst   ask for a block, quarantine or rate-limit (back to the alert when from one)
///     POST /ui/actions/rollback?id=N   analyst   end an action in force
///     POST /ui/actions/decide?id=N     admin     approve, reject or renew (form field verb)
///     GET  /ui/admin             admin     sensors, users, enrolment
///     POST /ui/admin/enroll-token, /ui/admin/revoke   admin
///     POST /ui/admin/users/add, /ui/admin/users/remove  admin   a new user (password typed twice), or one removed
struct DashboardRoutes: Sendable {
    let home: HubHome
    let database: HubDatabase
    let signIn: PasswordSignIn
    let enroller: Enroller
    let pages: DashboardPages

    static let signInCookie = "vigil_sign_in"

    init(home: HubHome, database: HubDatabase, signIn: PasswordSignIn, enroller: Enroller) throws {
        self.home = home
        self.database = database
        self.signIn = signIn
        self.enroller = enroller
        self.pages = try DashboardPages()
    }

    func add(to router: Router<HubRequestContext>) {
        let css = Self.styleSheet
        router.get("/") { _, _ in DashboardPages.redirect(to: "/ui") }
        // Browsers ask for an icon on every site; there is none, and saying so quietly keeps
        // their consoles free of errors.
        router.get("/favicon.ico") { _, _ in Response(status: .noContent, headers: DashboardPages.securityHeaders) }
        router.get("/ui/static/vigil.css") { _, _ in
            var headers = DashboardPages.securityHeaders
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "max-age=3600"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: css)))
        }
        addSignIn(to: router)

        let viewer = router.group("/ui").add(middleware: DashboardSession(database: database, minimum: .viewer, pages: pages))
        viewer.get { _, context in pages.page("overview", title: "Overview", try await OverviewView.values(database), context: context) }
        viewer.post("sign-out") { request, _ in
            if let cookie = request.cookies[SessionRoutes.cookieName]?.value {
                try await database.closeSession(digest: SessionRoutes.digest(cookie))
            }
            var response = DashboardPages.redirect(to: "/ui/sign-in")
            response.setCookie(SessionRoutes.cookie(""))
            return response
        }
        viewer.get("assets") { request, context in
            let query = AssetsView.query(request)
            return pages.page("assets", title: "Assets", try await AssetsView.values(query, database), context: context)
        }
        viewer.get("asset") { request, context in
            let key = request.uri.queryParameters["key"].map(String.init) ?? ""
            guard let values = try await AssetView.values(key: key, database) else {
                return pages.refusal(.notFound, "No such asset", detail: "No device is stored under \(key).", context: context)
            }
            return pages.page("asset", title: values["name"] as? String ?? key, values, context: context)
        }
        viewer.get("map") { request, context in
            let values = try await MapView.values(request, database)
            return pages.page("map", title: "Communication map", values, context: context)
        }
        viewer.get("alerts") { request, context in
            pages.page("alerts", title: "Alerts", try await AlertsView.values(request, database), context: context)
        }
        viewer.get("alert") { request, context in
            try await alertPage(request, context: context)
        }
        viewer.get("actions") { _, context in
            pages.page("actions", title: "Response", try await ActionsView.values(database), context: context)
        }

        let analyst = router.group("/ui").add(middleware: DashboardSession(database: database, minimum: .analyst, pages: pages))
        analyst.post("alert") { request, context in
            guard let id = request.uri.queryParameters["id"].flatMap({ Int64($0) }) else {
                return pages.refusal(.notFound, "No such alert", detail: "Alert ids are numbers.", context: context)
            }
            switch AlertView.change(from: context.form) {
            case .failure(let problem):
                return try await alertPage(request, context: context, error: problem.description, status: .badRequest)
            case .success(let change):
                guard try await database.change(alert: id, change, by: context.caller?.name ?? "?", key: home.auditKey) != nil else {
                    return pages.refusal(.notFound, "No such alert", detail: "No alert has id \(id).", context: context)
                }
                return DashboardPages.redirect(to: "/ui/alert?id=\(id)")
            }
        }

        analyst.post("asset/level") { request, context in
            let key = request.uri.queryParameters["key"].map(String.init) ?? ""
            let text = context.form["level"] ?? ""
            let level = Int(text)
            guard text.isEmpty || (level.map { (0...5).contains($0) } ?? false) else {
                return pages.refusal(.badRequest, "Not a level", detail: "Purdue levels run from 0 to 5.", context: context)
            }
            guard try await database.setLevel(asset: key, to: level, by: context.caller?.name ?? "?", key: home.auditKey) else {
                return pages.refusal(.notFound, "No such asset", detail: "No device is stored under \(key).", context: context)
            }
            return DashboardPages.redirect(to: DashboardText.assetLink(key))
        }

        analyst.post("actions/request") { request, context in
            switch ActionsView.request(from: context.form) {
            case .failure(let problem):
                if let alert = context.form["alert"], request.uri.queryParameters["from"] == "alert" {
                    return try await alertPage(id: Int64(alert), context: context, error: problem.description, status: .badRequest)
                }
                var values = try await ActionsView.values(database)
                values["error"] = problem.description
                return pages.page("actions", title: "Response", values, context: context, status: .badRequest)
            case .success(let asked):
                let action = try await database.request(asked, by: context.caller?.name ?? "?", key: home.auditKey)
                if request.uri.queryParameters["from"] == "alert", let alert = asked.alert {
                    return DashboardPages.redirect(to: "/ui/alert?id=\(alert)#action-\(action.id)")
                }
                return DashboardPages.redirect(to: "/ui/actions#action-\(action.id)")
            }
        }
        analyst.post("actions/rollback") { request, context in
            try await changeAction(request, context: context) { id, actor in
                try await database.end(id, renew: false, by: actor, note: context.form["note"] ?? "", key: home.auditKey)
            }
        }

        let admin = router.group("/ui").add(middleware: DashboardSession(database: database, minimum: .admin, pages: pages))
        admin.post("actions/decide") { request, context in
            let note = String((context.form["note"] ?? "").prefix(1024))
            switch context.form["verb"] {
            case "approve", "reject":
                let approve = context.form["verb"] == "approve"
                return try await changeAction(request, context: context) { id, actor in
                    try await database.decide(id, approve: approve, by: actor, note: note, key: home.auditKey)
                }
            case "renew":
                return try await changeAction(request, context: context) { id, actor in
                    try await database.end(id, renew: true, by: actor, note: note, key: home.auditKey)
                }
            default:
                return pages.refusal(.badRequest, "Not a decision", detail: "Approve, reject or renew.", context: context)
            }
        }
        admin.get("admin") { _, context in
            pages.page("admin", title: "Administration", try await AdminView.values(database), context: context)
        }
        admin.post("admin/enroll-token") { _, context in
            let hours = Double(context.form["hours"] ?? "") ?? 1
            guard hours > 0, hours <= 720 else {
                return pages.refusal(
                    .badRequest, "Bad lifetime", detail: "A token lives from a few minutes to 720 hours.", context: context)
            }
            let token = try await enroller.makeToken(lifetime: hours * 3600, actor: context.caller?.name ?? "?")
            var values = try await AdminView.values(database)
            values["token"] = token.description
            values["tokenHours"] = context.form["hours"] ?? "1"
            return pages.page("admin", title: "Administration", values, context: context)
        }
        let users = UserAdministration(database: database, home: home, cost: signIn.decoy.cost)
        admin.post("admin/users/add") { _, context in
            switch NewUser.read(form: context.form) {
            case .failure(let problem):
                return try await adminPage(context: context, error: problem.description, status: .badRequest)
            case .success(let user):
                guard try await users.add(user, by: context.caller?.name ?? "?", via: "through the dashboard") else {
                    return try await adminPage(context: context, error: "A user named \(user.name) exists already.", status: .conflict)
                }
                return DashboardPages.redirect(to: "/ui/admin#users")
            }
        }
        admin.post("admin/users/remove") { _, context in
            let name = context.form["name"] ?? ""
            switch try await users.remove(name, by: context.caller?.name ?? "?", via: "through the dashboard") {
            case .removed: return DashboardPages.redirect(to: "/ui/admin#users")
            case .yourself:
                return try await adminPage(context: context, error: "You cannot remove yourself; another admin can.", status: .conflict)
            case .noSuchUser: return pages.refusal(.notFound, "No such user", detail: "No user is named \(name).", context: context)
            }
        }
        admin.post("admin/revoke") { _, context in
            let name = context.form["sensor"] ?? ""
            guard try await database.revoke(name) else {
                return pages.refusal(
                    .notFound, "No such sensor", detail: "No enrolled, unrevoked sensor is named \(name).", context: context)
            }
            try await database.appendAudit(
                actor: context.caller?.name ?? "?", action: "revoke", subject: name, detail: "through the dashboard", key: home.auditKey)
            return DashboardPages.redirect(to: "/ui/admin")
        }
    }

    func adminPage(context: HubRequestContext, error: String, status: HTTPResponse.Status) async throws -> Response {
        var values = try await AdminView.values(database)
        values["userError"] = error
        return pages.page("admin", title: "Administration", values, context: context, status: status)
    }

    func alertPage(
        _ request: Request, context: HubRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        try await alertPage(id: request.uri.queryParameters["id"].flatMap({ Int64($0) }), context: context, error: error, status: status)
    }

    func alertPage(id: Int64?, context: HubRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response
    {
        guard let id, let found = try await database.alert(id) else {
            return pages.refusal(.notFound, "No such alert", detail: "No alert has that id.", context: context)
        }
        var values = AlertView.values(found.alert, comments: found.comments)
        var filter = ActionFilter()
        filter.alert = id
        let actions = try await database.actions(filter, limit: 100)
        values["actions"] = actions.map { ActionsView.row($0, now: HubDatabase.now()) }
        values["hasActions"] = !actions.isEmpty
        values["offers"] = ActionsView.offers(source: found.alert.source, destination: found.alert.destination)
        values["error"] = error
        return pages.page("alert", title: "Alert \(id)", values, context: context, status: status)
    }

    /// Runs an action's change from a form; back to the response page, or a refusal saying why not.
    func changeAction(
        _ request: Request, context: HubRequestContext, _ make: (Int64, String) async throws -> ResponseAction?
    ) async throws -> Response {
        guard let id = request.uri.queryParameters["id"].flatMap({ Int64($0) }), let action = try await database.action(id) else {
            return pages.refusal(.notFound, "No such action", detail: "No action has that id.", context: context)
        }
        guard try await make(id, context.caller?.name ?? "?") != nil else {
            return pages.refusal(.conflict, "Not possible now", detail: "Action \(id) is \(action.state.rawValue).", context: context)
        }
        return DashboardPages.redirect(to: "/ui/actions#action-\(id)")
    }

    /// The sign-in form carries a token of its own, matched against a cookie set with the
    /// form, so that another site cannot sign a browser in under the attacker's account.
    func addSignIn(to router: Router<HubRequestContext>) {
        router.get("/ui/sign-in") { _, context in
            signInForm(context: context)
        }
        router.post("/ui/sign-in") { request, context in
            let body = try await request.body.collect(upTo: 16 << 10)
            let form = FormBody.parse(String(buffer: body))
            guard let sent = form["csrf"], let expected = request.cookies[Self.signInCookie]?.value,
                TokenAuthenticator.equal(sent, expected)
            else {
                return signInForm(context: context, error: "The form had expired. Please sign in again.", status: .forbidden)
            }
            let name = form["name"] ?? ""
            guard !name.isEmpty, name.count <= 64 else {
                return signInForm(context: context, error: "Give your user name.", status: .badRequest)
            }
            switch try await signIn.attempt(name: name, password: form["password"] ?? "") {
            case .locked:
                var response = signInForm(
                    context: context, error: "Too many failed sign-ins for this name: try again in 15 minutes.", status: .tooManyRequests)
                response.headers[.retryAfter] = String(Int(PasswordSignIn.failureWindow))
                return response
            case .wrong:
                return signInForm(context: context, error: "Wrong name or password.", status: .unauthorized)
            case .signedIn(_, let cookie, _):
                var response = DashboardPages.redirect(to: "/ui")
                response.setCookie(SessionRoutes.cookie(cookie))
                return response
            }
        }
    }

    func signInForm(context: HubRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let token = Hex.random(bytes: 16)
        var values: [String: Any] = ["signInToken": token]
        values["error"] = error
        var response = pages.page("sign-in", title: "Sign in", values, context: context, status: status)
        response.setCookie(
            Cookie(
                name: Self.signInCookie, value: token, maxAge: 3600, path: "/ui/sign-in", secure: true, httpOnly: true, sameSite: .strict))
        return response
    }

    static let styleSheet: [UInt8] = Array(DashboardPages.styleSheet)
}
