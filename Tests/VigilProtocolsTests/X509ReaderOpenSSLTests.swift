import Foundation
import SwiftASN1
import Testing
import VigilCore

@testable import VigilProtocols

/// x509.log's certificate fields checked against OpenSSL, the library Zeek reads them with:
/// certificates made by the `openssl` command (keys swift-certificates refuses among them),
/// read by Vigil and printed by `openssl x509`.
@Suite struct X509ReaderOpenSSLTests {
    static func openssl(_ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "openssl \(arguments.joined(separator: " ")) failed")
        return String(decoding: data, as: UTF8.self)
    }

    /// Key options for `openssl req -newkey`, and the key fields Zeek would log for them.
    static let keys: [(option: String, type: String, bits: Int, curve: String?, keyAlg: String)] = [
        ("rsa:1024", "rsa", 1024, nil, "rsaEncryption"),
        ("rsa:3072", "rsa", 3072, nil, "rsaEncryption"),
        ("ec:secp256k1", "ecdsa", 256, "secp256k1", "id-ecPublicKey"),
        ("ec:secp384r1", "ecdsa", 384, "secp384r1", "id-ecPublicKey"),
        ("dsa:2048", "dsa", 2048, nil, "dsaEncryption"),
    ]

    @Test(arguments: keys.indices) func fieldsEqualOpenSSLs(_ k: Int) throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "openssl must be installed")
        let key = Self.keys[k]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-x509-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var newkey = key.option
        if key.option.hasPrefix("ec:") {
            newkey = "ec"
            _ = try Self.openssl(["ecparam", "-name", String(key.option.dropFirst(3)), "-out", dir.path + "/params.pem"])
            newkey = "ec:" + dir.path + "/params.pem"
        } else if key.option.hasPrefix("dsa:") {
            _ = try Self.openssl(["dsaparam", "-out", dir.path + "/params.pem", String(key.option.dropFirst(4))])
            newkey = "dsa:" + dir.path + "/params.pem"
        }
        let pem = dir.path + "/cert.pem"
        _ = try Self.openssl([
            "req", "-x509", "-utf8", "-newkey", newkey, "-nodes", "-keyout", dir.path + "/key.pem", "-out", pem, "-days", "30",
            "-subj", "/C=DE/ST=NRW/L=Köln/O=Stadtwerke, Pumpen \\+ Co/OU=#OT/CN=plc-\(k).city.example/emailAddress=ot@city.example",
            "-addext", "subjectAltName=DNS:plc-\(k).city.example,IP:10.0.0.5,email:ot@city.example,URI:urn:plc:\(k)",
            "-addext", "basicConstraints=critical,CA:TRUE,pathlen:2",
        ])
        let der = try PEMDocument(pemString: String(contentsOfFile: pem, encoding: .utf8)).derBytes
        let cert = try X509Reader.read(der)

        let printed = try Self.openssl(["x509", "-in", pem, "-noout", "-serial", "-subject", "-issuer", "-nameopt", "RFC2253,-esc_msb"])
        var fields: [String: String] = [:]
        for line in printed.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        #expect(cert.serial == fields["serial"])
        #expect(cert.subject == fields["subject"])
        #expect(cert.issuer == fields["issuer"])
        #expect(cert.subject.contains("L=Köln"))

        let text = try Self.openssl(["x509", "-in", pem, "-noout", "-text"])
        #expect(text.contains("Public-Key: (\(key.bits) bit)"))
        #expect(cert.keyType == key.type && cert.keyLength == key.bits && cert.curve == key.curve && cert.keyAlgorithm == key.keyAlg)
        if key.type == "rsa" {
            #expect(text.contains("Exponent: \(cert.exponent ?? "?") ("))
        }
        let dates = try Self.openssl(["x509", "-in", pem, "-noout", "-startdate", "-enddate", "-dateopt", "iso_8601"])
        let iso = ISO8601DateFormatter()
        let stamps = dates.split(separator: "\n").compactMap { line -> Double? in
            let value = line.split(separator: "=", maxSplits: 1).last.map { $0.replacingOccurrences(of: " ", with: "T") }
            return value.flatMap { iso.date(from: $0) }?.timeIntervalSince1970
        }
        #expect(stamps == [cert.notValidBefore, cert.notValidAfter])
        #expect(text.contains("Signature Algorithm: \(cert.signatureAlgorithm)"))
        #expect(cert.sanDNS == ["plc-\(k).city.example"] && cert.sanEmail == ["ot@city.example"] && cert.sanURI == ["urn:plc:\(k)"])
        #expect(cert.sanIP.map(\.description) == ["10.0.0.5"])
        #expect(cert.isCA == true && cert.pathLength == 2 && cert.version == 3)
    }
}
