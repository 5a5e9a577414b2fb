/// Alert levels as Sigma names them, most severe last.
public enum AlertLevel {
    public static let all = ["informational", "low", "medium", "high", "critical"]

    public static func rank(_ level: String) -> Int { all.firstIndex(of: level) ?? -1 }
}
