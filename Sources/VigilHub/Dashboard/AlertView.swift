import Foundation

/// One alert: what fired and why (the evidence fields the rule read), its ATT&CK for ICS
/// techniques, the notice row as the sensor wrote it, comments, and the triage form.
enum AlertView {
    static func fields(_ row: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(row.utf8))) as? [String: Any] ?? [:]
    }

    static func text(_ value: Any) -> String {
        switch value {
        case let s as String: s
        case let list as [Any]: list.map(text).joined(separator: ", ")
        case let n as NSNumber: n.stringValue
        default: "\(value)"
        }
    }

    static func values(_ alert: AlertRecord, comments: [AlertComment]) -> [String: Any] {
        let row = fields(alert.row)
        let techniques = (row["attack_techniques"] as? [Any])?.compactMap { $0 as? String } ?? []
        let evidence = (row["evidence"] as? [Any])?.map(text) ?? []
        let rowFields: [[String: Any]] = row.keys.sorted().map { ["name": $0, "value": text(row[$0]!)] }
        var values: [String: Any] = [
            "id": alert.id, "time": DashboardText.time(alert.ts), "level": alert.level.isEmpty ? "none" : alert.level,
            "message": alert.message, "rule": alert.rule, "sensor": alert.sensor,
            "source": alert.source ?? "–", "destination": alert.destination ?? "–",
            "sourceHref": alert.source.map { DashboardText.link("/ui/assets", [("q", $0)]) } ?? "",
            "destinationHref": alert.destination.map { DashboardText.link("/ui/assets", [("q", $0)]) } ?? "",
            "state": alert.state.rawValue, "updatedBy": alert.updatedBy ?? "",
            "updated": DashboardText.time(alert.updated), "wasUpdated": alert.updated != nil,
            "techniques": techniques.map { id in
                ["id": id, "href": "https://attack.mitre.org/techniques/\(id.replacingOccurrences(of: ".", with: "/"))/"]
            },
            "hasTechniques": !techniques.isEmpty, "evidence": evidence, "hasEvidence": !evidence.isEmpty, "fields": rowFields,
            "comments": comments.map { ["time": DashboardText.time($0.time), "author": $0.author, "text": $0.text] },
            "hasComments": !comments.isEmpty,
            "states": AlertRecord.State.allCases.map { ["name": $0.rawValue, "selected": $0 == alert.state] as [String: Any] },
        ]
        // Set only when there is one: a missing value is falsy to the template, a nil is not.
        if let assignee = alert.assignee { values["assignee"] = assignee }
        return values
    }

    /// The triage form's fields as a change, or what is wrong with them: the API's rules (a
    /// closed alert needs a comment; limits on lengths).
    static func change(from form: [String: String]) -> Result<AlertChange, TriageFormError> {
        let state = form["state"].flatMap(AlertRecord.State.init(rawValue:))
        let assignee = form["assignee"]?.trimmingCharacters(in: .whitespaces)
        let comment = form["comment"].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        if form["state"] != nil, state == nil { return .failure(TriageFormError("Choose open, acknowledged or closed.")) }
        if state == .closed, comment == nil { return .failure(TriageFormError("Say why the alert is closed, in a comment.")) }
        if let assignee, assignee.count > 64 { return .failure(TriageFormError("An assignee's name has at most 64 characters.")) }
        if let comment, comment.utf8.count > 8_192 { return .failure(TriageFormError("A comment has at most 8 KiB.")) }
        return .success(AlertChange(state: state, assignee: assignee, comment: comment))
    }
}

struct TriageFormError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
