import Foundation
import Hummingbird
import VigilMap

/// The asset table: search, filters by level, zone, role, protocol and sensor, sortable
/// columns, 100 devices a page.
enum AssetsView {
    static func query(_ request: Request) -> AssetQuery {
        let q = request.uri.queryParameters
        var query = AssetQuery()
        query.search = String(q["q"] ?? "")
        func value(_ name: String) -> String? { DashboardText.parameter(q, name) }
        query.band = value("band")
        query.zone = value("zone")
        query.role = value("role")
        query.protocol = value("protocol")
        query.sensor = value("sensor")
        query.order = value("sort").flatMap(AssetQuery.Order.init(rawValue:)) ?? .address
        query.page = max(0, Int(value("page") ?? "") ?? 0)
        return query
    }

    /// The query as link parameters, with one of them changed.
    static func parameters(_ query: AssetQuery, sort: AssetQuery.Order? = nil, page: Int? = nil) -> [(String, String?)] {
        let p = page ?? query.page
        return [
            ("q", query.search), ("band", query.band), ("zone", query.zone), ("role", query.role), ("protocol", query.protocol),
            ("sensor", query.sensor), ("sort", (sort ?? query.order).rawValue), ("page", p > 0 ? String(p) : nil),
        ]
    }

    static func values(_ query: AssetQuery, _ database: HubDatabase) async throws -> [String: Any] {
        let (rows, total) = try await database.assets(query)
        let items: [[String: Any]] = rows.map { a in
            [
                "href": DashboardText.assetLink(a.key), "name": a.name, "addresses": a.addresses.joined(separator: " "), "mac": a.mac ?? "",
                "vendor": a.vendor ?? "", "model": a.model ?? "", "firmware": a.firmware ?? "",
                "type": a.type ?? "unknown", "level": a.level.map(String.init) ?? "–", "roles": a.roles.joined(separator: ", "),
                "protocols": a.protocols.joined(separator: ", "), "sensors": a.sensors.joined(separator: ", "),
                "firstSeen": DashboardText.time(a.firstSeen), "lastSeen": DashboardText.time(a.lastSeen),
                "alerts": a.alerts, "vulnerabilities": a.vulnerabilities, "hasAlerts": a.alerts > 0, "isVulnerable": a.vulnerabilities > 0,
            ]
        }
        let columns: [(String, AssetQuery.Order?)] = [
            ("Device", .name), ("Addresses", .address), ("MAC", nil), ("Vendor", .vendor), ("Model", .model), ("Firmware", .firmware),
            ("Type (level)", .level), ("Roles", nil), ("Protocols", nil), ("Sensors", nil), ("First seen", .firstSeen),
            ("Last seen", .lastSeen), ("Alerts", nil), ("Vulns", .vulnerabilities),
        ]
        let headers: [[String: Any]] = columns.map { title, order in
            var header: [String: Any] = ["title": title]
            if let order {
                header["href"] = DashboardText.link("/ui/assets", parameters(query, sort: order, page: 0))
                header["sorted"] = order == query.order
            }
            return header
        }
        let first = query.page * query.pageSize
        var values: [String: Any] = [
            "items": items, "headers": headers, "total": total, "q": query.search, "hasItems": !items.isEmpty,
            "from": items.isEmpty ? 0 : first + 1, "to": first + items.count,
            "bands": PurdueBand.allCases.filter { $0 != .other }.map { band in
                ["name": band.name, "title": band.title, "selected": band.name == query.band] as [String: Any]
            },
            "zone": query.zone ?? "", "role": query.role ?? "", "protocol": query.protocol ?? "", "sensor": query.sensor ?? "",
            "sort": query.order.rawValue,
        ]
        if query.page > 0 { values["previous"] = DashboardText.link("/ui/assets", parameters(query, page: query.page - 1)) }
        if first + items.count < total { values["next"] = DashboardText.link("/ui/assets", parameters(query, page: query.page + 1)) }
        return values
    }
}
