/// Which waiting command a reply answers, as Zeek's ftp/utils-commands.zeek decides it: a
/// command whose possible reply codes include this one (RFC 959 §5.4, and the extensions'
/// RFCs) scores 100, or any command when the code is 500; naming the command in the reply
/// text adds 20, naming its argument 10; the best score wins, the oldest command on a tie.
enum FTPPendingCommands {
    static func best(_ pending: [FTPSession.Command], code: Int, message: String) -> FTPSession.Command {
        var best: FTPSession.Command?
        var bestScore = -1
        for c in pending {
            var score = 0
            if code == 500 || replyCodes[c.name]?.contains(code) == true { score += 100 }
            if bytes(of: message, contain: c.name) { score += 20 }
            // Zeek's strstr finds an empty argument at the start of any text.
            if c.arg.isEmpty || bytes(of: message, contain: c.arg) { score += 10 }
            if score > bestScore || (score == bestScore && c.seq < (best?.seq ?? .max)) {
                bestScore = score
                best = c
            }
        }
        return best ?? FTPSession.Command(ts: .zero, name: "<unknown>", arg: "", seq: 0)
    }

    /// Whether `part`'s bytes occur in `text`'s, as Zeek's strstr compares them. Not
    /// Foundation's `contains`, which compares by characters and stopped the process with "String
    /// index is out of bounds" on a fuzzed reply holding control bytes.
    static func bytes(of text: String, contain part: String) -> Bool {
        let t = Array(text.utf8)
        let p = Array(part.utf8)
        guard !p.isEmpty else { return true }
        guard p.count <= t.count else { return false }
        for i in 0...(t.count - p.count) where t[i] == p[0] && t[i..<(i + p.count)].elementsEqual(p) { return true }
        return false
    }

    /// FTP::cmd_reply_code.
    static let replyCodes: [String: Set<Int>] = [
        "<init>": [120, 220, 421, 0],
        "USER": [230, 331, 332, 421, 530, 500, 501],
        "PASS": [230, 202, 332, 421, 530, 500, 501, 503],
        "ACCT": [230, 202, 421, 530, 500, 501, 503],
        "CWD": [250, 421, 500, 501, 502, 530, 550],
        "CDUP": [200, 250, 421, 500, 501, 502, 530, 550],
        "SMNT": [202, 250, 421, 500, 501, 502, 530, 550],
        "REIN": [120, 220, 421, 500, 502],
        "QUIT": [221, 500, 0],
        "PORT": [200, 421, 500, 501, 530],
        "PASV": [227, 421, 500, 501, 502, 530],
        "MODE": [200, 421, 500, 501, 502, 504, 530],
        "TYPE": [200, 421, 500, 501, 504, 530],
        "STRU": [200, 421, 500, 501, 504, 530],
        "ALLO": [200, 202, 421, 500, 501, 504, 530],
        "REST": [200, 350, 421, 500, 501, 502, 530],
        "STOR": [110, 125, 150, 226, 250, 421, 425, 426, 451, 551, 552, 532, 450, 452, 553, 500, 501, 530, 550],
        "STOU": [110, 125, 150, 226, 250, 421, 425, 426, 451, 551, 552, 532, 450, 452, 553, 500, 501, 530, 550],
        "RETR": [110, 125, 150, 226, 250, 421, 425, 426, 451, 450, 500, 501, 530, 550],
        "LIST": [125, 150, 226, 250, 421, 425, 426, 451, 450, 500, 501, 502, 530, 550],
        "NLST": [125, 150, 226, 250, 421, 425, 426, 451, 450, 500, 501, 502, 530, 550],
        "APPE": [125, 150, 226, 250, 421, 425, 426, 451, 551, 552, 532, 450, 550, 452, 553, 500, 501, 502, 530],
        "RNFR": [350, 421, 450, 550, 500, 501, 502, 530],
        "RNTO": [250, 421, 532, 553, 500, 501, 502, 503, 530],
        "DELE": [250, 421, 450, 550, 500, 501, 502, 530],
        "RMD": [250, 421, 500, 501, 502, 530, 550],
        "MKD": [257, 421, 500, 501, 502, 530, 550],
        "PWD": [257, 421, 500, 501, 502, 550],
        "ABOR": [225, 226, 421, 500, 501, 502],
        "SYST": [215, 421, 500, 501, 502, 530],
        "STAT": [211, 212, 213, 421, 450, 500, 501, 502, 530],
        "HELP": [200, 211, 214, 421, 500, 501, 502],
        "SITE": [200, 202, 214, 500, 501, 502, 530],
        "NOOP": [200, 421, 500],
        "LPRT": [500, 501, 521],  // RFC 1639
        "FEAT": [211, 500, 502],  // RFC 2389
        "OPTS": [200, 451, 501],  // RFC 2389
        "EPSV": [229, 500, 501],  // RFC 2428
        "EPRT": [200, 500, 501, 522],  // RFC 2428
        "SIZE": [213, 500, 501, 550],  // RFC 3659
        "MDTM": [213, 500, 501, 550],  // RFC 3659
        "MLST": [150, 226, 250, 500, 501, 550],  // RFC 3659
        "MLSD": [150, 226, 250, 500, 501, 550],  // RFC 3659
        "CLNT": [200, 500],
        "MACB": [200, 500, 550],
        "<missing>": [0],
    ]
}
