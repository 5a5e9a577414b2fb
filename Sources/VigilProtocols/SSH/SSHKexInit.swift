/// A KEXINIT message's algorithm lists (RFC 4253 §7.1): each side names, most preferred
/// first, what it accepts for key exchange, host keys, and each direction's cipher, MAC and
/// compression.
struct SSHKexInit {
    var kex: [String]
    var hostKey: [String]
    var cipher: (toServer: [String], toClient: [String])
    var mac: (toServer: [String], toClient: [String])
    var compression: (toServer: [String], toClient: [String])

    /// The lists in `payload` (the message code first, then the 16-byte cookie), or nil when a
    /// list runs past the payload.
    init?(payload: ArraySlice<UInt8>) {
        var reader = SSHReader(payload.dropFirst(17))
        var lists: [[String]] = []
        for _ in 0..<8 {
            guard let bytes = reader.string() else { return nil }
            lists.append(
                bytes.isEmpty
                    ? [] : String(decoding: bytes, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false).map(String.init))
        }
        kex = lists[0]
        hostKey = lists[1]
        cipher = (lists[2], lists[3])
        mac = (lists[4], lists[5])
        compression = (lists[6], lists[7])
    }

    /// HASSH's input for this side: the key exchange, cipher, MAC and compression lists of the
    /// direction the side sends in, joined by `;`.
    func hasshInput(isClient: Bool) -> String {
        let pick = { (pair: (toServer: [String], toClient: [String])) in (isClient ? pair.toServer : pair.toClient).joined(separator: ",") }
        return [kex.joined(separator: ","), pick(cipher), pick(mac), pick(compression)].joined(separator: ";")
    }

    /// The algorithm negotiated from two lists, as Zeek's ssh/main.zeek finds it: the client's
    /// first that the server also names (RFC 4253 §7.1).
    static func negotiate(_ client: [String], _ server: [String]) -> String {
        client.first { server.contains($0) } ?? "Algorithm negotiation failed"
    }

    /// Both directions negotiated; when they differ Zeek writes both.
    static func negotiate(
        _ client: (toServer: [String], toClient: [String]), _ server: (toServer: [String], toClient: [String])
    ) -> String {
        let up = negotiate(client.toServer, server.toServer)
        let down = negotiate(client.toClient, server.toClient)
        return up == down ? up : "To server: \(up), to client: \(down)"
    }
}

/// Reads SSH's data types (RFC 4251 §5) from a packet's payload.
struct SSHReader {
    var rest: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { rest = bytes }

    /// A `string`: a uint32 length and that many bytes; nil when it runs past the payload.
    mutating func string() -> ArraySlice<UInt8>? {
        guard rest.count >= 4 else { return nil }
        let i = rest.startIndex
        let n = Int(rest[i]) << 24 | Int(rest[i + 1]) << 16 | Int(rest[i + 2]) << 8 | Int(rest[i + 3])
        guard rest.count - 4 >= n else { return nil }
        let value = rest[(i + 4)..<(i + 4 + n)]
        rest = rest[(i + 4 + n)...]
        return value
    }
}
