import Crypto
import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// SSH as ssh.log gives it, on hand-made sessions: what the samples' real software does not
/// show (a pre-banner line, SSH 1.99, group exchange, a banner before the failure replies,
/// framing faults and gaps).
@Suite struct SSHAnalyzerTests {
    /// Delivers each segment (bytes, from the client?) and returns the session events and weirds.
    static func run(_ segments: [([UInt8], Bool)], port: UInt16 = 22) -> (sessions: [SSHSessionEvent], weirds: [String]) {
        let sink = CollectingSink()
        let id = ConnectionID(origHost: .v4(0x0A00_0002), origPort: 40000, respHost: .v4(0x0A00_0001), respPort: port, proto: .tcp)
        let context = FlowContext(uid: "Cssh", id: id, ts: .zero, sink: sink, limits: .default, shared: SharedProtocolState())
        let a = SSHAnalyzer()
        for (bytes, isOrig) in segments { bytes.withUnsafeBytes { a.deliver($0, isOrig: isOrig, context: context) } }
        a.finish(context: context)
        var sessions: [SSHSessionEvent] = []
        var weirds: [String] = []
        for e in sink.events {
            if case .ssh(let s) = e { sessions.append(s) }
            if case .weird(let w) = e { weirds.append(w.name) }
        }
        return (sessions, weirds)
    }

    static func string(_ b: [UInt8]) -> [UInt8] { withUnsafeBytes(of: UInt32(b.count).bigEndian, Array.init) + b }
    static func string(_ s: String) -> [UInt8] { string(Array(s.utf8)) }

    /// A binary packet (RFC 4253 §6) around `payload`, padded to a multiple of 8 with at least 4 bytes.
    static func packet(_ payload: [UInt8]) -> [UInt8] {
        var padding = 8 - (5 + payload.count) % 8
        if padding < 4 { padding += 8 }
        let length = 1 + payload.count + padding
        return withUnsafeBytes(of: UInt32(length).bigEndian, Array.init) + [UInt8(padding)] + payload
            + [UInt8](repeating: 0, count: padding)
    }

    static func kexinit(kex: String, hostKey: String, cipher: String, mac: String, compression: String = "none") -> [UInt8] {
        var p: [UInt8] = [20] + [UInt8](repeating: 7, count: 16)
        for list in [kex, hostKey, cipher, cipher, mac, mac, compression, compression, "", ""] { p += string(list) }
        return packet(p + [0, 0, 0, 0, 0])
    }

    static let hostKeyBlob = string("ssh-ed25519") + string([UInt8](repeating: 0x42, count: 32))

    /// A session up to both NEWKEYS: client and server lists, the reply carrying the host key.
    static func handshake(
        client: String = "SSH-2.0-PuTTY_Release_0.81", server: String = "SSH-2.0-OpenSSH_8.4", groupExchange: Bool = false
    )
        -> [([UInt8], Bool)]
    {
        let kex = groupExchange ? "diffie-hellman-group-exchange-sha256" : "curve25519-sha256"
        var out: [([UInt8], Bool)] = [
            (Array("\(client)\r\n".utf8), true),
            (Array("\(server)\r\n".utf8), false),
            (
                kexinit(
                    kex: "\(kex),ext-info-c", hostKey: "ssh-ed25519,rsa-sha2-512", cipher: "aes256-ctr,aes128-ctr", mac: "hmac-sha2-256"),
                true
            ),
            (
                kexinit(
                    kex: "sntrup761x25519-sha512,\(kex)", hostKey: "rsa-sha2-512,ssh-ed25519", cipher: "aes128-ctr,aes256-ctr",
                    mac: "hmac-sha2-256"), false
            ),
        ]
        if groupExchange {
            out.append((packet([34, 0, 0, 8, 0, 0, 0, 12, 0, 0, 0, 32, 0]), true))
            // The group (31) comes first and carries no key; the reply (33) does.
            out.append((packet([31] + string([0x7F, 0xFF]) + string([2])), false))
            out.append((packet([32] + string([1, 2, 3])), true))
            out.append((packet([33] + string(hostKeyBlob) + string([9, 9]) + string("sig")), false))
        } else {
            out.append((packet([30] + string([UInt8](repeating: 1, count: 32))), true))
            out.append((packet([31] + string(hostKeyBlob) + string([UInt8](repeating: 2, count: 32)) + string("sig")), false))
        }
        out.append((packet([21]), true))
        out.append((packet([21]), false))
        return out
    }

    static let md5 = Insecure.MD5.hash(data: hostKeyBlob).map { Hex.byte($0) }.joined(separator: ":")

    static func encrypted(_ sizes: [(Int, Bool)]) -> [([UInt8], Bool)] {
        sizes.map { ([UInt8](repeating: 0xAA, count: $0.0), $0.1) }
    }

    @Test func negotiationHostKeyAndFingerprints() throws {
        let s = try #require(Self.run(Self.handshake()).sessions.first)
        #expect(s.client == "SSH-2.0-PuTTY_Release_0.81" && s.server == "SSH-2.0-OpenSSH_8.4" && s.version == 2)
        // The client's first choice the server also offers, whatever the server's order.
        #expect(s.kex == "curve25519-sha256" && s.hostKeyAlgorithm == "ssh-ed25519" && s.cipher == "aes256-ctr")
        #expect(s.mac == "hmac-sha2-256" && s.compression == "none")
        #expect(s.hostKey == Self.md5)
        #expect(s.hasshAlgorithms == "curve25519-sha256,ext-info-c;aes256-ctr,aes128-ctr;hmac-sha2-256;none")
        #expect(s.hassh == Hex.string(Insecure.MD5.hash(data: Array(s.hasshAlgorithms!.utf8))))
        #expect(s.clientHostKeyAlgorithms == "ssh-ed25519,rsa-sha2-512" && s.serverHostKeyAlgorithms == "rsa-sha2-512,ssh-ed25519")
        #expect(s.authSuccess == nil && s.authAttempts == 0)
    }

    @Test func groupExchangeTakesTheKeyFromTheReply() throws {
        let s = try #require(Self.run(Self.handshake(groupExchange: true)).sessions.first)
        #expect(s.kex == "diffie-hellman-group-exchange-sha256" && s.hostKey == Self.md5)
    }

    @Test func successAfterTwoFailuresFromSegmentSizes() throws {
        // Service accept 52; failure replies 44; success 36 (16 less than the accept).
        let run = Self.run(
            Self.handshake()
                + Self.encrypted([(44, true), (52, false), (100, true), (44, false), (100, true), (44, false), (300, true), (36, false)]))
        let s = try #require(run.sessions.first)
        // The first failure reply only gives the size the next ones repeat: Zeek counts the
        // second failure and the success.
        #expect(s.authSuccess == true && s.authAttempts == 2)
        #expect(run.sessions.count == 1)
    }

    @Test func aLoginBannerBeforeTheFirstFailureIsSkipped() throws {
        let s = try #require(
            Self.run(
                Self.handshake()
                    + Self.encrypted([(44, true), (52, false), (100, true), (600, false), (44, false), (100, true), (44, false)])
            )
            .sessions.first)
        #expect(s.authSuccess == false && s.authAttempts == 1)
    }

    @Test func compressionHidesTheOutcome() throws {
        var h = Self.handshake()
        h[2] = (
            Self.kexinit(
                kex: "curve25519-sha256", hostKey: "ssh-ed25519", cipher: "aes256-ctr", mac: "hmac-sha2-256",
                compression: "zlib@openssh.com,none"), true
        )
        h[3] = (
            Self.kexinit(
                kex: "curve25519-sha256", hostKey: "ssh-ed25519", cipher: "aes256-ctr", mac: "hmac-sha2-256",
                compression: "none,zlib@openssh.com"), false
        )
        let s = try #require(Self.run(h + Self.encrypted([(44, true), (52, false), (100, true), (36, false)])).sessions.first)
        #expect(s.compression == "zlib@openssh.com" && s.authSuccess == nil && s.authAttempts == 0)
    }

    @Test func linesBeforeTheServersIdentificationAreSkipped() throws {
        let s = try #require(
            Self.run([(Array("SSH-2.0-client\r\n".utf8), true), (Array("Welcome to the pump station\r\nSSH-1.99-OldServer\n".utf8), false)])
                .sessions.first)
        #expect(s.server == "SSH-1.99-OldServer" && s.version == 2)
    }

    @Test func versionsAsZeekReadsThem() {
        func v(_ c: String, _ s: String) -> Int? { SSHAnalyzer.version(client: Array(c.utf8), server: Array(s.utf8)) }
        #expect(v("SSH-2.0-a", "SSH-2.0-b") == 2)
        #expect(v("SSH-1.5-a", "SSH-2.0-b") == 0)
        #expect(v("SSH-1.99-a", "SSH-2.0-b") == 2)
        #expect(v("SSH-1.5-a", "SSH-1.99-b") == 1)
        #expect(v("SSH-1.99-a", "SSH-1.99-b") == 2)
        #expect(v("SSH-", "SSH-2.0-b") == nil)
    }

    @Test func framingFaultsAreNamedAndWhatCameBeforeIsKept() throws {
        let huge = Self.run([(Array("SSH-2.0-c\r\n".utf8), true), (Array("SSH-2.0-s\r\n".utf8), false), ([0x7F, 0, 0, 0, 4, 20], true)])
        #expect(huge.weirds == ["SSH_max_packet_length_exceeded"])
        #expect(huge.sessions.first?.server == "SSH-2.0-s")
        let padding = Self.run([(Array("SSH-2.0-c\r\n".utf8), true), ([0, 0, 0, 8, 9, 20, 0, 0, 0, 0, 0, 0], true)])
        #expect(padding.weirds == ["ssh_malformed"])
        let longLine = Self.run([([UInt8](repeating: 0x41, count: 9_000), false)])
        #expect(longLine.weirds == ["ssh_malformed"] && longLine.sessions.isEmpty)
    }

    @Test func aGapStopsTheReading() throws {
        let sink = CollectingSink()
        let id = ConnectionID(origHost: .v4(1), origPort: 1, respHost: .v4(2), respPort: 22, proto: .tcp)
        let context = FlowContext(uid: "C", id: id, ts: .zero, sink: sink, limits: .default, shared: SharedProtocolState())
        let a = SSHAnalyzer()
        Array("SSH-2.0-c\r\n".utf8).withUnsafeBytes { a.deliver($0, isOrig: true, context: context) }
        a.gap(length: 10, isOrig: false, context: context)
        Array("SSH-2.0-s\r\n".utf8).withUnsafeBytes { a.deliver($0, isOrig: false, context: context) }
        a.finish(context: context)
        let sessions = sink.events.compactMap { if case .ssh(let s) = $0 { s } else { nil } }
        #expect(sessions.count == 1 && sessions[0].client == "SSH-2.0-c" && sessions[0].server == nil && sessions[0].version == nil)
    }
}
