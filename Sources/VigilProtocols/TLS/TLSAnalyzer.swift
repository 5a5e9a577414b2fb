import VigilCore
import VigilEvents

/// Per-flow TLS state: follows records in both directions until encryption starts, reads
/// the hellos, certificates (TLS ≤ 1.2), key exchange curve, alerts and change-cipher-specs,
/// and reports one `TLSHandshakeEvent` per connection when it ends.
public final class TLSAnalyzer: ProtocolAnalyzer {
    /// Messages decoded in this flow (reported once, at finish).
    var messageCount = 0
    var records: [StreamBuffer]
    var handshake: [[UInt8]] = [[], []]
    var encrypted = [false, false]
    var ccs = [false, false]
    var appData = [false, false]
    var client: TLSHello?
    var server: TLSHello?
    var startTS: Timestamp?
    var curve: UInt16?
    var lastAlert: String?
    var history: [UInt8] = []
    var certs: [[UInt8]] = []
    var clientCerts: [[UInt8]] = []
    var logged = false
    var broken = [false, false]
    var sawRecord = [false, false]
    /// The ClientHello came in the SSLv2-compatible format, which JA3/JA4 do not define.
    var clientIsSSLv2 = false
    /// The endpoint that sent the ServerHello.
    var serverHost: IPAddress?

    public static let descriptor = AnalyzerDescriptor(
        service: "ssl", transports: [.tcp], serverPorts: [443, 563, 585, 614, 636, 989, 990, 992, 993, 995, 5223, 8883],
        confirms: { b, _, _ in TLSParser.looksLikeTLS(b) },
        make: { TLSAnalyzer() })

    init(limits: Limits = .default) {
        records = [StreamBuffer(limit: TLSParser.maxRecordLength + 5), StreamBuffer(limit: TLSParser.maxRecordLength + 5)]
    }

    var version: UInt16? { server.map { $0.supportedVersions.first ?? $0.legacyVersion } }

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        let side = isOrig ? 0 : 1
        guard !broken[side] else { return }
        if startTS == nil { startTS = context.ts }
        guard records[side].append(data) else {
            broken[side] = true
            return
        }
        if isOrig && client == nil && !sawRecord[0] {
            let v2 = records[side].bytes.withUnsafeBytes { b -> (TLSHello, Int)?? in
                guard TLSParser.isSSLv2ClientHello(b) else { return .none }
                return .some(try? TLSParser.parseSSLv2ClientHello(b))
            }
            if case .some(let parsed) = v2 {
                guard let (hello, used) = parsed else { return }  // incomplete: wait for more
                client = hello
                clientIsSSLv2 = true
                messageCount += 1
                mark("C", isOrig: true)
                records[side].consume(used)
            }
        }
        sawRecord[side] = true
        // The records are read where they lie and their bytes let go of once, after the last:
        // letting go of each record's bytes as it was read moved the rest of the buffer every
        // time, which a segment of empty records made cost the square of its length.
        var at = 0
        let held = records[side].bytes.count
        while held - at >= 5 {
            let (type, length) = records[side].bytes.withUnsafeBytes { ($0[at], Int(ByteReader.u16($0, at + 3))) }
            guard (20...24).contains(type), length <= TLSParser.maxRecordLength else {
                context.weird("SSL_invalid_record", source: "ssl")
                broken[side] = true
                records[side].reset()
                return
            }
            guard held - at >= 5 + length else { break }
            let body = Array(records[side].bytes[(at + 5)..<(at + 5 + length)])
            at += 5 + length
            record(type: type, body: body, isOrig: isOrig, context: context)
        }
        records[side].consume(at)
    }

    func mark(_ letter: Unicode.Scalar, isOrig: Bool) {
        guard history.count < 100 else { return }
        let u = UInt8(ascii: letter)
        history.append(isOrig ? u : (u | 0x20))
    }

    func record(type: UInt8, body: [UInt8], isOrig: Bool, context: FlowContext) {
        let side = isOrig ? 0 : 1
        switch type {
        case 20:
            ccs[side] = true
            encrypted[side] = true
            mark("I", isOrig: isOrig)
        case 21 where !encrypted[side]:
            // Alerts after CCS are encrypted; only clear ones are readable (RFC 5246 §7.2), and
            // only those are in Zeek's history (its ssl_alert event).
            if body.count >= 2 { lastAlert = TLSAlerts.name(body[1]) }
            mark("L", isOrig: isOrig)
        case 23:
            appData[side] = true  // no history letter: Zeek has none for application data
        case 24 where !encrypted[side]:
            mark("B", isOrig: isOrig)  // a heartbeat in the clear (RFC 6520)
        case 22 where !encrypted[side]:
            handshake[side] += body
            while handshake[side].count >= 4 {
                let n = Int(handshake[side][1]) << 16 | Int(handshake[side][2]) << 8 | Int(handshake[side][3])
                guard n <= 1 << 20 else {
                    broken[side] = true
                    return
                }
                guard handshake[side].count >= 4 + n else { break }
                let msgType = handshake[side][0]
                let msg = Array(handshake[side][4..<(4 + n)])
                handshake[side].removeFirst(4 + n)
                handshakeMessage(msgType, msg, isOrig: isOrig, context: context)
            }
        default: break
        }
    }

    func handshakeMessage(_ type: UInt8, _ msg: [UInt8], isOrig: Bool, context: FlowContext) {
        let letters: [UInt8: Unicode.Scalar] = [
            0: "H", 1: "C", 2: "S", 3: "V", 4: "T", 8: "E", 11: "X", 12: "K", 13: "R", 14: "N", 15: "Y", 16: "G", 20: "F", 22: "U",
        ]
        mark(letters[type] ?? "Z", isOrig: isOrig)
        do {
            switch type {
            case 1:
                messageCount += 1
                client = try msg.withUnsafeBytes { try TLSParser.parseHello($0, isClient: true) }
            case 2:
                messageCount += 1
                server = try msg.withUnsafeBytes { try TLSParser.parseHello($0, isClient: false) }
                if let g = server?.keyShareGroup { curve = g }
                if version == 0x0304 || (version ?? 0) >> 8 == 0x7F { encrypted[isOrig ? 0 : 1] = true }  // TLS 1.3: the rest is protected
                serverHost = context.host(isOrig: isOrig)
                context.sink.emit(.role(host: context.host(isOrig: isOrig), role: "tls_server"))
            case 11:
                let list = msg.withUnsafeBytes { TLSParser.parseCertificates($0) }
                if isOrig { clientCerts = list } else { certs = list }
                reportCertificates(list, isOrig: isOrig, context: context)
            case 12 where msg.count >= 3 && msg[0] == 3:  // ServerKeyExchange, named_curve (RFC 8422 §5.4)
                curve = UInt16(msg[1]) << 8 | UInt16(msg[2])
            default: break
            }
        } catch {
            if case .malformed(let name)? = error as? TLSParser.Failure { context.weird(name, source: "ssl") }
        }
    }

    public func finish(context: FlowContext) {
        context.reportMessages(service: "ssl", count: &messageCount)
        guard !logged, client != nil || server != nil else { return }
        logged = true
        var subject: String?
        var issuer: String?
        var sniMatches: Bool?
        let cache = context.shared.certificates
        if let der = certs.first, let leaf = cache.certificate(der) {
            subject = leaf.subject
            issuer = leaf.issuer
            if let sni = client?.serverName {
                sniMatches = leaf.names.contains { TLSAnalyzer.hostMatches(sni, pattern: $0) }
            }
            // The name the server's own certificate gives it (its first SAN, else its CN): how
            // an OT device with a web or OPC UA front end usually names itself.
            if let server = serverHost, let name = leaf.names.first(where: { !$0.hasPrefix("*") && !$0.isEmpty }) {
                context.sink.emit(.hostname(host: server, name: name, evidence: "tls server certificate"))
            }
        }
        let fingerprints = certs.map(cache.fingerprint)
        let validation = context.shared.validator?.status(
            chain: certs, fingerprints: fingerprints, decoded: certs.map(cache.certificate), at: context.ts)
        let resumed: Bool
        if version == 0x0304 {
            resumed = server?.extensions.contains(41) ?? false
        } else {
            resumed = certs.isEmpty && server != nil && !(client?.sessionID.isEmpty ?? true) && client?.sessionID == server?.sessionID
        }
        let established =
            version == 0x0304
            ? appData[1] && (appData[0] || ccs[0])
            : ccs[0] && ccs[1]
        context.sink.emit(
            .tls(
                TLSHandshakeEvent(
                    ts: startTS ?? context.ts, flow: context.flow, version: version, cipher: server?.cipherSuites.first, curve: curve,
                    serverName: client?.serverName, resumed: resumed, lastAlert: lastAlert, alpn: server?.alpn.first,
                    established: established, history: String(decoding: history, as: UTF8.self),
                    serverChainSHA256: fingerprints, clientChainSHA256: clientCerts.map(cache.fingerprint),
                    subject: subject, issuer: issuer, sniMatchesCertificate: sniMatches, validationStatus: validation,
                    ja3: clientIsSSLv2 ? nil : client.map(TLSFingerprint.ja3), ja3s: server.map(TLSFingerprint.ja3s),
                    ja4: clientIsSSLv2 ? nil : client.map(TLSFingerprint.ja4))))
    }

    /// One event per certificate of a chain, as it is read: x509.log's rows.
    func reportCertificates(_ list: [[UInt8]], isOrig: Bool, context: FlowContext) {
        let cache = context.shared.certificates
        for (i, der) in list.enumerated() {
            context.sink.emit(
                .x509(
                    X509CertificateEvent(
                        ts: context.ts, flow: context.flow, fingerprint: cache.fingerprint(der), certificate: cache.certificate(der),
                        hostCert: !isOrig && i == 0, clientCert: isOrig && i == 0)))
        }
    }

    static func hostMatches(_ host: String, pattern: String) -> Bool {
        let h = host.lowercased()
        let p = pattern.lowercased()
        if p.hasPrefix("*.") { return h.hasSuffix(String(p.dropFirst(1))) && !h.dropLast(p.count - 1).contains(".") }
        return h == p
    }
}

/// Alert descriptions (RFC 8446 §6), with Zeek's names.
enum TLSAlerts {
    static let names: [UInt8: String] = [
        0: "close_notify", 10: "unexpected_message", 20: "bad_record_mac", 21: "decryption_failed", 22: "record_overflow",
        30: "decompression_failure", 40: "handshake_failure", 41: "no_certificate", 42: "bad_certificate",
        43: "unsupported_certificate", 44: "certificate_revoked", 45: "certificate_expired", 46: "certificate_unknown",
        47: "illegal_parameter", 48: "unknown_ca", 49: "access_denied", 50: "decode_error", 51: "decrypt_error",
        60: "export_restriction", 70: "protocol_version", 71: "insufficient_security", 80: "internal_error",
        86: "inappropriate_fallback", 90: "user_canceled", 100: "no_renegotiation", 109: "missing_extension",
        110: "unsupported_extension", 111: "certificate_unobtainable", 112: "unrecognized_name",
        113: "bad_certificate_status_response", 114: "bad_certificate_hash_value", 115: "unknown_psk_identity",
        116: "certificate_required", 120: "no_application_protocol",
    ]
    static func name(_ c: UInt8) -> String { names[c] ?? "unknown-\(c)" }
}
