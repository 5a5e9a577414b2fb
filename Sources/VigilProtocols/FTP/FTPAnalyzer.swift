import VigilCore
import VigilEvents

/// FTP's control connection (RFC 959) as Zeek's ftp.log describes it
/// (base/protocols/ftp/main.zeek): each command waits for the reply that answers it, chosen
/// among the commands still waiting as Zeek chooses it (`FTPPendingCommands`); a command's
/// row is written when the next command comes, or when several wait, as soon as it is
/// answered. Only the commands Zeek logs make rows. The data connections each PORT, EPRT,
/// PASV or EPSV exchange announces are expected (`FTPDataExpectations`) and read by
/// `FTPDataAnalyzer`.
public final class FTPAnalyzer: ProtocolAnalyzer {
    var lines = [LineSplitter(maxLineBytes: 8 * 1024), LineSplitter(maxLineBytes: 8 * 1024)]
    var lost = [false, false]
    var session: FTPSession?
    var messageCount = 0
    var roleReported = false

    public static let descriptor = AnalyzerDescriptor(
        service: "ftp", transports: [.tcp], serverPorts: [21, 2811],
        confirms: { b, isOrig, id in
            // A 220 greeting; SMTP's is claimed first (on its ports, or when it names SMTP).
            guard !isOrig, b.count >= 4, b[0] == 0x32, b[1] == 0x32, b[2] == 0x30, b[3] == 0x20 || b[3] == 0x2D else { return false }
            if [21, 2811].contains(id.respPort) { return true }
            let line = b.prefix { $0 != 0x0A }
            return FTPPendingCommands.bytes(of: String(decoding: line, as: UTF8.self).uppercased(), contain: "FTP")
        },
        make: { FTPAnalyzer() })

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        let side = isOrig ? 0 : 1
        guard !lost[side] else { return }
        let ok = lines[side].feed(data) { line in
            messageCount += 1
            // Taken out while it changes, so that its command list is not copied each line.
            var s = session.take() ?? FTPSession(ts: context.ts, flow: context.flow)
            let rows = isOrig ? s.request(line, context: context) : s.reply(line, context: context)
            session = s
            for r in rows { context.sink.emit(.ftp(r)) }
        }
        if !ok {
            lost[side] = true
            context.weird("FTP_line_too_long", "\(isOrig ? "client" : "server") line over 8 KiB", source: "ftp")
        }
        if !isOrig, !roleReported {
            roleReported = true
            context.sink.emit(.role(host: context.id.respHost, role: "ftp_server"))
        }
    }

    public func gap(length: Int, isOrig: Bool, context: FlowContext) {
        // Lines cannot be found again after a hole: this side is given up, as Zeek's
        // content-line reader would skip the partial line.
        lost[isOrig ? 0 : 1] = true
    }

    public func finish(context: FlowContext) {
        context.reportMessages(service: "ftp", count: &messageCount)
        guard var s = session else { return }
        session = nil
        for r in s.finish() { context.sink.emit(.ftp(r)) }
    }
}
