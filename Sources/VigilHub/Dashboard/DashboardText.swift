import Foundation
import Hummingbird

/// How the dashboard writes times, sizes and links.
enum DashboardText {
    static func time(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// "3 min", "2 h", "5 d": how long ago, for a sensor's last batch.
    static func age(_ seconds: Double?, now: Double = Date().timeIntervalSince1970) -> String {
        guard let seconds else { return "never" }
        let d = max(0, now - seconds)
        if d < 120 { return "\(Int(d)) s ago" }
        if d < 7200 { return "\(Int(d / 60)) min ago" }
        if d < 172_800 { return "\(Int(d / 3600)) h ago" }
        return "\(Int(d / 86400)) d ago"
    }

    /// "45 s", "12 min", "4 h", "2 d": how long an action lasts or has left.
    static func duration(_ seconds: Double) -> String {
        if seconds < 120 { return "\(Int(seconds.rounded())) s" }
        if seconds < 7200 { return "\(Int(seconds / 60)) min" }
        if seconds < 172_800 { return "\(Int(seconds / 3600)) h" }
        return "\(Int(seconds / 86400)) d"
    }

    static func bytes(_ n: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(n)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(n) B" : String(format: "%.1f %@", value, units[unit])
    }

    /// Characters a query value may hold as they are: unreserved ones (RFC 3986 §2.3).
    static let queryValueCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    /// `path?name=value&…`, skipping empty values.
    static func link(_ path: String, _ query: [(String, String?)]) -> String {
        let pairs = query.compactMap { name, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return name + "=" + (value.addingPercentEncoding(withAllowedCharacters: queryValueCharacters) ?? "")
        }
        return pairs.isEmpty ? path : path + "?" + pairs.joined(separator: "&")
    }

    /// A query parameter's value, nil when absent or empty (an unchosen filter).
    static func parameter(_ query: Parameters, _ name: String) -> String? {
        guard let value = query[Substring(name)], !value.isEmpty else { return nil }
        return String(value)
    }

    static func assetLink(_ key: String) -> String { link("/ui/asset", [("key", key)]) }
}
