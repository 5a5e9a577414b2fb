import VigilCore
import VigilEvents
import VigilLogs

/// Writes x509.log as Zeek 7 does (base/files/x509/main.zeek): one row per certificate, once per
/// fingerprint, side (host_cert, client_cert) and day (`X509::relog_known_certificates_after`).
///
/// Which sighting of a certificate opens its day depends on every connection that carried it,
/// and connections of one run are spread over workers. So certificates are not written as
/// they are seen: each worker adds its sightings to `CertificateSightings`, shared by the run,
/// and the run writes them at its end, or a live sensor every time it publishes its
/// inventory. The rows are then the same whatever the number of workers.
enum X509LogWriter {
    static let schema = LogSchema(
        path: "x509",
        fields: [
            LogField("ts", "time"), LogField("fingerprint", "string"), LogField("certificate.version", "count"),
            LogField("certificate.serial", "string"), LogField("certificate.subject", "string"),
            LogField("certificate.issuer", "string"), LogField("certificate.not_valid_before", "time"),
            LogField("certificate.not_valid_after", "time"), LogField("certificate.key_alg", "string"),
            LogField("certificate.sig_alg", "string"), LogField("certificate.key_type", "string"),
            LogField("certificate.key_length", "count"), LogField("certificate.exponent", "string"),
            LogField("certificate.curve", "string"), LogField("san.dns", "vector[string]"), LogField("san.uri", "vector[string]"),
            LogField("san.email", "vector[string]"), LogField("san.ip", "vector[addr]"), LogField("basic_constraints.ca", "bool"),
            LogField("basic_constraints.path_len", "count"), LogField("host_cert", "bool"), LogField("client_cert", "bool"),
        ])

    static func add(_ e: X509CertificateEvent, to row: inout LogRow) {
        row.add(time: e.ts)
        row.add(.string(e.fingerprint))
        guard let c = e.certificate else {
            row.addUnset(count: schema.fields.count - 4)
            row.add(bool: e.hostCert)
            row.add(bool: e.clientCert)
            return
        }
        row.add(count: UInt64(c.version))
        row.add(.string(c.serial))
        row.add(.string(c.subject))
        row.add(.string(c.issuer))
        row.add(time(c.notValidBefore))
        row.add(time(c.notValidAfter))
        row.add(.string(c.keyAlgorithm))
        row.add(.string(c.signatureAlgorithm))
        row.add(.optional(c.keyType))
        row.add(optionalCount: c.keyLength)
        row.add(.optional(c.exponent))
        row.add(.optional(c.curve))
        // Zeek leaves a vector unset, not empty, when the certificate has no such name.
        for list in [c.sanDNS, c.sanURI, c.sanEmail, c.sanIP.map(\.description)] { row.add(list.isEmpty ? .unset : .strings(list)) }
        if let ca = c.isCA { row.add(bool: ca) } else { row.addUnset() }
        row.add(optionalCount: c.pathLength)
        row.add(bool: e.hostCert)
        row.add(bool: e.clientCert)
    }

    /// A validity bound as a log time. Timestamps count nanoseconds in 64 bits, which end in
    /// 2262; certificates valid "for ever" say 9999-12-31, written as a plain number.
    static func time(_ seconds: Double) -> LogValue {
        abs(seconds) < 9.2e9 ? .time(Timestamp(nanoseconds: Int64(seconds * 1e9))) : .double(seconds)
    }
}
