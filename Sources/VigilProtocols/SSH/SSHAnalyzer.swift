import Crypto
import VigilCore
import VigilEvents

/// SSH (RFC 4253) as Zeek's ssh.log describes it. The identification strings and the binary
/// packets before each side's NEWKEYS are read in the clear: the KEXINIT lists give the
/// negotiated algorithms and the HASSH fingerprints, the key exchange reply the server's host
/// key. After NEWKEYS only the sizes of the server's first encrypted segments are read, to
/// tell whether authentication succeeded, as Zeek's SSH analyzer does.
public final class SSHAnalyzer: ProtocolAnalyzer {
    enum Phase {
        /// Reading lines up to the identification string (a server may send other lines first).
        case identification
        /// Reading binary packets in the clear.
        case packets
        /// After this side's NEWKEYS: only segment sizes are read.
        case encrypted
        /// Framing was lost: nothing more is read from this side.
        case lost
    }

    var phase: [Phase] = [.identification, .identification]
    var pending: [[UInt8]] = [[], []]
    var kexInit: [SSHKexInit?] = [nil, nil]
    var session: SSHSessionEvent?
    var logged = false
    var hadGap = false
    var messageCount = 0
    /// Zeek's packet-size reading of authentication (SSH.cc, ProcessEncrypted): the server's
    /// first encrypted segment after the client's is the service accept; the next one is a
    /// failure reply, whose size each later failure repeats; a segment 16 bytes smaller than
    /// the service accept is the success reply.
    var sawEncryptedClientData = false
    var serviceAcceptSize = 0
    var userauthFailureSize = 0
    var skippedBanner = false
    var authDecided = false

    /// RFC 4253 §4.2 allows 255 characters; longer lines are read up to this before the side
    /// is given up.
    static let maxLineBytes = 8 * 1024
    /// OpenSSH refuses packets over 256 KiB (its PACKET_MAX_SIZE).
    static let maxPacketBytes = 256 * 1024
    /// Zeek's SSH::compression_algorithms: with these the sizes of encrypted packets say
    /// nothing about authentication.
    static let compressionAlgorithms: Set<String> = ["zlib", "zlib@openssh.com"]

    public static let descriptor = AnalyzerDescriptor(
        service: "ssh", transports: [.tcp], serverPorts: [22],
        confirms: { b, _, _ in b.count >= 4 && b[0] == 0x53 && b[1] == 0x53 && b[2] == 0x48 && b[3] == 0x2D },  // "SSH-"
        make: { SSHAnalyzer() })

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        let side = isOrig ? 0 : 1
        guard !hadGap else { return }
        switch phase[side] {
        case .lost: return
        case .encrypted: return encrypted(length: data.count, isOrig: isOrig, context: context)
        case .identification, .packets: break
        }
        pending[side].append(contentsOf: data)
        var used = 0
        if phase[side] == .identification { used = readIdentification(side, context: context) }
        if phase[side] == .packets { used = readPackets(side, from: used, context: context) }
        if phase[side] == .encrypted {
            // Bytes after NEWKEYS in the same delivery are the first encrypted segment.
            let rest = pending[side].count - used
            pending[side] = []
            if rest > 0 { encrypted(length: rest, isOrig: isOrig, context: context) }
            return
        }
        pending[side].removeFirst(min(used, pending[side].count))
    }

    /// Reads lines until the identification string; returns the bytes used.
    func readIdentification(_ side: Int, context: FlowContext) -> Int {
        var start = 0
        let bytes = pending[side]
        while let lf = bytes[start...].firstIndex(of: 0x0A) {
            var line = bytes[start..<lf]
            if line.last == 0x0D { line = line.dropLast() }
            start = lf + 1
            // A client's first line is its identification; a server's is the first starting SSH-.
            guard side == 0 || line.starts(with: Self.prefix) else { continue }
            identified(side, String(decoding: line, as: UTF8.self), context: context)
            phase[side] = .packets
            return start
        }
        if bytes.count - start > Self.maxLineBytes {
            lose(side, "identification line longer than \(Self.maxLineBytes) bytes", context)
            return bytes.count
        }
        return start
    }

    static let prefix = Array("SSH-".utf8)

    func identified(_ side: Int, _ text: String, context: FlowContext) {
        messageCount += 1
        var s = session ?? SSHSessionEvent(ts: context.ts, flow: context.flow)
        if side == 0 { s.client = text } else { s.server = text }
        if let c = s.client, let v = s.server { s.version = Self.version(client: Array(c.utf8), server: Array(v.utf8)) ?? s.version }
        session = s
        if side == 1 { context.sink.emit(.role(host: context.host(isOrig: false), role: "ssh_server")) }
    }

    /// The protocol version two identification strings agree on, as Zeek's set_version reads
    /// them: the major version's digit, with `1.99` (RFC 4253 §5.1) counting as 2 where the
    /// other side speaks 2.
    static func version(client c: [UInt8], server s: [UInt8]) -> Int? {
        guard c.count > 4, s.count > 4 else { return nil }
        func is199(_ v: [UInt8]) -> Bool { v.count > 7 && v[6] == 0x39 && v[7] == 0x39 }
        switch (c[4], s[4]) {
        case (0x31, 0x32): return is199(c) ? 2 : 0
        case (0x32, 0x31): return is199(s) ? 2 : 0
        case (0x31, 0x31): return is199(s) ? (is199(c) ? 2 : 1) : 1
        case (0x32, 0x32): return 2
        default: return nil
        }
    }

    /// Reads binary packets (RFC 4253 §6) from `start`; returns the bytes used.
    func readPackets(_ side: Int, from start: Int, context: FlowContext) -> Int {
        var at = start
        let bytes = pending[side]
        while bytes.count - at >= 5 {
            let length = Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            guard length <= Self.maxPacketBytes else {
                context.weird("SSH_max_packet_length_exceeded", "\(length) > \(Self.maxPacketBytes)", source: "ssh")
                phase[side] = .lost
                return bytes.count
            }
            let padding = Int(bytes[at + 4])
            guard length >= padding + 2 else {
                lose(side, "packet of \(length) bytes with \(padding) bytes of padding", context)
                return bytes.count
            }
            guard bytes.count - at >= 4 + length else { break }
            let payload = bytes[(at + 5)..<(at + 4 + length - padding)]
            at += 4 + length
            messageCount += 1
            packet(payload, side: side, context: context)
            if phase[side] == .encrypted { break }
        }
        return at
    }

    func packet(_ payload: ArraySlice<UInt8>, side: Int, context: FlowContext) {
        guard let code = payload.first else { return }
        switch code {
        case 20:
            // A second KEXINIT from the same side (a re-key in the clear) changes nothing.
            guard kexInit[side] == nil, let k = SSHKexInit(payload: payload) else { return }
            kexInit[side] = k
            negotiated()
        case 21:
            phase[side] = .encrypted
        case 31, 33:
            guard side == 1 else { return }
            // The server's key exchange reply starts with its host key (K_S): message 31 for
            // Diffie-Hellman (§8), ECDH (RFC 5656 §4) and the hybrid exchanges, 33 for group
            // exchange (RFC 4419 §3), where 31 carries the group instead.
            let groupExchange = session?.kex?.contains("group-exchange") ?? false
            guard (code == 33) == groupExchange else { return }
            var reader = SSHReader(payload.dropFirst())
            guard let key = reader.string() else { return }
            session?.hostKey = Insecure.MD5.hash(data: key).map { Hex.byte($0) }.joined(separator: ":")
        default:
            break
        }
    }

    /// Fills the negotiated algorithms and fingerprints once both KEXINITs are in.
    func negotiated() {
        guard var s = session else { return }
        if let k = kexInit[0] {
            s.hasshAlgorithms = k.hasshInput(isClient: true)
            s.clientHostKeyAlgorithms = k.hostKey.joined(separator: ",")
            s.hassh = Hex.string(Insecure.MD5.hash(data: Array(s.hasshAlgorithms!.utf8)))
        }
        if let k = kexInit[1] {
            s.hasshServerAlgorithms = k.hasshInput(isClient: false)
            s.serverHostKeyAlgorithms = k.hostKey.joined(separator: ",")
            s.hasshServer = Hex.string(Insecure.MD5.hash(data: Array(s.hasshServerAlgorithms!.utf8)))
        }
        if let c = kexInit[0], let v = kexInit[1] {
            s.cipher = SSHKexInit.negotiate(c.cipher, v.cipher)
            s.mac = SSHKexInit.negotiate(c.mac, v.mac)
            s.compression = SSHKexInit.negotiate(c.compression, v.compression)
            s.kex = SSHKexInit.negotiate(c.kex, v.kex)
            s.hostKeyAlgorithm = SSHKexInit.negotiate(c.hostKey, v.hostKey)
        }
        session = s
    }

    /// One encrypted segment of `length` bytes: Zeek's reading of authentication from sizes.
    func encrypted(length: Int, isOrig: Bool, context: FlowContext) {
        guard !authDecided, session?.version == 2 else { return }
        if isOrig {
            sawEncryptedClientData = true
            return
        }
        guard sawEncryptedClientData else { return }
        if serviceAcceptSize == 0 {
            serviceAcceptSize = length
        } else if userauthFailureSize == 0 && length + 16 == serviceAcceptSize {
            authDecided = true
            authAttempted(true, context: context)
        } else if userauthFailureSize == 0 {
            // A login banner (SSH_MSG_USERAUTH_BANNER) may come first: one large segment is skipped.
            if !skippedBanner && length - serviceAcceptSize > 256 {
                skippedBanner = true
            } else {
                userauthFailureSize = length
            }
        } else if length == userauthFailureSize {
            authAttempted(false, context: context)
        } else if length - serviceAcceptSize == -16 {
            authDecided = true
            authAttempted(true, context: context)
        }
    }

    /// Zeek's ssh_auth_attempted handlers: counted unless compression hides the sizes; a
    /// success writes the row at once.
    func authAttempted(_ success: Bool, context: FlowContext) {
        guard var s = session, s.authSuccess != true else { return }
        if let c = s.compression, Self.compressionAlgorithms.contains(c) { return }
        s.authSuccess = success
        s.authAttempts += 1
        session = s
        if success { emit(context) }
    }

    func emit(_ context: FlowContext) {
        guard !logged, let s = session else { return }
        logged = true
        context.sink.emit(.ssh(s))
    }

    func lose(_ side: Int, _ why: String, _ context: FlowContext) {
        context.weird("ssh_malformed", why, source: "ssh")
        phase[side] = .lost
        pending[side] = []
    }

    public func gap(length: Int, isOrig: Bool, context: FlowContext) {
        hadGap = true
        pending = [[], []]
    }

    public func finish(context: FlowContext) {
        context.reportMessages(service: "ssh", count: &messageCount)
        emit(context)
    }
}
