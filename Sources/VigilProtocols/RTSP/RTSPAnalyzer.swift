import VigilCore
import VigilEvents

/// RTSP 1.0 over TCP (RFC 2326): the control channel of IP cameras and encoders. Vigil reads
/// the first response's head for the server's `Server` header (RFC 2326 §12.36), which names
/// its software ("GStreamer RTSP server", "Hikvision-Webs", "Lavf58.76.100"), and marks the
/// responder an RTSP server: a camera or encoder offering a stream. The media that may follow
/// on the same connection (interleaved `$` frames, §10.12) is not read.
public final class RTSPAnalyzer: ProtocolAnalyzer {
    /// The responder's bytes until the first response head ends.
    var head: [UInt8] = []
    var done = false
    var messageCount = 0

    /// A response head longer than this is not RTSP worth reading.
    static let maxHeadBytes = 8 * 1024
    static let methods = [
        "OPTIONS", "DESCRIBE", "SETUP", "PLAY", "PAUSE", "TEARDOWN", "ANNOUNCE", "RECORD", "GET_PARAMETER", "SET_PARAMETER",
        "REDIRECT",
    ]

    public static let descriptor = AnalyzerDescriptor(
        service: "rtsp", transports: [.tcp], serverPorts: [554, 8554],
        confirms: { b, isOrig, _ in isOrig ? isRequest(b) : startsWith(b, "RTSP/1.0 ") }, make: { RTSPAnalyzer() })

    static func startsWith(_ b: UnsafeRawBufferPointer, _ s: String) -> Bool {
        b.count >= s.utf8.count && b.prefix(s.utf8.count).elementsEqual(s.utf8)
    }

    /// A request line: a method, a space, then an rtsp:// URL or `*` (§6.1).
    static func isRequest(_ b: UnsafeRawBufferPointer) -> Bool {
        methods.contains { startsWith(b, "\($0) rtsp://") || startsWith(b, "\($0) rtsps://") || startsWith(b, "\($0) * ") }
    }

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        if isOrig {
            if Self.isRequest(data) { messageCount += 1 }
            return
        }
        guard !done else { return }
        head.append(contentsOf: data.prefix(Self.maxHeadBytes - head.count))
        let end = head.withUnsafeBytes { HTTPParser.findHeadEnd($0, from: 0) }
        guard let end else {
            if head.count >= Self.maxHeadBytes { giveUp("no end of the response head in \(Self.maxHeadBytes) bytes", context) }
            return
        }
        done = true
        // RTSP's message head is HTTP/1.1's with its own version name (RFC 2326 §6, §7).
        let parsed = head.withUnsafeBytes { b in
            try? HTTPParser.parseHead(UnsafeRawBufferPointer(rebasing: b[..<end]), isRequest: false, version: "RTSP/1.0")
        }
        head = []
        guard let parsed else { return giveUp("the response does not start with RTSP/1.0", context) }
        messageCount += 1
        let server = context.host(isOrig: false)
        context.sink.emit(.role(host: server, role: "rtsp_server"))
        context.sink.emit(.role(host: context.host(isOrig: true), role: "rtsp_client"))
        if let software = parsed.header("Server"), !software.isEmpty {
            context.sink.emit(.identity(host: server, field: .software, value: software, evidence: "rtsp Server header"))
        }
    }

    func giveUp(_ why: String, _ context: FlowContext) {
        done = true
        head = []
        context.weird("rtsp_malformed", why, source: "rtsp")
    }

    public func finish(context: FlowContext) {
        context.reportMessages(service: "rtsp", count: &messageCount)
    }
}
