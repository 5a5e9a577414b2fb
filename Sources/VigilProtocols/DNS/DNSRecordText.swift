import VigilCore

/// How Zeek's dns.log shows the record types its DNS scripts name (base/protocols/dns/main.zeek,
/// one event handler per type), beyond addresses, names and TXT: DNSSEC records by their
/// numbers, SSHFP by its fingerprint, BIND's signing records by name. A type Zeek decodes into
/// an event its scripts do not log adds nothing (nil); any other is `<unknown type=N>`.
enum DNSRecordText {
    /// Types Zeek decodes but main.zeek does not log as answers.
    static let unlogged: Set<UInt16> = [13, 41, 64, 65, 249, 250, 257]  // HINFO OPT SVCB HTTPS TKEY TSIG CAA

    static func render(_ b: UnsafeRawBufferPointer, type: UInt16, at o: Int, length: Int) -> String? {
        if unlogged.contains(type) { return nil }
        func u8(_ i: Int) -> UInt8? { i < length ? b[o + i] : nil }
        func u16(_ i: Int) -> UInt16? { i + 2 <= length ? ByteReader.u16(b, o + i) : nil }
        switch type {
        case 11:  // WKS: seen (flags and round trip) but shown as nothing
            return ""
        case 29:  // LOC (RFC 1876): version, size, horizontal and vertical precision
            if let size = u8(1), let h = u8(2), let v = u8(3) { return "LOC:  \(size) \(h) \(v)" }
        case 35:  // NAPTR (RFC 3403): order, preference, flags, services, regexp, replacement
            return naptr(b, at: o, length: length)
        case 43:  // DS (RFC 4034 §5.1): key tag, algorithm, digest type, digest
            if let algorithm = u8(2), let digest = u8(3) { return "DS \(algorithm) \(digest)" }
        case 44:  // SSHFP (RFC 4255): algorithm, fingerprint type, fingerprint
            if length >= 2 { return "SSHFP: " + Hex.string(UnsafeRawBufferPointer(rebasing: b[(o + 2)..<(o + length)])) }
        case 46:  // RRSIG (RFC 4034 §3.1): type covered, …, signer's name at 18
            guard let covered = u16(0), length >= 19 else { break }
            var p = o + 18
            guard let signer = try? DNSParser.readName(b, &p) else { break }
            return "RRSIG \(covered) \(signer.isEmpty ? "<Root>" : DNSNames.lowercased(signer))"
        case 47:  // NSEC (RFC 4034 §4.1): the next owner name; Zeek adds the record's own name
            return nil  // rendered by the caller, which knows the owner name (`nsec`)
        case 48:  // DNSKEY (RFC 4034 §2.1): flags, protocol, algorithm
            if let algorithm = u8(3) { return "DNSKEY \(algorithm)" }
        case 50: return "NSEC3"
        case 51: return "NSEC3PARAM"
        case 65534: return "BIND9 signing signal"
        default: break
        }
        return "<unknown type=\(type)>"
    }

    /// "NSEC owner next" (the caller passes the owner, read before the rdata).
    static func nsec(_ b: UnsafeRawBufferPointer, owner: String, at o: Int) -> String {
        var p = o
        let next = (try? DNSParser.readName(b, &p)) ?? ""
        return "NSEC \(DNSNames.lowercased(owner)) \(DNSNames.lowercased(next))"
    }

    /// "NAPTR order preference flags service regexp replacement", as Zeek joins them.
    static func naptr(_ b: UnsafeRawBufferPointer, at o: Int, length: Int) -> String? {
        guard length >= 4 else { return nil }
        let end = o + length
        var p = o + 4
        var strings: [String] = []
        for _ in 0..<3 {
            guard p < end, p + 1 + Int(b[p]) <= end else { return nil }
            let n = Int(b[p])
            strings.append(BytesText.escaped(UnsafeRawBufferPointer(rebasing: b[(p + 1)..<(p + 1 + n)])))
            p += 1 + n
        }
        guard let replacement = try? DNSParser.readName(b, &p) else { return nil }
        var tail = strings[2]
        if !replacement.isEmpty { tail += (tail.isEmpty ? "" : " ") + replacement }
        return "NAPTR \(ByteReader.u16(b, o)) \(ByteReader.u16(b, o + 2)) \(strings[0]) \(strings[1]) \(tail)"
    }
}
