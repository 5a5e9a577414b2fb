import VigilMap

/// The overview page's figures.
public struct DashboardOverview: Sendable {
    public var assets = 0
    public var byBand: [(band: PurdueBand, count: Int)] = []
    public var byZone: [(zone: String, count: Int)] = []
    public var byRole: [(role: String, count: Int)] = []
    public var openAlerts: [(level: String, count: Int)] = []
    /// Alerts per day (UTC) and level, the newest days first.
    public var alertDays: [(day: String, level: String, count: Int)] = []
    public var mostVulnerable: [(key: String, name: String, count: Int)] = []
}
