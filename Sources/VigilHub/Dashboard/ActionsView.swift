import Foundation
import VigilResponse

/// The response page: actions waiting for approval, actions in force (with their time left and
/// whether an enforcer applied them), the ones that ended, and the enforcers' last reports.
/// Also the rows an alert's page lists, and the response forms' fields read back.
enum ActionsView {
    static func values(_ database: HubDatabase) async throws -> [String: Any] {
        let now = HubDatabase.now()
        let pending = try await database.actions(filterStates: [.pending])
        let active = try await database.actions(filterStates: [.active])
        let ended = try await database.recentlyEnded(limit: 50)
        let enforcers = try await database.sensors().filter { $0.kind == .enforcer }
        let reports = try await database.enforcerReports()
        let (version, _) = try await database.actionsInForce()
        return [
            "pending": pending.map { row($0, now: now) }, "hasPending": !pending.isEmpty,
            "active": active.map { row($0, now: now) }, "hasActive": !active.isEmpty,
            "ended": ended.map { row($0, now: now) }, "hasEnded": !ended.isEmpty,
            "version": version,
            "enforcers": enforcers.map { enforcer -> [String: Any] in
                let report = reports[enforcer.name]
                return [
                    "name": enforcer.name, "revoked": enforcer.revoked != nil,
                    "version": report.map { String($0.version) } ?? "–",
                    "state": report.map { $0.applied ? ($0.version == version ? "up to date" : "applied an older version") : "refused" }
                        ?? "no report yet",
                    "error": report?.error ?? "", "age": DashboardText.age(report?.received, now: now),
                ]
            },
            "hasEnforcers": !enforcers.isEmpty,
        ]
    }

    static func row(_ action: ResponseAction, now: Double) -> [String: Any] {
        var row: [String: Any] = [
            "id": action.id, "kind": action.kind.rawValue, "summary": action.summary, "state": action.state.rawValue,
            "requestedBy": action.requestedBy, "requested": DashboardText.time(action.requested),
            "duration": DashboardText.duration(action.duration), "reason": action.reason,
            "applied": action.applied.map { "\(DashboardText.time($0)) by \(action.appliedBy ?? "?")" } ?? "not yet",
            "isPending": action.state == .pending, "isActive": action.state == .active,
        ]
        if let alert = action.alert { row["alert"] = alert }
        if let playbook = action.playbook { row["playbook"] = playbook }
        if let decidedBy = action.decidedBy { row["decidedBy"] = decidedBy }
        if let expires = action.expires, action.state == .active { row["left"] = DashboardText.duration(max(0, expires - now)) }
        if !action.allowed.isEmpty { row["allowed"] = action.allowed.joined(separator: ", ") }
        return row
    }

    /// The actions an analyst may ask for from an alert's page, for its two ends.
    static func offers(source: String?, destination: String?) -> [[String: Any]] {
        var offers: [[String: Any]] = []
        if let source {
            offers.append(["kind": "block-host", "address": source, "label": "Block \(source)", "button": "offer-block-source"])
            if let destination {
                offers.append([
                    "kind": "block-pair", "address": source, "peer": destination, "label": "Block \(source) ↔ \(destination)",
                    "button": "offer-block-pair",
                ])
            }
            offers.append([
                "kind": "rate-limit", "address": source, "rate": 20, "label": "Slow \(source) to 20 packets/s", "button": "offer-rate",
            ])
        }
        if let destination {
            offers.append([
                "kind": "quarantine", "address": destination, "label": "Quarantine \(destination)", "button": "offer-quarantine",
            ])
        }
        return offers
    }

    /// The request form's fields as a request, or what is wrong with them.
    static func request(from form: [String: String]) -> Result<ActionRequest, TriageFormError> {
        guard let kind = form["kind"].flatMap(ResponseAction.Kind.init(rawValue:)), kind != .restore else {
            return .failure(TriageFormError("Choose block-host, block-pair, quarantine or rate-limit."))
        }
        var request = ActionRequest(kind: kind, address: form["address"] ?? "")
        request.peer = form["peer"].flatMap { $0.isEmpty ? nil : $0 }
        request.rate = form["rate"].flatMap { Int($0) }
        request.alert = form["alert"].flatMap { Int64($0) }
        if let minutes = form["minutes"], !minutes.isEmpty {
            guard let value = Double(minutes), value > 0 else { return .failure(TriageFormError("A duration is a number of minutes.")) }
            request.duration = value * 60
        }
        request.reason = String((form["reason"] ?? "").prefix(1024))
        switch request.checked() {
        case .success(let checked): return .success(checked)
        case .failure(let error): return .failure(TriageFormError(error.message))
        }
    }
}
