import VigilCore
import VigilEvents

/// NTP over UDP (RFC 5905): controllers, meters and cameras keep their clocks by it, and a
/// wrong clock breaks event ordering and certificate checks. Each datagram is one message;
/// modes 1–5 have the 48-byte header read here (§7.3), as Zeek's NTP analyzer reads it.
public final class NTPAnalyzer: ProtocolAnalyzer {
    var messageCount = 0

    public static let descriptor = AnalyzerDescriptor(
        service: "ntp", transports: [.udp], serverPorts: [123],
        confirms: { b, _, id in
            // The header alone is too loose a signature for any port: version 1–4 and a mode,
            // on NTP's port.
            (id.respPort == 123 || id.origPort == 123) && b.count >= 48 && (1...4).contains(b[0] >> 3 & 7) && b[0] & 7 != 0
        },
        make: { NTPAnalyzer() })

    public func deliver(_ b: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        guard b.count >= 1 else { return }
        let version = Int(b[0] >> 3 & 7)
        let mode = Int(b[0] & 7)
        var m = NTPMessageEvent(ts: context.ts, flow: context.flow, version: version, mode: mode)
        if mode >= 1 && mode <= 5 {
            guard b.count >= 48 else {
                return context.weird("ntp_malformed", "\(b.count) bytes, shorter than the 48-byte header", source: "ntp")
            }
            m.stratum = Int(b[1])
            m.poll = Self.power(Int8(bitPattern: b[2]))
            m.precision = Self.power(Int8(bitPattern: b[3]))
            m.rootDelay = Double(ByteReader.u32(b, 4)) / 65_536
            m.rootDispersion = Double(ByteReader.u32(b, 8)) / 65_536
            m.referenceID = Self.referenceID(b, stratum: m.stratum)
            m.referenceTime = Self.time(b, 16)
            m.originTime = Self.time(b, 24)
            m.receiveTime = Self.time(b, 32)
            m.transmitTime = Self.time(b, 40)
            m.extensions = Self.extensions(b)
        }
        messageCount += 1
        context.sink.emit(.ntp(m))
        switch mode {
        case 4: context.sink.emit(.role(host: context.host(isOrig: isOrig), role: "ntp_server"))
        case 3: context.sink.emit(.role(host: context.host(isOrig: isOrig), role: "ntp_client"))
        default: break
        }
    }

    /// 2^exponent seconds: how the header gives the poll interval and the precision.
    static func power(_ exponent: Int8) -> Double {
        var v = 1.0
        if exponent >= 0 { for _ in 0..<Int(exponent) { v *= 2 } } else { for _ in 0..<(-Int(exponent)) { v /= 2 } }
        return v
    }

    /// A 64-bit NTP timestamp (§6): seconds, then the fraction.
    static func time(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt64 {
        UInt64(ByteReader.u32(b, at)) << 32 | UInt64(ByteReader.u32(b, at + 4))
    }

    /// §7.3: for stratum 0 a four-letter kiss code, for stratum 1 the reference clock's name
    /// (both ASCII, left-justified, zero-padded: the four bytes as Zeek logs them, its writers
    /// escaping a zero), above that the upstream server's IPv4 address. A byte beyond ASCII is
    /// written `\xNN`.
    static func referenceID(_ b: UnsafeRawBufferPointer, stratum: Int) -> String {
        if stratum <= 1 {
            var text = ""
            for byte in b[12..<16] {
                if byte < 0x80 { text.unicodeScalars.append(Unicode.Scalar(byte)) } else { text += BytesText.escaped([byte]) }
            }
            return text
        }
        return "\(b[12]).\(b[13]).\(b[14]).\(b[15])"
    }

    /// Extension fields after the header (RFC 7822 §3): each a 16-bit type and length, the
    /// length counting the whole field; a trailing MAC (20 or 24 bytes) is not one.
    static func extensions(_ b: UnsafeRawBufferPointer) -> Int {
        var at = 48
        var n = 0
        while b.count - at > 24 {
            let length = Int(ByteReader.u16(b, at + 2))
            guard length >= 16, length % 4 == 0, at + length <= b.count else { break }
            n += 1
            at += length
        }
        return n
    }

    public func finish(context: FlowContext) {
        context.reportMessages(service: "ntp", count: &messageCount)
    }
}
