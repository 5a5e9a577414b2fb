/// A rule's `logsource`, and the Vigil logs it reads.
///
/// Vigil writes Zeek's logs under Zeek's names, and its OT logs under ICSNPP's, so
/// `product: zeek` with `service: dns` reads dns.log and `service: s7comm` reads s7comm.log
/// (Sigma taxonomy appendix, "Zeek": the service is the log's name). `product: vigil` is
/// the same. A few generic categories map to the Zeek log that carries them.
public struct LogSource: Sendable, Equatable {
    public var product: String?
    public var service: String?
    public var category: String?

    public init(product: String? = nil, service: String? = nil, category: String? = nil) {
        self.product = product
        self.service = service
        self.category = category
    }

    /// Generic categories and the log that answers them.
    static let categoryLogs: [String: String] = [
        "dns": "dns", "proxy": "http", "webserver": "http", "firewall": "conn", "network_connection": "conn",
    ]

    /// Whether the rule reads Vigil's logs at all (another product's rules are skipped).
    public var isVigils: Bool {
        guard let p = product?.lowercased() else { return service != nil || category.map { Self.categoryLogs[$0] != nil } ?? false }
        return p == "zeek" || p == "vigil"
    }

    /// The logs the rule reads; nil for every log (a Zeek rule that names no service).
    public var logs: [String]? {
        if let s = service?.lowercased() { return [s] }
        if let c = category?.lowercased(), let log = Self.categoryLogs[c] { return [log] }
        return nil
    }

    public var description: String {
        [product.map { "product: \($0)" }, category.map { "category: \($0)" }, service.map { "service: \($0)" }]
            .compactMap { $0 }.joined(separator: ", ")
    }
}
