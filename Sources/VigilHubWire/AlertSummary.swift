/// The fields of a notice.log row that the hub's alert queue sorts and filters by. A notice of
/// any Zeek (no `rule_id` or `level`) is named by its `note` and has no level.
public struct AlertSummary: Sendable, Equatable {
    /// The Sigma rule's id, or Zeek's notice type.
    public var rule: String
    /// informational, low, medium, high or critical; empty when the notice has none.
    public var level: String
    public var message: String
    public var source: String?
    public var destination: String?
}
