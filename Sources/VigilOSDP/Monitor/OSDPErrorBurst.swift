import VigilCore

/// A sliding window of link errors. `record` returns the error counts of a burst once the
/// window holds `OSDPLimits.errorBurstThreshold` errors; it reports again only after the window
/// has emptied, so one long storm of noise is one alert, not hundreds.
struct OSDPErrorBurst {
    private var errors: [(time: Timestamp, kind: String)] = []
    private var reported = false

    mutating func record(_ kind: String, at time: Timestamp) -> [(String, Int)]? {
        let windowStart = time.adding(seconds: -OSDPLimits.errorBurstWindowSeconds)
        errors.removeAll { $0.time < windowStart }
        if errors.isEmpty { reported = false }
        errors.append((time, kind))
        guard !reported, errors.count >= OSDPLimits.errorBurstThreshold else { return nil }
        reported = true
        var counts: [(String, Int)] = []
        for error in errors {
            if let i = counts.firstIndex(where: { $0.0 == error.kind }) { counts[i].1 += 1 } else { counts.append((error.kind, 1)) }
        }
        return counts
    }
}
