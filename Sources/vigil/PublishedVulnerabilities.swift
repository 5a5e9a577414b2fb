import VigilEvents

/// The matches a run has already put in vulnerabilities.log, so that a live sensor, which
/// matches its devices again each time it writes its inventory, logs a match once and again
/// only when it changes (new firmware, another confidence, a newer advisory), not every time.
struct PublishedVulnerabilities {
    /// By device and CVE, the last published event with its time cleared: a device seen again
    /// is not a new match.
    private var last: [String: VulnerabilityMatchEvent] = [:]

    /// Whether `event` is new or differs from what was published for its device and CVE;
    /// remembers it either way.
    mutating func isNew(_ event: VulnerabilityMatchEvent) -> Bool {
        var timeless = event
        timeless.ts = .zero
        let key = event.deviceKey + " " + event.cve
        if last[key] == timeless { return false }
        last[key] = timeless
        return true
    }
}
