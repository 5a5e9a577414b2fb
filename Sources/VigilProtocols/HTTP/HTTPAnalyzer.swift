import VigilCore
import VigilEvents

/// Per-flow HTTP/1.x state: requests queue up (pipelining) and each response completes the
/// oldest one; a row is written when the response body ends.
public final class HTTPAnalyzer: ProtocolAnalyzer {
    /// Messages decoded in this flow (reported once, at finish).
    var messageCount = 0
    struct Transaction {
        var ts: Timestamp
        var depth: Int
        var request: HTTPMessageHead?
        var requestBodyLength = 0
        var requestDone = false
        var response: HTTPMessageHead?
        var responseBodyLength = 0
        var infoCode: Int?
        var infoMessage: String?
    }

    var parsers = [HTTPParser(isRequest: true), HTTPParser(isRequest: false)]
    var buffers: [StreamBuffer]
    var transactions: [Transaction] = []
    var depth = 0
    var broken = [false, false]

    public static let descriptor = AnalyzerDescriptor(
        service: "http", transports: [.tcp], serverPorts: [80, 81, 631, 1080, 3128, 8000, 8080, 8888],
        confirms: { b, _, _ in HTTPParser.looksLikeHTTP(b) },
        make: { HTTPAnalyzer() })

    init(limits: Limits = .default) {
        // Buffers hold only unparsed head bytes; bodies are counted, never buffered.
        buffers = [StreamBuffer(limit: HTTPParser.maxHeadBytes * 2), StreamBuffer(limit: HTTPParser.maxHeadBytes * 2)]
    }

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        let side = isOrig ? 0 : 1
        guard !broken[side] else { return }
        var events: [HTTPParser.Event] = []
        do {
            if buffers[side].isEmpty {
                let used = try parsers[side].parse(data, events: &events)
                if used < data.count { _ = buffers[side].append(UnsafeRawBufferPointer(rebasing: data[used...])) }
            } else {
                _ = buffers[side].append(data)
                let used = try buffers[side].bytes.withUnsafeBytes { b throws(HTTPFailure) in try parsers[side].parse(b, events: &events) }
                buffers[side].consume(used)
            }
        } catch {
            context.weird((error as? HTTPFailure)?.weirdName ?? "bad_HTTP_request", source: "http")
            broken[side] = true
            buffers[side].reset()
        }
        for e in events { handle(e, isOrig: isOrig, context: context) }
    }

    public func gap(length: Int, isOrig: Bool, context: FlowContext) {
        let side = isOrig ? 0 : 1
        if !parsers[side].inBody { broken[side] = true }
        context.weird("content_gap", "\(length) bytes", source: "http")
    }

    func handle(_ e: HTTPParser.Event, isOrig: Bool, context: FlowContext) {
        if case .head = e { messageCount += 1 }
        switch (e, isOrig) {
        case (.head(let h), true):
            depth += 1
            if transactions.count >= context.limits.maxPendingTransactions {
                context.weird("http_too_many_pending_requests", source: "http")
                flush(context)
            }
            transactions.append(Transaction(ts: context.ts, depth: depth, request: h))
            context.sink.emit(.role(host: context.id.respHost, role: "http_server"))
        case (.bodyEnd(let n), true):
            if let i = transactions.lastIndex(where: { !$0.requestDone }) {
                transactions[i].requestBodyLength = n
                transactions[i].requestDone = true
            }
        case (.head(let h), false):
            let status = Int(h.startLine.count > 1 ? h.startLine[1] : "") ?? 0
            if transactions.isEmpty {
                depth += 1
                transactions.append(Transaction(ts: context.ts, depth: depth, request: nil, requestDone: true))
            }
            if (100..<200).contains(status) {
                transactions[0].infoCode = status
                transactions[0].infoMessage = h.startLine.count > 2 ? h.startLine[2] : ""
            } else {
                transactions[0].response = h
            }
        case (.bodyEnd(let n), false):
            guard !transactions.isEmpty, transactions[0].response != nil else { return }
            var t = transactions.removeFirst()
            t.responseBodyLength = n
            log(t, context: context)
            // A response to HEAD has no body (RFC 9110 §9.3.2): tell the parser before it sees it.
            if let next = transactions.first, next.request?.startLine.first == "HEAD" { parsers[1].nextResponseHasNoBody = true }
        }
        if case .head(let h) = e, isOrig, h.startLine.first == "HEAD", transactions.count == 1 {
            parsers[1].nextResponseHasNoBody = true
        }
    }

    public func finish(context: FlowContext) {
        context.reportMessages(service: "http", count: &messageCount)
        var events: [HTTPParser.Event] = []
        parsers[1].finish(events: &events)
        for e in events { handle(e, isOrig: false, context: context) }
        flush(context)
    }

    func flush(_ context: FlowContext) {
        for t in transactions { log(t, context: context) }
        transactions.removeAll()
    }

    func log(_ t: Transaction, context: FlowContext) {
        let req = t.request
        let resp = t.response
        // Zeek: "value of the version portion of the request"; the reply's when there is no request.
        let version =
            req.flatMap { $0.startLine.count > 2 ? String($0.startLine[2].dropFirst(5)) : nil }
            ?? resp?.startLine.first.map { String($0.dropFirst(5)) }
        var username: String?
        if let auth = req?.header("Authorization"), auth.lowercased().hasPrefix("basic "),
            let decoded = Base64.decode(String(auth.dropFirst(6))), let colon = decoded.firstIndex(of: UInt8(ascii: ":"))
        {
            username = BytesText.text(Array(decoded[..<colon]))
        }
        var proxied: [String] = []
        for h in ["Forwarded", "X-Forwarded-For", "X-Forwarded-From", "X-Client-IP", "X-Real-IP", "Via", "Client-IP", "Proxy-Connection"] {
            for v in req?.headers(h) ?? [] { proxied.append("\(h.uppercased()) -> \(v)") }
        }
        context.log(
            HTTPLog.schema, at: t.ts,
            values: [
                .count(t.depth), .optional(req?.startLine.first), .optional(req?.header("Host")),
                .optional(req.flatMap { $0.startLine.count > 1 ? $0.startLine[1] : nil }), .optional(req?.header("Referer")),
                .optional(version), .optional(req?.header("User-Agent")), .optional(req?.header("Origin")),
                .count(t.requestBodyLength), .count(t.responseBodyLength),
                .optional(resp.flatMap { $0.startLine.count > 1 ? Int($0.startLine[1]) : nil }),
                .optional(resp.map { $0.startLine.count > 2 ? $0.startLine[2] : "" }), .optional(t.infoCode), .optional(t.infoMessage),
                .strings([]), .optional(username), .unset, proxied.isEmpty ? .unset : .strings(proxied),
                .unset, .unset, .unset, .unset, .unset, .unset,
            ])
    }
}
