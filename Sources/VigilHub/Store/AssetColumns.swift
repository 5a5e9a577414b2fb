import Foundation
import VigilMap

/// The columns of the asset table that the dashboard filters, sorts and searches by, read from
/// an asset's document (an assets.json entry) when it is stored.
struct AssetColumns {
    var name: String
    var zone: String
    var level: Int?
    var type: String?
    var vendor: String?
    var model: String?
    var firmware: String?
    var addresses: String
    var roles: String
    var protocols: String
    var vulnerabilities: Int
    var search: String

    /// The identity fields whose changes the asset's history keeps.
    static let trackedFields = ["vendor", "product", "model", "firmware", "serial", "software", "name", "os"]
    var identity: [String: String] = [:]

    init(document: String) {
        let asset = try? JSONDecoder().decode(AssetDocument.self, from: Data(document.utf8))
        name = asset?.displayName ?? "?"
        zone = asset?.zone ?? "-"
        level = asset?.type?.level
        type = asset?.type?.value
        vendor = asset?.identity.vendor?.value ?? asset?.ouiVendor
        model = asset?.identity.model?.value ?? asset?.identity.product?.value
        firmware = asset?.identity.firmware?.value
        addresses = asset?.ips.joined(separator: " ") ?? ""
        roles = " " + (asset?.roles.joined(separator: " ") ?? "") + " "
        protocols = " " + (asset?.protocols.joined(separator: " ") ?? "") + " "
        vulnerabilities = asset?.vulnerabilities?.count ?? 0
        for (field, value) in asset?.identity.known ?? [] { identity[field] = value.value }
        if let type { identity["type"] = type }
        let words =
            [name, addresses, asset?.mac ?? "", vendor ?? "", model ?? "", firmware ?? "", roles, protocols]
            + (asset?.hostnames.map(\.name) ?? []) + identity.values.sorted()
        search = words.joined(separator: " ").lowercased()
    }

    /// The asset table's columns these fill, in the order of `values`.
    static let names = [
        "name", "zone", "level", "type", "vendor", "model", "firmware", "addresses", "roles", "protocols", "vulnerabilities", "search",
    ]
    var values: [(any StoreValueConvertible)?] {
        [name, zone, level, type, vendor, model, firmware, addresses, roles, protocols, vulnerabilities, search]
    }

    /// `column = value` for each column, `value` written by `newValue` (a placeholder, or
    /// `excluded.column` in an upsert); `level` keeps a level set by hand (`level_override`).
    static func assignments(overrideColumn: String = "level_override", _ newValue: (String) -> String) -> String {
        names.map { name in
            name == "level" ? "level = coalesce(\(overrideColumn), \(newValue(name)))" : "\(name) = \(newValue(name))"
        }.joined(separator: ", ")
    }

    private static let updateStatement = "UPDATE asset SET \(assignments { _ in "?" }) WHERE key = ?"

    func update(key: String, _ db: StoreTransaction) throws {
        try db.execute(sql: Self.updateStatement, arguments: StoreArguments(values + [key]))
        try db.execute(sql: "DELETE FROM asset_address WHERE asset = ?", arguments: [key])
        for address in addresses.split(separator: " ") {
            // One address, one device: the latest to claim it (a lease passed on) keeps it.
            try db.execute(
                sql: "INSERT INTO asset_address (address, asset) VALUES (?, ?) ON CONFLICT(address) DO UPDATE SET asset = excluded.asset",
                arguments: [String(address), key])
        }
    }

    /// Each identity field (and the device type) that had a value and now has another: what
    /// the asset's identity history records. A field a sensor did not see is no change.
    func changes(from old: AssetColumns) -> [(field: String, old: String, new: String)] {
        (Self.trackedFields + ["type"]).compactMap { field in
            guard let was = old.identity[field], let now = identity[field], was != now else { return nil }
            return (field, was, now)
        }
    }
}
