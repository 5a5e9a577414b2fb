import Crypto
import Foundation
import Testing
import VigilCore
import VigilLogs

@testable import VigilSensor

/// ssh.log against tshark's dissection of samples/ssh-sessions.pcap (OpenSSH and Dropbear
/// servers, OpenSSH and Dropbear clients; scripts/make-ssh-sample.sh): the identification
/// strings, the HASSH fingerprints and the lists they hash, the server's host key, and the
/// negotiated algorithms recomputed from the KEXINIT lists tshark reads.
@Suite struct SSHAgreementTests {
    static let sample = Corpus.packageRoot.appendingPathComponent("samples/ssh-sessions.pcap").path

    /// tshark's fields per TCP stream and side (0 the client, 1 the server: the side sending
    /// from port 22 or 2222), each field's values in packet order.
    static func streams(_ names: [String]) throws -> [Int: [[String: [String]]]] {
        let data = try Corpus.tshark(
            [
                "-n", "-r", sample, "-d", "tcp.port==2222,ssh", "-Y", "ssh", "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|",
                "-e", "tcp.stream", "-e", "tcp.srcport",
            ] + names.flatMap { ["-e", $0] })
        var out: [Int: [[String: [String]]]] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard let stream = Int(f[0]) else { continue }
            let side = ["22", "2222"].contains(f[1]) ? 1 : 0
            if out[stream] == nil { out[stream] = [[:], [:]] }
            if side == 0 { out[stream]![0]["port", default: []].append(f[1]) }
            for (name, value) in zip(names, f.dropFirst(2)) where !value.isEmpty {
                out[stream]![side][name, default: []] += value.split(separator: "|").map(String.init)
            }
        }
        return out
    }

    static func text(_ r: LogRecord, _ f: String) -> String { EventSubscriberTests.text(r, f) }

    /// An SSH `string` (RFC 4251 §5): a 32-bit length, then the bytes.
    static func sshString(_ b: [UInt8]) -> [UInt8] {
        withUnsafeBytes(of: UInt32(b.count).bigEndian, Array.init) + b
    }

    static func hex(_ s: String) -> [UInt8] {
        let digits = Array(s.replacingOccurrences(of: ":", with: "").utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    @Test func sessionsAgreeWithTshark() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer")
        let (sink, _) = TsharkAgreementTests.analyze(Self.sample)
        let rows = sink.rows("ssh")
        let peer = try Self.streams([
            "ssh.protocol", "ssh.kex.hassh", "ssh.kex.hasshserver", "ssh.kex.hassh_algorithms", "ssh.kex.hasshserver_algorithms",
            "ssh.kex_algorithms", "ssh.server_host_key_algorithms", "ssh.encryption_algorithms_client_to_server",
            "ssh.mac_algorithms_client_to_server", "ssh.compression_algorithms_client_to_server", "ssh.host_key.type",
            "ssh.host_key.eddsa.key", "ssh.host_key.ecdsa.id", "ssh.host_key.ecdsa.q",
        ])
        #expect(rows.count == peer.count && rows.count == 5)
        let conns = sink.rows("conn")
        for (stream, sides) in peer {
            let (client, server) = (sides[0], sides[1])
            // The stream's client port names its row.
            let row = try #require(rows.first { Self.text($0, "id.orig_p") == client["port"]?.first }, "stream \(stream)")
            #expect(Self.text(row, "client") == client["ssh.protocol"]?.first)
            #expect(Self.text(row, "server") == server["ssh.protocol"]?.first)
            #expect(Self.text(row, "hassh") == client["ssh.kex.hassh"]?.first)
            #expect(Self.text(row, "hasshServer") == server["ssh.kex.hasshserver"]?.first)
            #expect(Self.text(row, "hasshAlgorithms") == client["ssh.kex.hassh_algorithms"]?.first)
            #expect(Self.text(row, "hasshServerAlgorithms") == server["ssh.kex.hasshserver_algorithms"]?.first)
            #expect(Self.text(row, "cshka") == client["ssh.server_host_key_algorithms"]?.first)
            #expect(Self.text(row, "sshka") == server["ssh.server_host_key_algorithms"]?.first)
            #expect(Self.text(row, "version") == "2")

            // Negotiation (RFC 4253 §7.1): the client's first algorithm the server also names.
            func negotiated(_ field: String) -> String? {
                guard let mine = client[field]?.first, let theirs = server[field]?.first else { return nil }
                let offered = Set(theirs.split(separator: ","))
                return mine.split(separator: ",").first { offered.contains($0) }.map(String.init)
            }
            #expect(Self.text(row, "kex_alg") == negotiated("ssh.kex_algorithms"))
            #expect(Self.text(row, "host_key_alg") == negotiated("ssh.server_host_key_algorithms"))
            #expect(Self.text(row, "cipher_alg") == negotiated("ssh.encryption_algorithms_client_to_server"))
            #expect(Self.text(row, "mac_alg") == negotiated("ssh.mac_algorithms_client_to_server"))
            #expect(Self.text(row, "compression_alg") == negotiated("ssh.compression_algorithms_client_to_server"))

            // The host key's MD5, over the key blob rebuilt from tshark's fields (RFC 8709 §4
            // for Ed25519, RFC 5656 §3.1 for ECDSA).
            let type = try #require(server["ssh.host_key.type"]?.first)
            var blob = Self.sshString(Array(type.utf8))
            if let key = server["ssh.host_key.eddsa.key"]?.first {
                blob += Self.sshString(Self.hex(key))
            } else if let curve = server["ssh.host_key.ecdsa.id"]?.first, let q = server["ssh.host_key.ecdsa.q"]?.first {
                blob += Self.sshString(Array(curve.utf8)) + Self.sshString(Self.hex(q))
            }
            let md5 = Insecure.MD5.hash(data: blob).map { String(format: "%02x", $0) }.joined(separator: ":")
            #expect(Self.text(row, "host_key") == md5, "stream \(stream): \(type)")
            #expect(conns.contains { Self.text($0, "uid") == Self.text(row, "uid") && Self.text($0, "service") == "ssh" })
        }

        // What the sample's script did (scripts/make-ssh-sample.sh): a key login, three wrong
        // passwords, then a compressed login over OpenSSH; Dropbear's client compresses too,
        // so its sizes say nothing, as Zeek's SSH::compression_algorithms has it.
        let openssh = rows.filter { Self.text($0, "id.resp_p") == "22" }.sorted { Self.text($0, "ts") < Self.text($1, "ts") }
        #expect(openssh.map { Self.text($0, "auth_success") } == ["T", "F", "-"])
        #expect(openssh.map { Self.text($0, "auth_attempts") } == ["1", "3", "0"])
        #expect(rows.filter { Self.text($0, "id.resp_p") == "2222" }.allSatisfy { Self.text($0, "auth_success") == "-" })
    }
}
