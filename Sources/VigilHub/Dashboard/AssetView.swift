import Foundation
import VigilMap

/// One device's page: who it is and on what evidence, where it sits, whom it talks to and
/// over what, how its identity changed, its vulnerabilities and its alerts.
enum AssetView {
    static func values(key: String, _ database: HubDatabase) async throws -> [String: Any]? {
        guard let stored = try await database.asset(key: key) else { return nil }
        let asset = stored.document
        let identity: [[String: Any]] = asset.identity.known.map {
            ["field": $0.field, "value": $0.value.value, "evidence": $0.value.evidence]
        }
        let conflicts: [[String: Any]] = asset.identityConflicts.map {
            ["field": $0.field, "value": $0.value, "evidence": $0.evidence, "time": DashboardText.time($0.firstSeen)]
        }
        let hostnames: [[String: Any]] = asset.hostnames.map { ["name": $0.name, "evidence": $0.evidence] }
        let mine = Set(asset.ips)
        let usage: [[String: Any]] = try await database.mapEdges(touching: asset.ips).map { e in
            let outbound = mine.contains(e.client)
            let peer = outbound ? e.server : e.client
            return [
                "protocol": e.protocol == "-" ? "unrecognised" : e.protocol, "direction": outbound ? "to" : "from", "peer": peer,
                "peerHref": DashboardText.link("/ui/assets", [("q", peer)]), "port": "\(e.serverPort)/\(e.transport)",
                "connections": e.connections, "bytes": DashboardText.bytes(e.bytes),
            ]
        }
        var filter = AlertFilter()
        var alerts: [[String: Any]] = []
        // Differences from a learned baseline (`vigil analyze --baseline`) are notices of
        // their own kind: listed apart, as what changed about this device's normal.
        var deviations: [[String: Any]] = []
        var seen: Set<Int64> = []
        for address in asset.ips.prefix(8) {
            filter.address = address
            for alert in try await database.alerts(filter, limit: 50) where seen.insert(alert.id).inserted {
                let row: [String: Any] = [
                    "id": alert.id, "href": "/ui/alert?id=\(alert.id)", "time": DashboardText.time(alert.ts), "level": alert.level,
                    "message": alert.message, "state": alert.state.rawValue,
                    "kind": (AlertView.fields(alert.row)["note"] as? String)?.replacingOccurrences(of: "Baseline::", with: "") ?? "",
                ]
                // NoticeLog gives every baseline deviation the rule id `baseline`.
                if alert.rule == "baseline" { deviations.append(row) } else { alerts.append(row) }
            }
        }
        // Changes the hub saw between a sensor's shipments, and those a sensor saw within one
        // run (its assets.json `identity_changes`), newest first.
        var changes: [(time: Double?, row: [String: Any])] = stored.changes.map {
            (
                $0.time,
                ["time": DashboardText.time($0.time), "sensor": $0.sensor, "field": $0.field, "old": $0.old ?? "", "new": $0.new ?? ""]
            )
        }
        for c in asset.identityChanges {
            changes.append(
                (
                    c.ts,
                    [
                        "time": DashboardText.time(c.ts), "sensor": "\(c.evidence), within a sensor's run", "field": c.field, "old": c.old,
                        "new": c.new,
                    ]
                ))
        }
        let history = changes.sorted { ($0.time ?? 0) > ($1.time ?? 0) }.map(\.row)
        let vulnerabilities: [[String: Any]] = (asset.vulnerabilities ?? []).map {
            [
                "cve": $0.cve, "advisory": $0.advisory, "confidence": $0.confidence, "kev": $0.kev,
                "score": $0.cvssScore.map { String(format: "%.1f", $0) } ?? "–", "fixed": $0.fixedVersion ?? "–",
            ]
        }
        return [
            "name": asset.displayName, "key": asset.key, "mac": asset.mac ?? "–", "ouiVendor": asset.ouiVendor ?? "–",
            "addresses": asset.ips, "zone": asset.zone, "type": asset.type?.value ?? "unknown",
            "level": asset.type?.level.map { "level \($0)" } ?? "no level", "typeEvidence": asset.type?.evidence ?? "",
            "identity": identity, "hasIdentity": !identity.isEmpty, "hostnames": hostnames, "hasHostnames": !hostnames.isEmpty,
            "roles": asset.roles.joined(separator: ", "), "protocols": asset.protocols.joined(separator: ", "),
            "sensors": stored.sensors.joined(separator: ", "), "firstSeen": DashboardText.time(asset.firstSeen),
            "lastSeen": DashboardText.time(asset.lastSeen), "usage": usage, "hasUsage": !usage.isEmpty,
            "peers": asset.peers.map { ["address": $0, "href": DashboardText.link("/ui/assets", [("q", $0)])] },
            "hasPeers": !asset.peers.isEmpty, "changes": history, "hasChanges": !history.isEmpty,
            "conflicts": conflicts, "hasConflicts": !conflicts.isEmpty,
            "vulnerabilities": vulnerabilities, "hasVulnerabilities": !vulnerabilities.isEmpty, "alerts": alerts,
            "hasAlerts": !alerts.isEmpty, "deviations": deviations, "hasDeviations": !deviations.isEmpty,
            "levelSetByHand": stored.levelSetBy != nil,
            "levels": levelChoices(current: stored.levelSetBy == nil ? nil : asset.type?.level),
        ]
    }

    /// The level form's choices: back to the traffic's level, or one of 0 to 5 (the one set
    /// by hand, if any, selected).
    static func levelChoices(current: Int?) -> [[String: Any]] {
        var choices: [[String: Any]] = [["value": "", "title": "as its traffic says", "selected": current == nil]]
        for (level, name) in PurdueBand.levelNames {
            choices.append(["value": String(level), "title": "level \(level): \(name)", "selected": current == level])
        }
        return choices
    }
}
