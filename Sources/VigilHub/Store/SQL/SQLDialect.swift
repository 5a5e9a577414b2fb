/// The few things SQLite and PostgreSQL spell differently, as the store's queries use them.
/// Everything else the store writes is SQL both accept.
enum SQLDialect: Sendable, CaseIterable {
    case sqlite, postgres

    /// A statement spelled for each dialect once, for statements run once per row: built at
    /// first use rather than at every run.
    static func each(_ spell: (SQLDialect) -> String) -> [SQLDialect: String] {
        Dictionary(uniqueKeysWithValues: allCases.map { ($0, spell($0)) })
    }

    /// The UTC day (YYYY-MM-DD) of a time in seconds since 1970.
    func day(_ seconds: String) -> String {
        switch self {
        case .sqlite: "date(\(seconds), 'unixepoch')"
        case .postgres: "to_char(to_timestamp(\(seconds)) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
        }
    }

    /// The day (YYYY-MM-DD) `days` before a day given as YYYY-MM-DD text.
    func daysBefore(_ day: String, _ days: Int) -> String {
        switch self {
        case .sqlite: "date(\(day), '-\(days) days')"
        case .postgres: "to_char(to_date(\(day), 'YYYY-MM-DD') - \(days), 'YYYY-MM-DD')"
        }
    }

    /// The smaller and the larger of two values (SQLite's two-argument min and max).
    func least(_ a: String, _ b: String) -> String {
        switch self {
        case .sqlite: "min(\(a), \(b))"
        case .postgres: "least(\(a), \(b))"
        }
    }

    func greatest(_ a: String, _ b: String) -> String {
        switch self {
        case .sqlite: "max(\(a), \(b))"
        case .postgres: "greatest(\(a), \(b))"
        }
    }

    /// A condition: the text column holds the bound text somewhere in it.
    func contains(_ column: String) -> String {
        switch self {
        case .sqlite: "instr(\(column), ?) > 0"
        case .postgres: "strpos(\(column), ?) > 0"
        }
    }

    /// A column's values in a group, joined by a separator (in no promised order).
    func joined(_ column: String, separator: String) -> String {
        switch self {
        case .sqlite: "group_concat(\(column), '\(separator)')"
        case .postgres: "string_agg(\(column), '\(separator)')"
        }
    }

    /// A member of a JSON object held as text, as text (SQLite: as the member's own type).
    /// Each name in `path` is one level down; a name may hold dots (Zeek's "id.orig_h").
    func jsonText(_ document: String, _ path: String...) -> String {
        switch self {
        case .sqlite: "json_extract(\(document), '\(sqlitePath(path))')"
        case .postgres: "(\(document)::jsonb #>> '\(postgresPath(path))')"
        }
    }

    /// A number in a JSON object held as text; NULL where the member is missing or not a number.
    func jsonNumber(_ document: String, _ path: String...) -> String {
        switch self {
        case .sqlite: "json_extract(\(document), '\(sqlitePath(path))')"
        case .postgres:
            "(CASE WHEN jsonb_typeof(\(document)::jsonb #> '\(postgresPath(path))') = 'number' "
                + "THEN (\(document)::jsonb #>> '\(postgresPath(path))')::double precision END)"
        }
    }

    private func sqlitePath(_ path: [String]) -> String { "$" + path.map { ".\"\($0)\"" }.joined() }
    private func postgresPath(_ path: [String]) -> String { "{" + path.map { "\"\($0)\"" }.joined(separator: ",") + "}" }
}
