/// The new pairs of one client beyond those named one by one
/// (`BaselineChecker.pairsNamedPerClient`), counted: what a scan or a sweep shows, named as
/// one notice instead of one for each address it reached.
struct BaselineSweep {
    let client: String
    /// The first row counted: the notice's time and connection.
    let first: EventRecord
    /// Pairs counted, and how many of their servers are devices the baseline does not know.
    private(set) var pairs = 0
    private(set) var devices = 0
    private(set) var ports = Set<Int>()
    private(set) var last: Double?
    /// Ports listed in the evidence at most; a port sweep's are counted beyond that.
    static let portsListed = 20

    init(client: String, first: EventRecord) {
        self.client = client
        self.first = first
    }

    mutating func add(_ key: BaselinePair.Key, at time: Double?, newDevice: Bool) {
        pairs += 1
        if newDevice { devices += 1 }
        ports.insert(key.port)
        if let time { last = max(last ?? time, time) }
    }

    /// The notice: `n` is the pairs counted. Baseline acceptance leaves it alone: a sweep is
    /// investigated, not learned.
    func deviation(named: Int) -> BaselineChecker.Deviation {
        let sorted = ports.sorted()
        var portText = sorted.prefix(Self.portsListed).map(String.init).joined(separator: ",")
        if sorted.count > Self.portsListed { portText += ",…" }
        let message =
            "\(client) reached \(pairs) more peer(s) the baseline does not know than the \(named) named, "
            + "\(devices) of them new devices, on \(sorted.count == 1 ? "port" : "ports") \(portText)"
        var evidence = ["client=\(client)", "pairs=\(pairs)", "devices=\(devices)", "ports=\(portText)", "distinct_ports=\(sorted.count)"]
        if let last { evidence.append("last=\(String(format6: last))") }
        return BaselineChecker.Deviation(kind: .sweep, message: message, record: first, evidence: evidence, count: pairs)
    }
}
