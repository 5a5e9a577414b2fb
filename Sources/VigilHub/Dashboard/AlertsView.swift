import Foundation
import Hummingbird

/// The triage queue: alerts oldest first, open and acknowledged ones unless asked otherwise,
/// filtered by level, rule, address and sensor, 100 a page.
enum AlertsView {
    static func values(_ request: Request, _ database: HubDatabase) async throws -> [String: Any] {
        let q = request.uri.queryParameters
        func value(_ name: String) -> String? { DashboardText.parameter(q, name) }
        var filter = AlertFilter()
        let state = value("state") ?? "active"
        filter.states =
            switch state {
            case "all": []
            case "active": [.open, .acknowledged]
            default: AlertRecord.State(rawValue: state).map { [$0] } ?? [.open, .acknowledged]
            }
        if let level = value("level") { filter.levels = [level] }
        filter.rule = value("rule")
        filter.address = value("address")
        filter.sensor = value("sensor")
        let after = Int64(value("after") ?? "") ?? 0
        let limit = 100
        let page = try await database.alerts(filter, after: after, limit: limit)
        let items: [[String: Any]] = page.map { a in
            let fields = AlertView.fields(a.row)
            return [
                "id": a.id, "href": "/ui/alert?id=\(a.id)", "time": DashboardText.time(a.ts), "level": a.level.isEmpty ? "none" : a.level,
                "message": a.message, "rule": a.rule, "source": a.source ?? "–", "destination": a.destination ?? "–",
                "state": a.state.rawValue, "assignee": a.assignee ?? "", "sensor": a.sensor,
                "techniques": (fields["attack_techniques"] as? [Any])?.compactMap { $0 as? String }.joined(separator: " ") ?? "",
            ]
        }
        let parameters: [(String, String?)] = [
            ("state", state), ("level", value("level")), ("rule", filter.rule), ("address", filter.address), ("sensor", filter.sensor),
        ]
        var values: [String: Any] = [
            "items": items, "hasItems": !items.isEmpty, "rule": filter.rule ?? "", "address": filter.address ?? "",
            "sensor": filter.sensor ?? "",
            "states": [
                ("active", "open or acknowledged"), ("open", "open"), ("acknowledged", "acknowledged"), ("closed", "closed"),
                ("all", "all"),
            ]
            .map { ["name": $0.0, "title": $0.1, "selected": $0.0 == state] as [String: Any] },
            "levels": AlertLevel.all.reversed().map { ["name": $0, "selected": $0 == value("level")] as [String: Any] },
        ]
        if page.count == limit, let last = page.last {
            values["next"] = DashboardText.link("/ui/alerts", parameters + [("after", String(last.id))])
        }
        if after > 0 { values["first"] = DashboardText.link("/ui/alerts", parameters) }
        return values
    }
}
