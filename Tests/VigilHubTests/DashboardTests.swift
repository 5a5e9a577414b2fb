import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import VigilHub
@testable import VigilHubWire

/// The dashboard in process: who may see and do what, the sign-in form's own token, CSRF on
/// every form, the Content-Security-Policy on every page, and names from the wire escaped.
@Suite struct DashboardTests {
    static let cheap = PasswordHash.Cost(log2N: 10, r: 8, p: 1)

    /// A hub with three users, one sensor that sent a device with a hostile name, a second
    /// device, a conn row between them and two notices.
    static func hub() async throws -> HubFixture {
        let hub = try HubFixture()
        for (name, role) in [("val", HubRole.viewer), ("ana", .analyst), ("root", .admin)] {
            _ = try await hub.database.addUser(name: name, role: role, password: try PasswordHash.make("pw-\(name)", cost: cheap))
        }
        let key = try await hub.enroll("plant-1")
        let records = [
            ShippedRecord(
                log: "asset",
                row:
                    #"{"key":"00:80:f4:00:00:01","mac":"00:80:f4:00:00:01","ips":["10.0.0.1"],"roles":["modbus_server"],"protocols":["modbus"],"identity":{"name":{"value":"<script>alert(1)</script>","evidence":"dhcp host name"},"firmware":{"value":"1.0","evidence":"x"}},"type":{"value":"field_controller","level":1,"evidence":"x"},"first_seen":1.0,"last_seen":2.0}"#
            ),
            ShippedRecord(
                log: "asset",
                row:
                    #"{"key":"10.0.0.9","ips":["10.0.0.9"],"roles":["modbus_client"],"type":{"value":"hmi_or_scada","level":2,"evidence":"x"}}"#
            ),
            ShippedRecord(
                log: "conn",
                row:
                    #"{"ts":1.0,"uid":"C1","id.orig_h":"10.0.0.9","id.orig_p":40000,"id.resp_h":"10.0.0.1","id.resp_p":502,"proto":"tcp","service":"modbus","orig_ip_bytes":100,"resp_ip_bytes":60,"orig_pkts":2,"resp_pkts":1}"#
            ),
            AlertTriageTests.notice(0, level: "high", src: "10.0.0.9"), AlertTriageTests.notice(1, level: "low", src: "10.0.0.8"),
            // A difference from the baseline, as `vigil analyze --baseline` writes it.
            ShippedRecord(
                log: "notice",
                row:
                    #"{"ts":3.0,"note":"Baseline::New_Pair","msg":"10.0.0.66 talks to 10.0.0.1:502, never seen in the baseline","src":"10.0.0.66","dst":"10.0.0.1","rule_id":"baseline","level":"medium"}"#
            ),
        ]
        let batch = try HubFixture.batch("plant-1", sequence: 1, records: records, key: key)
        _ = try await BatchIngest(database: hub.database).accept(sensor: "plant-1", signature: batch.signature, body: batch.body)
        // The same device later reports a new firmware: its identity history keeps the change.
        let update = ShippedRecord(
            log: "asset",
            row:
                #"{"key":"00:80:f4:00:00:01","mac":"00:80:f4:00:00:01","ips":["10.0.0.1"],"identity":{"name":{"value":"<script>alert(1)</script>","evidence":"dhcp host name"},"firmware":{"value":"1.1","evidence":"x"}},"identity_conflicts":[{"field":"name","value":"pump-plc-3","evidence":"dcp NameOfStation","first_seen":1.5}],"identity_changes":[{"field":"serial","old":"S-1","new":"S-2","evidence":"modbus FC43 object 0x05","ts":1.8}],"type":{"value":"field_controller","level":1,"evidence":"x"}}"#
        )
        let second = try HubFixture.batch("plant-1", sequence: 2, records: [update], key: key)
        _ = try await BatchIngest(database: hub.database).accept(sensor: "plant-1", signature: second.signature, body: second.body)
        return hub
    }

    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String
    }

    /// A browser's view: the session cookie it holds and the CSRF token its pages carry.
    struct Browser {
        let client: any TestClientProtocol
        var cookie: String?

        func get(_ uri: String) async throws -> Page {
            try await client.execute(uri: uri, method: .get, headers: cookie.map { [.cookie: $0] } ?? [:]) {
                Page(status: $0.status, headers: $0.headers, body: String(buffer: $0.body))
            }
        }

        func post(_ uri: String, _ form: String, extraCookie: String? = nil) async throws -> Page {
            var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let cookies = [cookie, extraCookie].compactMap { $0 }
            if !cookies.isEmpty { headers[.cookie] = cookies.joined(separator: "; ") }
            return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: form)) {
                Page(status: $0.status, headers: $0.headers, body: String(buffer: $0.body))
            }
        }

        /// Fills the sign-in form as a browser would: the form's token with its cookie.
        static func signIn(_ client: any TestClientProtocol, _ name: String, password: String? = nil) async throws -> (Browser, Page) {
            let form = try await Browser(client: client).get("/ui/sign-in")
            let token = try #require(DashboardTests.hidden("csrf", in: form.body))
            let formCookie = try #require(form.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let page = try await Browser(client: client).post(
                "/ui/sign-in", "csrf=\(token)&name=\(name)&password=\(password ?? "pw-\(name)")", extraCookie: formCookie)
            let cookie = page.headers[.setCookie]?.split(separator: ";").first.map(String.init)
            return (Browser(client: client, cookie: cookie), page)
        }
    }

    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: #"name="\#(name)" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static let pages = ["/ui", "/ui/assets", "/ui/asset?key=00:80:f4:00:00:01", "/ui/map", "/ui/alerts", "/ui/alert?id=2"]

    @Test func signedOutVisitorsAreSentToSignIn() async throws {
        let hub = try await Self.hub()
        try await hub.server(passwordCost: Self.cheap).application(logger: Logger(label: "test")).test(.router) { client in
            for uri in Self.pages + ["/ui/admin"] {
                let page = try await Browser(client: client).get(uri)
                #expect(page.status == .seeOther, "\(uri)")
                #expect(page.headers[.location] == "/ui/sign-in", "\(uri)")
            }
            #expect(try await Browser(client: client).get("/").headers[.location] == "/ui")
            // A form post without a session changes nothing.
            #expect(try await Browser(client: client).post("/ui/alert?id=2", "state=closed&comment=x").status == .seeOther)
        }
    }

    @Test func theSignInFormNeedsItsOwnTokenAndTheRightPassword() async throws {
        let hub = try await Self.hub()
        try await hub.server(passwordCost: Self.cheap).application(logger: Logger(label: "test")).test(.router) { client in
            let forged = try await Browser(client: client).post("/ui/sign-in", "csrf=abc&name=root&password=pw-root")
            #expect(forged.status == .forbidden)
            #expect(forged.headers[.setCookie]?.contains(SessionRoutes.cookieName) != true)
            let (_, wrong) = try await Browser.signIn(client, "root", password: "nope")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.contains("Wrong name or password"))
            let (browser, right) = try await Browser.signIn(client, "root")
            #expect(right.status == .seeOther && right.headers[.location] == "/ui")
            let flags = right.headers[.setCookie] ?? ""
            #expect(flags.contains("HttpOnly") && flags.contains("Secure") && flags.contains("SameSite=Strict"))
            #expect(try await browser.get("/ui").status == .ok)
        }
    }

    @Test func everyPageIsServedUnderAStrictPolicyWithoutScript() async throws {
        let hub = try await Self.hub()
        try await hub.server(passwordCost: Self.cheap).application(logger: Logger(label: "test")).test(.router) { client in
            let (browser, _) = try await Browser.signIn(client, "root")
            for uri in Self.pages + ["/ui/admin", "/ui/sign-in"] {
                let page = try await browser.get(uri)
                #expect(page.status == .ok, "\(uri)")
                let policy = page.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("default-src 'none'") && policy.contains("style-src 'self'"), "\(uri)")
                #expect(!policy.contains("unsafe-inline") && !policy.contains("script-src"), "\(uri)")
                #expect(page.headers[.contentType]?.hasPrefix("text/html") == true, "\(uri)")
                #expect(!page.body.lowercased().contains("<script"), "\(uri)")
                #expect(!page.body.contains(" style="), "\(uri)")
            }
        }
    }

    @Test func namesFromTheWireAreEscapedOnEveryPage() async throws {
        let hub = try await Self.hub()
        try await hub.server(passwordCost: Self.cheap).application(logger: Logger(label: "test")).test(.router) { client in
            let (browser, _) = try await Browser.signIn(client, "val")
            for uri in ["/ui/assets", "/ui/asset?key=00:80:f4:00:00:01", "/ui/map"] {
                let body = try await browser.get(uri).body
                #expect(body.contains("&lt;script&gt;"), "\(uri)")
                #expect(!body.contains("<script>alert"), "\(uri)")
            }
        }
    }

    @Test func pagesShowWhatTheSensorsSent() async throws {
        let hub = try await Self.hub()
        try await hub.server(passwordCost: Self.cheap).application(logger: Logger(label: "test")).test(.router) { client in
            let (browser, _) = try await Browser.signIn(client, "val")
            let overview = try await browser.get("/ui").body
            #expect(overview.contains(#"<span class="count" id="asset-count">2</span>"#))
            #expect(overview.contains("plant-1"))
            let assets = try await browser.get("/ui/assets?band=supervisory").body
            #expect(assets.contains("Devices 1–1 of 1") && assets.contains("10.0.0.9"))
            #expect(try await browser.get("/ui/assets?q=nothing-like-this").body.contains("No device matches."))
            // The zone filter takes a percent-encoded value, as a browser sends it.
            #expect(try await browser.get("/ui/assets?zone=10.0.0.0%2F24").body.contains("Devices 1–2 of 2"))
            let asset = try await browser.get("/ui/asset?key=00:80:f4:00:00:01").body
            #expect(asset.contains("<td>firmware</td><td>1.0</td><td>1.1</td>"))  // identity history: was, became
            // What the sensor saw within its run: another source's value, and a change.
            let conflicts = try #require(asset.range(of: #"id="identity-conflicts""#))
            #expect(asset[conflicts.upperBound...].contains("<td>pump-plc-3</td><td class=\"evidence\">dcp NameOfStation</td>"))
            #expect(asset.contains("<td>serial</td><td>S-1</td><td>S-2</td>"))
            #expect(asset.contains("modbus") && asset.contains("502/tcp"))
            // The baseline deviation is listed as one, not among the device's other alerts.
            let deviations = try #require(asset.range(of: #"id="asset-deviations""#))
            #expect(asset[deviations.upperBound...].contains("<td>New_Pair</td>"))
            #expect(asset[deviations.upperBound...].contains("never seen in the baseline"))
            let map = try await browser.get("/ui/map").body
            #expect(map.contains(#"data-key="00:80:f4:00:00:01""#) && map.contains(#"href="/ui/asset?key=00%3A80%3Af4%3A00%3A00%3A01""#))
            #expect(try await browser.get("/ui/map?protocol=dns").body.contains("0 node(s), 0 link(s)"))
            let zone = try await browser.get("/ui/map?zone=10.0.0.0%2F24")
            #expect(zone.status == .ok && zone.body.contains(#"data-key="00:80:f4:00:00:01""#))
            let alerts = try await browser.get("/ui/alerts?level=high").body
            #expect(alerts.contains("rule 0") && !alerts.contains("rule 1"))
            #expect(try await browser.get("/ui/asset?key=nope").status == .notFound)
        }
    }

    @Test func rolesDecideWhoMayTriageAndAdminister() async throws {
        let hub = try await Self.hub()
        try await hub.server(passwordCost: Self.cheap).application(logger: Logger(label: "test")).test(.router) { client in
            let (viewer, _) = try await Browser.signIn(client, "val")
            let viewerPage = try await viewer.get("/ui/alert?id=2")
            let viewerToken = try #require(Self.hidden("csrf", in: viewerPage.body))
            #expect(!viewerPage.body.contains("nil") && !viewerPage.body.contains("assigned to"))
            #expect(!viewerPage.body.contains(#"id="triage""#))
            #expect(try await viewer.get("/ui/admin").status == .forbidden)
            #expect(!(try await viewer.get("/ui").body.contains("/ui/admin")))
            #expect(try await viewer.post("/ui/alert?id=2", "csrf=\(viewerToken)&state=acknowledged").status == .forbidden)

            let (analyst, _) = try await Browser.signIn(client, "ana")
            let token = try #require(Self.hidden("csrf", in: try await analyst.get("/ui/alert?id=2").body))
            // Without the session's token, or with another session's, a form is refused.
            #expect(try await analyst.post("/ui/alert?id=2", "state=acknowledged").status == .forbidden)
            #expect(try await analyst.post("/ui/alert?id=2", "csrf=\(viewerToken)&state=acknowledged").status == .forbidden)
            let blank = try await analyst.post("/ui/alert?id=2", "csrf=\(token)&state=closed&comment=+")
            #expect(blank.status == .badRequest && blank.body.contains("Say why the alert is closed"))
            let saved = try await analyst.post("/ui/alert?id=2", "csrf=\(token)&state=closed&assignee=ana&comment=Known+maintenance+window")
            #expect(saved.status == .seeOther && saved.headers[.location] == "/ui/alert?id=2")
            let after = try await analyst.get("/ui/alert?id=2").body
            #expect(after.contains(#"<strong id="alert-state">closed</strong>"#) && after.contains("Known maintenance window"))
            #expect(try await analyst.get("/ui/admin").status == .forbidden)
            #expect(try await analyst.post("/ui/admin/revoke", "csrf=\(token)&sensor=plant-1").status == .forbidden)

            let (admin, _) = try await Browser.signIn(client, "root")
            let adminToken = try #require(Self.hidden("csrf", in: try await admin.get("/ui/admin").body))
            let made = try await admin.post("/ui/admin/enroll-token", "csrf=\(adminToken)&hours=2")
            #expect(made.status == .ok && made.body.contains("vigil1:"))
            #expect(try await admin.post("/ui/admin/revoke", "csrf=\(adminToken)&sensor=plant-1").status == .seeOther)
            #expect(try await hub.database.sensors().first?.revoked != nil)

            // Signing out ends the session: the old cookie is sent to sign in again.
            #expect(try await admin.post("/ui/sign-out", "csrf=\(adminToken)").headers[.location] == "/ui/sign-in")
            #expect(try await admin.get("/ui").status == .seeOther)
        }
        let actions = try await hub.database.auditEntries().map(\.action)
        #expect(actions.contains("revoke") && actions.contains("enroll-token"))
        #expect(actions.filter { $0 == "alert" || $0.hasPrefix("alert") }.count == 1)
    }

    /// An analyst places a device at another Purdue level by hand: filters, the map and its page
    /// follow, a sensor's later description does not undo it, and giving it back restores the
    /// traffic's level. Each change is audited; a viewer cannot make one.
    @Test func anAnalystSetsADevicesLevelByHand() async throws {
        let hub = try await Self.hub()
        try await hub.server(passwordCost: Self.cheap).application(logger: Logger(label: "test")).test(.router) { client in
            let (viewer, _) = try await Browser.signIn(client, "val")
            let viewerToken = try #require(Self.hidden("csrf", in: try await viewer.get("/ui").body))
            #expect(try await viewer.post("/ui/asset/level?key=10.0.0.9", "csrf=\(viewerToken)&level=3").status == .forbidden)
            let (analyst, _) = try await Browser.signIn(client, "ana")
            let token = try #require(Self.hidden("csrf", in: try await analyst.get("/ui/asset?key=10.0.0.9").body))
            #expect(try await analyst.post("/ui/asset/level?key=10.0.0.9", "csrf=\(token)&level=9").status == .badRequest)
            #expect(try await analyst.post("/ui/asset/level?key=nope", "csrf=\(token)&level=3").status == .notFound)
            #expect(try await analyst.post("/ui/asset/level?key=10.0.0.9", "csrf=\(token)&level=3").status == .seeOther)
            #expect(try await analyst.get("/ui/assets?band=operations").body.contains("Devices 1–1 of 1"))
            #expect(try await analyst.get("/ui/asset?key=10.0.0.9").body.contains("level set by ana"))
            #expect(try await analyst.get("/ui/map").body.contains(#"data-key="10.0.0.9" data-band="operations""#))
        }
        // The sensor describes the device again: the level set by hand stays.
        let key = try await hub.enroll("plant-2")
        let again = ShippedRecord(
            log: "asset", row: #"{"key":"10.0.0.9","ips":["10.0.0.9"],"type":{"value":"hmi_or_scada","level":2,"evidence":"x"}}"#)
        let batch = try HubFixture.batch("plant-2", sequence: 1, records: [again], key: key)
        _ = try await BatchIngest(database: hub.database).accept(sensor: "plant-2", signature: batch.signature, body: batch.body)
        try await hub.server(passwordCost: Self.cheap).application(logger: Logger(label: "test")).test(.router) { client in
            let (analyst, _) = try await Browser.signIn(client, "ana")
            #expect(try await analyst.get("/ui/assets?band=operations").body.contains("Devices 1–1 of 1"))
            let token = try #require(Self.hidden("csrf", in: try await analyst.get("/ui").body))
            #expect(try await analyst.post("/ui/asset/level?key=10.0.0.9", "csrf=\(token)&level=").status == .seeOther)
            #expect(try await analyst.get("/ui/assets?band=supervisory").body.contains("Devices 1–1 of 1"))
            #expect(!(try await analyst.get("/ui/asset?key=10.0.0.9").body.contains("level set by")))
        }
        #expect(
            try await hub.database.auditEntries().filter { $0.action == "asset-level" }.map(\.detail) == ["level 3", "as its traffic says"])
    }

    /// Other spellings of a dashboard path are refused before routing, as for the API.
    @Test func otherSpellingsOfADashboardPathAreRefused() async throws {
        let hub = try await Self.hub()
        try await hub.server(passwordCost: Self.cheap).application(logger: Logger(label: "test")).test(.router) { client in
            let (viewer, _) = try await Browser.signIn(client, "val")
            for uri in ["/ui/%61dmin", "//ui/admin", "/ui/./admin", "/ui/x/../admin", "/ui/admin/"] {
                #expect(try await viewer.get(uri).status == .badRequest, "\(uri)")
            }
            #expect(try await viewer.get("/UI/admin").status == .notFound)
        }
    }

    @Test func formFieldsAreDecodedAsBrowsersEncodeThem() {
        #expect(FormBody.parse("a=1&b=x+y%2Bz&c=%E2%9C%93&a=2&d") == ["a": "1", "b": "x y+z", "c": "✓", "d": ""])
        #expect(FormBody.parse("bad=%G1%") == ["bad": "%G1%"])
    }
}
