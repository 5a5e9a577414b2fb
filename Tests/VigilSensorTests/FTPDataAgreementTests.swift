import Crypto
import Foundation
import Testing
import VigilCore
import VigilLogs

@testable import VigilSensor

/// FTP's data connections against tshark on samples/ftp-transfers.pcap (a directory listing
/// and a download in passive mode, an upload in active mode, a refused download, a download
/// over EPSV): which connections are ftp-data, the files they carried (each direction's bytes
/// as tshark follows the stream, their size and MD5), the files tshark exports, and the file
/// id and type the transfer command's ftp.log row names.
@Suite struct FTPDataAgreementTests {
    static let sample = FTPAgreementTests.sample

    static func text(_ r: LogRecord, _ f: String) -> String { EventSubscriberTests.text(r, f) }

    /// The responder address and port of every data connection a PASV, EPSV, PORT or EPRT
    /// exchange announced, as tshark parses them (EPSV names no address: the server's).
    static func announced() throws -> Set<String> {
        let data = try Corpus.tshark([
            "-n", "-r", sample, "-Y", "ftp", "-T", "fields", "-e", "ip.src", "-e", "tcp.srcport", "-e", "ftp.passive.ip", "-e",
            "ftp.passive.port", "-e", "ftp.active.cip", "-e", "ftp.active.port", "-e", "ftp.epsv.port", "-e", "ftp.eprt.ip", "-e",
            "ftp.eprt.port",
        ])
        var out = Set<String>()
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 9 else { continue }
            if !f[3].isEmpty { out.insert("\(f[2]) \(f[3])") }
            if !f[5].isEmpty { out.insert("\(f[4]) \(f[5])") }
            if !f[6].isEmpty { out.insert("\(f[0]) \(f[6])") }
            if !f[8].isEmpty { out.insert("\(f[7]) \(f[8])") }
        }
        return out
    }

    /// Each direction's bytes of one TCP connection as tshark follows it, keyed by the
    /// sending address and port.
    static func followed(_ a: String, _ aPort: String, _ b: String, _ bPort: String) throws -> [String: [UInt8]] {
        let filter = "\(a):\(aPort),\(b):\(bPort)"
        let data = try Corpus.tshark(["-n", "-r", sample, "-q", "-z", "follow,tcp,raw,\(filter)"])
        var nodes: [String] = []
        var bytes: [String: [UInt8]] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("Node 0: ") || line.hasPrefix("Node 1: ") {
                let endpoint = line.dropFirst(8)
                let colon = endpoint.lastIndex(of: ":")!
                nodes.append("\(endpoint[..<colon]) \(endpoint[endpoint.index(after: colon)...])")
                continue
            }
            guard nodes.count == 2, !line.hasPrefix("="), !line.isEmpty else { continue }
            // Node 1's data is indented with a tab.
            let sender = line.hasPrefix("\t") ? nodes[1] : nodes[0]
            bytes[sender, default: []] += SSHAgreementTests.hex(line.trimmingCharacters(in: .whitespaces))
        }
        return bytes
    }

    @Test func dataConnectionsAndTheirFilesAgreeWithTshark() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer")
        let (sink, _) = TsharkAgreementTests.analyze(Self.sample)
        let conns = sink.rows("conn").filter { Self.text($0, "service") == "ftp-data" }
        let files = sink.rows("files")

        // ftp-data: exactly the connections the control sessions announced and that came.
        let came = Set(conns.map { "\(Self.text($0, "id.resp_h")) \(Self.text($0, "id.resp_p"))" })
        #expect(came == (try Self.announced()))
        #expect(conns.count == 5)

        // Every direction that sent bytes is one file of that connection, of its size and MD5.
        var compared = 0
        for c in conns {
            let (orig, resp) = (
                "\(Self.text(c, "id.orig_h")) \(Self.text(c, "id.orig_p"))", "\(Self.text(c, "id.resp_h")) \(Self.text(c, "id.resp_p"))"
            )
            let sent = try Self.followed(
                Self.text(c, "id.orig_h"), Self.text(c, "id.orig_p"), Self.text(c, "id.resp_h"), Self.text(c, "id.resp_p"))
            let expected = Set(
                [(orig, "T"), (resp, "F")].compactMap { sender, isOrig -> String? in
                    guard let b = sent[sender], !b.isEmpty else { return nil }
                    return "\(isOrig) \(b.count) \(Insecure.MD5.hash(data: b).map { String(format: "%02x", $0) }.joined())"
                })
            let ours = Set(
                files.filter { Self.text($0, "uid") == Self.text(c, "uid") }.map {
                    "\(Self.text($0, "is_orig")) \(Self.text($0, "seen_bytes")) \(Self.text($0, "md5"))"
                })
            #expect(ours == expected, "connection \(Self.text(c, "uid"))")
            compared += expected.count
        }
        #expect(compared == 4)
        #expect(files.allSatisfy { Self.text($0, "source") == "FTP_DATA" && Self.text($0, "mime_type") == "text/plain" })

        // The files tshark exports (downloads, by name): each is a file of files.log, and the
        // RETR row for that name names it and its type.
        let dir = NSTemporaryDirectory() + "vigil-ftp-objects-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Corpus.tshark(["-n", "-r", Self.sample, "-q", "--export-objects", "ftp-data,\(dir)"])
        let exported = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(exported.count == 2)
        for name in exported {
            let content = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)))
            let md5 = Insecure.MD5.hash(data: content).map { String(format: "%02x", $0) }.joined()
            let file = try #require(files.first { Self.text($0, "md5") == md5 }, "\(name) in files.log")
            let row = try #require(
                sink.rows("ftp").first { Self.text($0, "command") == "RETR" && Self.text($0, "arg").hasSuffix("/" + name) }, "RETR \(name)")
            #expect(Self.text(row, "fuid") == Self.text(file, "fuid"))
            #expect(Self.text(row, "mime_type") == Self.text(file, "mime_type"))
        }
        // The upload's row names the file the client sent; the refused download names none.
        let stor = try #require(sink.rows("ftp").first { Self.text($0, "command") == "STOR" })
        #expect(files.contains { Self.text($0, "fuid") == Self.text(stor, "fuid") })
        #expect(sink.rows("ftp").filter { Self.text($0, "reply_code") == "550" }.allSatisfy { Self.text($0, "fuid") == "-" })
        print("== ftp-data: \(conns.count) data connections, \(compared) files, \(exported.count) exported by tshark ==")
    }
}
