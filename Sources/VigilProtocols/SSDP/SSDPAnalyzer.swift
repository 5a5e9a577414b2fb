import VigilCore
import VigilEvents

/// SSDP over UDP (UPnP Device Architecture 2.0 §1): HTTP-shaped messages on port 1900 by
/// which devices announce themselves (NOTIFY, mostly to 239.255.255.250) and control points
/// look for them (M-SEARCH), answered by unicast `HTTP/1.1 200 OK`. A device's SERVER header
/// names its software ("Linux/4.9 UPnP/1.0 IpBridge/1.26.0"), given as its `software`
/// identity; LOCATION, the URL of its description, comes with the event.
public final class SSDPAnalyzer: ProtocolAnalyzer {
    var messageCount = 0
    var reported: Set<String> = []

    public static let descriptor = AnalyzerDescriptor(
        service: "ssdp", transports: [.udp], serverPorts: [1900],
        confirms: { b, _, id in
            guard let kind = kind(b) else { return false }
            // A bare "HTTP/1.1 200 OK" is any HTTP-over-UDP answer: it is SSDP from port 1900.
            return kind != .response || id.origPort == 1900 || id.respPort == 1900
        }, make: { SSDPAnalyzer() })

    /// The message's kind from its start line (§1.2.2, §1.3.2, §1.3.3).
    static func kind(_ b: UnsafeRawBufferPointer) -> SSDPMessageEvent.Kind? {
        func starts(_ s: String) -> Bool { b.count >= s.utf8.count && b.prefix(s.utf8.count).elementsEqual(s.utf8) }
        if starts("NOTIFY * HTTP/1.1\r\n") { return .notify }
        if starts("M-SEARCH * HTTP/1.1\r\n") { return .search }
        if starts("HTTP/1.1 200 OK\r\n") || starts("HTTP/1.0 200 OK\r\n") { return .response }
        return nil
    }

    /// Reads the message: its kind and the headers SSDP defines, from its head as HTTP reads
    /// one (`HTTPParser.parseHead`). Nil when the start line is not SSDP's.
    static func parse(_ b: UnsafeRawBufferPointer, ts: Timestamp, flow: FlowRef, isOrig: Bool) -> SSDPMessageEvent? {
        guard let kind = kind(b),
            let head = try? HTTPParser.parseHead(
                UnsafeRawBufferPointer(rebasing: b.prefix(HTTPParser.findHeadEnd(b, from: 0) ?? b.count)), isRequest: kind != .response)
        else { return nil }
        var e = SSDPMessageEvent(ts: ts, flow: flow, isOrig: isOrig, kind: kind)
        e.target = head.header("NT") ?? head.header("ST")
        e.subtype = head.header("NTS")
        e.usn = head.header("USN")
        e.server = head.header("SERVER")
        e.location = head.header("LOCATION")
        return e
    }

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        guard let e = Self.parse(data, ts: context.ts, flow: context.flow, isOrig: isOrig) else {
            return context.weird("ssdp_malformed", "\(data.count) bytes", source: "ssdp")
        }
        messageCount += 1
        let host = context.host(isOrig: isOrig)
        if e.kind == .search {
            once("\(host) control point") { context.sink.emit(.role(host: host, role: "upnp_control_point")) }
        } else {
            once("\(host) device") { context.sink.emit(.role(host: host, role: "upnp_device")) }
            if let server = e.server, !server.isEmpty {
                once("\(host) server") {
                    context.sink.emit(.identity(host: host, field: .software, value: server, evidence: "ssdp SERVER header"))
                }
            }
        }
        context.sink.emit(.ssdp(e))
    }

    /// Runs `body` the first time `key` comes up in this flow: a device repeats itself.
    func once(_ key: String, _ body: () -> Void) {
        if reported.insert(key).inserted { body() }
    }

    public func finish(context: FlowContext) {
        context.reportMessages(service: "ssdp", count: &messageCount)
    }
}
