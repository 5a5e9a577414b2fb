import VigilCore
import VigilEvents

/// Per-flow HTTP/1.x state: requests queue up (pipelining) and each response completes the
/// oldest one; a row is written when the response body ends.
public final class HTTPAnalyzer: ProtocolAnalyzer {
    /// Messages decoded in this flow (reported once, at finish).
    var messageCount = 0
    /// The server's banner has been reported for this connection.
    var bannerReported = false
    struct Transaction {
        var ts: Timestamp
        var depth: Int
        var request: HTTPMessageHead?
        var requestBodyLength = 0
        var requestDone = false
        var response: HTTPMessageHead?
        var responseBodyLength = 0
        /// The last 1xx response before the final one.
        var informational: HTTPMessageHead?
        var requestFiles: [FileReference] = []
        var responseFiles: [FileReference] = []
    }

    /// Each side's body being read, as files (`HTTPBodyFiles`).
    var bodies: [HTTPBodyFiles?] = [nil, nil]
    /// Each side's bodies that ended, with their files, until the parse that ended them hands
    /// its `bodyEnd` events over: bodies end while a parse runs, events are handled after it.
    var endedBodies: [[[FileReference]]] = [[], []]
    /// Bodies begun on each side: the request's place in the connection, and the response's.
    var bodiesBegun = [0, 0]
    /// Files this connection carried, for their uids.
    var fileNumber = 0

    var parsers = [HTTPParser(isRequest: true), HTTPParser(isRequest: false)]
    var buffers: [StreamBuffer]
    var transactions: [Transaction] = []
    var depth = 0
    var broken = [false, false]
    /// The server answered a versioned request with something other than a status line.
    var violated = false
    /// How each side's first bytes compare with Zeek's HTTP signature, which alone names a
    /// flow HTTP away from HTTP's ports (nil until that side has spoken): see `violatedService`.
    var signatureMatched: [Bool?] = [nil, nil]
    /// Inside a CONNECT tunnel: the protocol the tunnel carries, chosen by content as a new
    /// connection's would be (Zeek does the same), and whether it was looked for yet.
    var tunnel: ProtocolAnalyzer?
    var tunnelService: String?
    var tunnelIdentified = false
    /// The protocol switch was a CONNECT request's 2xx answer, not a 101.
    var isConnectTunnel = false

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
        if respPort == nil { respPort = context.id.respPort }
        // After a protocol switch (a WebSocket, a CONNECT tunnel) neither side speaks HTTP.
        if parsers[1].hasSwitchedProtocols { return deliverToTunnel(data, isOrig: isOrig, context: context) }
        if signatureMatched[side] == nil {
            signatureMatched[side] = isOrig ? HTTPParser.opensLikeZeekHTTPClient(data) : HTTPParser.opensLikeZeekHTTPServer(data)
        }
        guard !broken[side] else { return }
        if !isOrig && violatesReply(data) {
            violated = true
            broken = [true, true]
            return
        }
        var events: [HTTPParser.Event] = []
        do {
            if buffers[side].isEmpty {
                let used = try parsers[side].parse(data, events: &events) { body($0, side: side, context: context) }
                if used < data.count { _ = buffers[side].append(UnsafeRawBufferPointer(rebasing: data[used...])) }
            } else {
                _ = buffers[side].append(data)
                let used = try buffers[side].bytes.withUnsafeBytes { b throws(HTTPFailure) in
                    try parsers[side].parse(b, events: &events) { body($0, side: side, context: context) }
                }
                buffers[side].consume(used)
            }
        } catch {
            context.weird((error as? HTTPFailure)?.weirdName ?? "bad_HTTP_request", source: "http")
            broken[side] = true
            buffers[side].reset()
        }
        for e in events { handle(e, isOrig: isOrig, context: context) }
    }

    /// A CONNECT tunnel's bytes go to the analyzer its first bytes name; a WebSocket's (101) and
    /// an unrecognised tunnel's are not read.
    func deliverToTunnel(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        if !tunnelIdentified && isConnectTunnel {
            tunnelIdentified = true
            if let d = ProtocolRegistry.standard.identify(data, isOrig: isOrig, id: context.id) {
                tunnel = d.make()
                tunnelService = d.service
            }
        }
        tunnel?.deliver(data, isOrig: isOrig, context: context)
    }

    /// Whether `data`, the start of a reply, is not one: Zeek's HTTP analyzer calls a reply
    /// line that does not begin `HTTP/` a protocol violation ("not a http reply line") when
    /// the request named a version. A request without one is HTTP/0.9, whose reply is the
    /// body alone. Zeek then stops reading the connection as HTTP and drops its service, as
    /// when an SSH server answers a GET with its banner.
    func violatesReply(_ data: UnsafeRawBufferPointer) -> Bool {
        guard parsers[1].isAtMessageStart, buffers[1].isEmpty, data.count >= 5,
            let request = transactions.first(where: { $0.response == nil })?.request, request.startLine.count >= 3
        else { return false }
        // Empty lines before a status line are passed over by the parser, not judged here.
        if data[0] == 0x0D || data[0] == 0x0A { return false }
        return !(data[0] == 0x48 && data[1] == 0x54 && data[2] == 0x54 && data[3] == 0x50 && data[4] == 0x2F)  // "HTTP/"
    }

    /// Zeek names a flow HTTP on HTTP's ports (the descriptor's) when its analyzer confirms,
    /// and elsewhere only when dynamic protocol detection fires: a GET, HEAD or POST answered
    /// by a status line (base/protocols/http/dpd.sig, whose server signature requires the
    /// client's). A request to another service's port that goes unanswered, or is answered in
    /// that service's own protocol, is read and written to http.log all the same, but leaves
    /// conn.log's service unset, as Zeek's does.
    public var violatedService: String? {
        if violated { return "http" }
        guard let port = respPort, !Self.descriptor.serverPorts.contains(port) else { return nil }
        return signatureMatched[0] == true && signatureMatched[1] == true ? nil : "http"
    }

    /// The responder's port, from the first delivery's flow.
    var respPort: UInt16?

    public var detectedServices: [String] {
        guard let tunnelService, let tunnel else { return [] }
        return [tunnelService] + tunnel.detectedServices
    }

    public func gap(length: Int, isOrig: Bool, context: FlowContext) {
        if parsers[1].hasSwitchedProtocols {
            tunnel?.gap(length: length, isOrig: isOrig, context: context)
            return
        }
        let side = isOrig ? 0 : 1
        if !parsers[side].inBody { broken[side] = true }
        bodies[side]?.gap(length)
        context.weird("content_gap", "\(length) bytes", source: "http")
    }

    /// A body's bytes, as the parser reads them: its files are analysed as they stream. This
    /// runs inside a parse, so it must not touch `parsers`.
    func body(_ e: HTTPParser.BodyEvent, side: Int, context: FlowContext) {
        switch e {
        case .start(let head):
            // An interim 1xx answer is not the transaction's response; its (empty) body still
            // ends like any other.
            let interim = side == 1 && (100..<200).contains(head.statusCode ?? 0) && head.statusCode != 101
            if !interim { bodiesBegun[side] += 1 }
            bodies[side] = HTTPBodyFiles(head: head, isOrig: side == 0, depth: max(bodiesBegun[side], 1))
        case .data(let b):
            bodies[side]?.data(b, context: context, fileNumber: &fileNumber)
        case .end:
            endedBodies[side].append(bodies[side]?.end(context: context, fileNumber: &fileNumber) ?? [])
            bodies[side] = nil
        }
    }

    /// The files of the oldest body of a side whose `bodyEnd` is being handled.
    func takeEndedBody(side: Int) -> [FileReference] {
        endedBodies[side].isEmpty ? [] : endedBodies[side].removeFirst()
    }

    /// The server's `Server` header (RFC 9110 §10.2.4) names its software, often with a
    /// version: "lighttpd/1.4.59", "Boa/0.94.14rc21" on cameras, "GoAhead-Webs" on PLC web
    /// servers. Reported once per connection, as the server's `software` identity.
    func reportBanner(_ h: HTTPMessageHead, context: FlowContext) {
        guard !bannerReported, let server = h.header("Server"), !server.isEmpty else { return }
        bannerReported = true
        context.sink.emit(.identity(host: context.id.respHost, field: .software, value: server, evidence: "http Server header"))
    }

    /// A UPnP device description served by this connection's server (UPnP Device
    /// Architecture 2.0 §2.3): its maker, model, model number, serial and friendly name.
    func describeDevice(_ xml: [UInt8], context: FlowContext) {
        guard let d = UPnPDeviceDescription.parse(xml) else { return }
        let host = context.id.respHost
        func emit(_ field: IdentityField, _ value: String?, _ element: String) {
            guard let value else { return }
            context.sink.emit(.identity(host: host, field: field, value: value, evidence: "upnp device description \(element)"))
        }
        emit(.vendor, d.manufacturer, "manufacturer")
        emit(.model, d.modelName, "modelName")
        emit(.product, d.modelNumber, "modelNumber")
        emit(.serial, d.serialNumber, "serialNumber")
        emit(.name, d.friendlyName, "friendlyName")
        context.sink.emit(.role(host: host, role: "upnp_device"))
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
            let files = takeEndedBody(side: 0)
            if let i = transactions.lastIndex(where: { !$0.requestDone }) {
                transactions[i].requestBodyLength = n
                transactions[i].requestDone = true
                transactions[i].requestFiles = files
            }
        case (.head(let h), false):
            let status = h.statusCode ?? 0
            reportBanner(h, context: context)
            if transactions.isEmpty {
                depth += 1
                transactions.append(Transaction(ts: context.ts, depth: depth, request: nil, requestDone: true))
            }
            // An interim 1xx answer leaves the request waiting for its final one, except 101:
            // the connection switches protocols and no other answer comes (RFC 9110 §15.2).
            if (200..<300).contains(status), transactions[0].request?.startLine.first == "CONNECT" {
                isConnectTunnel = true
                // Zeek's http/main.zeek registers a 200 answer's tunnel with the client's port
                // 0: a client's many connections through one proxy are one tunnel.
                if status == 200 {
                    var id = context.id
                    id.origPort = 0
                    context.sink.emit(.tunnelOpened(Tunnel(uidBits: nil, id: id, type: .http)))
                }
            }
            if (100..<200).contains(status) { transactions[0].informational = h }
            if !(100..<200).contains(status) || status == 101 { transactions[0].response = h }
        case (.xmlBody(let xml), false):
            describeDevice(xml, context: context)
        case (.obsoleteLineFold(let header), _):
            context.weird("HTTP_obsolete_line_folding", header, source: "http")
        case (.conflictingContentLength(let values), _):
            context.weird("http_conflicting_content_length", values.joined(separator: ","), source: "http")
        case (.xmlBody, true):
            break  // requests' bodies are never kept
        case (.bodyEnd(let n), false):
            let files = takeEndedBody(side: 1)
            guard !transactions.isEmpty, transactions[0].response != nil else { return }
            var t = transactions.removeFirst()
            t.responseBodyLength = n
            t.responseFiles = files
            log(t, context: context)
            if let next = transactions.first?.request { prepareForResponse(to: next) }
        }
        if case .head(let h) = e, isOrig, transactions.count == 1 { prepareForResponse(to: h) }
    }

    /// Tells the response parser, before it sees the response, what its request implies: a
    /// response to HEAD has no body (RFC 9110 §9.3.2); a 2xx answer to CONNECT opens a tunnel
    /// (§9.3.6).
    func prepareForResponse(to request: HTTPMessageHead) {
        switch request.startLine.first {
        case "HEAD": parsers[1].nextResponseHasNoBody = true
        case "CONNECT": parsers[1].nextResponseAnswersConnect = true
        default: break
        }
    }

    public func finish(context: FlowContext) {
        tunnel?.finish(context: context)
        context.reportMessages(service: "http", count: &messageCount)
        var events: [HTTPParser.Event] = []
        parsers[1].finish(events: &events) { body($0, side: 1, context: context) }
        for e in events { handle(e, isOrig: false, context: context) }
        // A request body cut short by the end of the connection still yields its files.
        if bodies[0] != nil { body(.end, side: 0, context: context) }
        if let i = transactions.lastIndex(where: { !$0.requestDone }), !endedBodies[0].isEmpty {
            transactions[i].requestFiles = takeEndedBody(side: 0)
        }
        flush(context)
    }

    func flush(_ context: FlowContext) {
        for t in transactions { log(t, context: context) }
        transactions.removeAll()
    }

    func log(_ t: Transaction, context: FlowContext) {
        context.sink.emit(
            .http(
                HTTPTransactionEvent(
                    ts: t.ts, flow: context.flow, depth: t.depth, request: t.request, requestBodyLength: t.requestBodyLength,
                    response: t.response, responseBodyLength: t.responseBodyLength, informational: t.informational,
                    requestFiles: t.requestFiles, responseFiles: t.responseFiles)))
    }
}
