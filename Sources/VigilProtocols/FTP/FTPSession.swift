import VigilCore
import VigilEvents

/// One FTP control session as Zeek's ftp/main.zeek follows it: the user, the working
/// directory, the commands waiting for replies, and what the current reply said.
struct FTPSession {
    struct Command {
        var ts: Timestamp
        var name: String
        var arg: String
        var seq: Int
        var cwdConsumed = false
    }

    let flow: FlowRef
    /// What the session's data connections said of their files, for the next row.
    let transfer = FTPTransferNote()
    var user = "<unknown>"
    var password: String?
    var cwd = "."
    /// Commands sent and not yet logged, by sequence number; `<init>` stands for the greeting.
    var pending: [Command]
    var commandSeq = 1
    /// The command the last reply answered, and that reply.
    var current: Command?
    var replyCode: Int?
    var replyMessage: String?
    var fileSize: Int?
    var dataChannel: FTPCommandEvent.DataChannel?
    /// The code of a multi-line reply (RFC 959 §4.2) whose last line has not come.
    var multiLineCode: Int?

    /// FTP::max_pending_commands.
    static let maxPendingCommands = 20
    /// FTP::guest_ids: their passwords are logged.
    static let guestIDs: Set<String> = ["anonymous", "ftp", "ftpuser", "guest"]
    /// Commands whose argument names a file or directory: logged as an ftp:// URL.
    static let fileCommands: Set<String> = [
        "APPE", "CWD", "DELE", "MKD", "RETR", "RMD", "RNFR", "RNTO", "STOR", "STOU", "REST", "SIZE", "MDTM",
    ]

    init(ts: Timestamp, flow: FlowRef) {
        self.flow = flow
        pending = [Command(ts: ts, name: "<init>", arg: "", seq: 1)]
    }

    /// A client line: the previous command is logged if it was answered, and this one waits.
    mutating func request(_ line: [UInt8], context: FlowContext) -> [FTPCommandEvent] {
        var out: [FTPCommandEvent] = []
        if let c = current, replyCode != nil, let i = pending.firstIndex(where: { $0.seq == c.seq }) {
            pending.remove(at: i)
            out += message()
        }
        let text = String(decoding: line, as: UTF8.self)
        let word = text.prefix { $0 != " " }
        let name = word.uppercased()
        let arg = String(text.dropFirst(word.count).drop { $0 == " " })
        if pending.count < Self.maxPendingCommands {
            commandSeq += 1
            pending.append(Command(ts: context.ts, name: name, arg: arg, seq: commandSeq))
        } else {
            context.weird("FTP_too_many_pending_commands", "\(pending.count)", source: "ftp")
        }
        switch name {
        case "USER": user = String(arg.prefix(128))
        case "PASS": password = String(arg.prefix(128))
        case "PORT", "EPRT":
            if let (host, port) = name == "PORT" ? FTPAddresses.port(arg) : FTPAddresses.extendedPort(arg) {
                dataChannel = .init(passive: false, origHost: flow.id.respHost, respHost: host, respPort: port)
                context.shared.ftpData.expect(dataChannel!, at: context.ts, note: transfer)
            }
        default: break
        }
        return out
    }

    /// A server line: it answers the waiting command that fits it best.
    mutating func reply(_ line: [UInt8], context: FlowContext) -> [FTPCommandEvent] {
        let (code, text, continued) = parseReply(line)
        // A line inside a multi-line reply with no code of its own answers nothing, unless it
        // reads like a reply (some servers end a multi-line reply with another code).
        if continued && code == 0 && replyCode != nil {
            guard Self.looksLikeReply(text) else { return [] }
        }
        current = FTPPendingCommands.best(pending, code: code, message: text)
        replyCode = code
        replyMessage = text
        guard !continued, let c = current else { return [] }
        if (code == 150 && c.name == "RETR") || (code == 213 && c.name == "SIZE") {
            fileSize = FTPAddresses.lastNumber(text)
        } else if (code == 227 || code == 229) && (c.name == "PASV" || c.name == "EPSV") {
            let parsed = code == 227 ? FTPAddresses.passive(text) : FTPAddresses.extendedPassive(text, server: flow.id.respHost)
            if let (host, port) = parsed {
                dataChannel = .init(passive: true, origHost: flow.id.origHost, respHost: host, respPort: port)
                context.shared.ftpData.expect(dataChannel!, at: context.ts, note: transfer)
            }
        }
        if !c.cwdConsumed, Self.changesDirectory(c.name, code) {
            current?.cwdConsumed = true
            if let i = pending.firstIndex(where: { $0.seq == c.seq }) { pending[i].cwdConsumed = true }
            switch c.name {
            case "CWD": cwd = FTPPaths.compressed(FTPPaths.join(cwd, c.arg))
            case "CDUP": cwd = FTPPaths.compressed(FTPPaths.join(cwd, "/.."))
            default: cwd = FTPPaths.quoted(text) ?? cwd
            }
        }
        // With several commands waiting, the one answered is logged now.
        if pending.count > 1, let i = pending.firstIndex(where: { $0.seq == c.seq }) {
            pending.remove(at: i)
            return message()
        }
        return []
    }

    /// The connection ended: every command still waiting is logged with the last reply.
    mutating func finish() -> [FTPCommandEvent] {
        var out: [FTPCommandEvent] = []
        for c in pending {
            current = c
            out += message()
        }
        pending = []
        return out
    }

    /// Zeek's ftp_message: the row for the current command if Zeek logs it; the file and
    /// data-channel fields are cleared after any command, logged or not.
    mutating func message() -> [FTPCommandEvent] {
        defer {
            fileSize = nil
            dataChannel = nil
        }
        guard let c = current, FTPCommandEvent.loggedCommands.contains(c.name) else {
            _ = transfer.take()
            return []
        }
        let hide = !Self.guestIDs.contains(user.lowercased())
        var e = FTPCommandEvent(ts: c.ts, flow: flow, user: user, command: c.name)
        var arg = Self.fileCommands.contains(c.name) ? "ftp://" + FTPPaths.url(cwd: cwd, arg: c.arg, server: flow.id.respHost) : c.arg
        if c.name == "PASS" && hide { arg = "<hidden>" }
        e.arg = arg.isEmpty ? nil : String(arg.prefix(4096))
        e.password = password.map { hide ? "<hidden>" : $0 }
        e.fileSize = fileSize
        e.replyCode = replyCode
        e.replyMessage = replyMessage.map { String($0.prefix(4096)) }
        e.dataChannel = dataChannel
        (e.fuid, e.mimeType) = transfer.take()
        return [e]
    }

    /// A reply line's code, its text, and whether more lines of the reply follow (RFC 959
    /// §4.2: `123-` opens a multi-line reply, `123 ` with the same code closes it).
    mutating func parseReply(_ line: [UInt8]) -> (code: Int, text: String, continued: Bool) {
        let digits = line.count >= 3 && line[0..<3].allSatisfy { (0x30...0x39).contains($0) }
        let code = digits ? Int(line[0] - 0x30) * 100 + Int(line[1] - 0x30) * 10 + Int(line[2] - 0x30) : 0
        let sep: UInt8? = line.count > 3 ? line[3] : nil
        if let open = multiLineCode {
            if digits && code == open && sep != 0x2D {
                multiLineCode = nil
                return (code, Self.text(line.dropFirst(4)), false)
            }
            return (0, Self.text(line[...]), true)
        }
        guard digits else { return (0, Self.text(line[...]), true) }
        if sep == 0x2D {
            multiLineCode = code
            return (code, Self.text(line.dropFirst(4)), true)
        }
        return (code, Self.text(line.dropFirst(4)), false)
    }

    static func text(_ b: ArraySlice<UInt8>) -> String { String(decoding: b, as: UTF8.self) }

    /// Zeek's test for a continuation line that is really a reply: three digits, a space and
    /// at least ten printable characters.
    static func looksLikeReply(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count >= 14, (0x31...0x39).contains(b[0]), (0x30...0x39).contains(b[1]), (0x30...0x39).contains(b[2]), b[3] == 0x20
        else { return false }
        return b[4..<14].allSatisfy { (0x20...0x7E).contains($0) }
    }

    /// Zeek's directory_cmds: the commands that change or show the working directory, with
    /// the reply codes that mean they did.
    static func changesDirectory(_ command: String, _ code: Int) -> Bool {
        switch (command, code) {
        case ("CWD", 250), ("CDUP", 200), ("CDUP", 250), ("PWD", 257), ("XPWD", 257): true
        default: false
        }
    }
}
