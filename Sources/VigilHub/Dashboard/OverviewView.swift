import Foundation
import VigilMap

/// The overview page: what is on the networks, what is alerting, what is vulnerable, and
/// whether every sensor is reporting.
enum OverviewView {
    static func values(_ database: HubDatabase) async throws -> [String: Any] {
        let o = try await database.overview()
        let sensors = try await database.sensors()
        let actions = try await database.actionCounts()
        let widest = max(1, o.byBand.map(\.count).max() ?? 1)
        let bands: [[String: Any]] = o.byBand.map { band, count in
            [
                "title": band.title, "count": count, "bar": max(1, count * 300 / widest),
                "href": DashboardText.link("/ui/assets", [("band", band.name)]),
            ]
        }
        let zones: [[String: Any]] = o.byZone.map { zone, count in
            ["zone": zone, "count": count, "href": DashboardText.link("/ui/assets", [("zone", zone)])]
        }
        let roles: [[String: Any]] = o.byRole.map { role, count in
            ["role": role, "count": count, "href": DashboardText.link("/ui/assets", [("role", role)])]
        }
        let open: [[String: Any]] = o.openAlerts.map { level, count in
            ["level": level.isEmpty ? "none" : level, "count": count, "href": DashboardText.link("/ui/alerts", [("level", level)])]
        }
        // Alerts over time: one row per day, a segment per level, widths scaled to the busiest day.
        var days: [String: [String: Int]] = [:]
        for (day, level, count) in o.alertDays { days[day, default: [:]][level, default: 0] += count }
        let busiest = max(1, days.values.map { $0.values.reduce(0, +) }.max() ?? 1)
        let timeline: [[String: Any]] = days.keys.sorted(by: >).map { day in
            var x = 0
            var segments: [[String: Any]] = []
            for level in AlertLevel.all.reversed() + [""] {
                guard let n = days[day]?[level], n > 0 else { continue }
                let width = max(2, n * 300 / busiest)
                segments.append(["level": level.isEmpty ? "none" : level, "x": x, "width": width, "count": n])
                x += width
            }
            return ["day": day, "total": days[day]!.values.reduce(0, +), "segments": segments]
        }
        let vulnerable: [[String: Any]] = o.mostVulnerable.map { key, name, count in
            ["name": name, "key": key, "count": count, "href": DashboardText.assetLink(key)]
        }
        let now = Date().timeIntervalSince1970
        let sensorRows: [[String: Any]] = sensors.filter { $0.kind == .sensor }.map { s in
            [
                "spool": s.spoolBatches.map { "\($0) (\(DashboardText.bytes(s.spoolBytes ?? 0)))" } ?? "–",
                "name": s.name, "lastBatch": DashboardText.time(s.lastBatch), "lag": DashboardText.age(s.lastBatch, now: now),
                "batches": s.lastSequence, "missing": s.missingBatches, "revoked": s.revoked != nil,
                "stale": s.revoked == nil && (s.lastBatch.map { now - $0 > 900 } ?? true),
                "href": DashboardText.link("/ui/assets", [("sensor", s.name)]),
            ]
        }
        return [
            "assets": o.assets, "bands": bands, "zones": zones, "roles": roles, "openAlerts": open, "hasOpenAlerts": !open.isEmpty,
            "timeline": timeline, "hasTimeline": !timeline.isEmpty, "vulnerable": vulnerable, "hasVulnerable": !vulnerable.isEmpty,
            "sensors": sensorRows, "hasSensors": !sensorRows.isEmpty, "actionsPending": actions.pending,
            "actionsActive": actions.active,
        ]
    }
}
