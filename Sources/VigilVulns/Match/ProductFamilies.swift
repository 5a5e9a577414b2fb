import VigilCore

/// The family a device belongs to, told by the start of its model or order number
/// (Resources/product-families.tsv), for advisories that name only a family.
public struct ProductFamilies: Sendable {
    struct Rule: Sendable {
        var vendor: String
        var prefix: String
        var family: String
    }

    let rules: [Rule]

    public static func load(vendors: VendorNames) throws(VigilError) -> ProductFamilies {
        let rules = try ResourceTable.rows("product-families.tsv").compactMap { row -> Rule? in
            guard row.count >= 3 else { return nil }
            return Rule(vendor: vendors.canonical(row[0]), prefix: ModelText.compact(row[1]), family: row[2])
        }
        return ProductFamilies(rules: rules)
    }

    /// The families named by any of `models` for a device of `vendor`.
    func families(vendor: String, models: [String]) -> [String] {
        var found: [String] = []
        for r in rules where r.vendor == vendor {
            if models.contains(where: { ModelText.compact($0).hasPrefix(r.prefix) }), !found.contains(r.family) { found.append(r.family) }
        }
        return found
    }
}
