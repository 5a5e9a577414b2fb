import Foundation
import VigilCore

/// One line of an `.osdpcap` packet trace (libosdp-conformance's format, JSON lines):
///
///     { "timeSec" : "1693167786", "timeNano" : "033907099", "io" : "in", "data" : " ff 53 00 08 00 04 60 eb aa", … }
///
/// `data` holds the bytes as hex pairs separated by spaces; `io` is the tracer's own point of
/// view and is not needed (bit 7 of the address byte tells commands from replies).
public struct OSDPTraceLine: Sendable, Equatable {
    public var time: Timestamp
    public var io: String
    public var bytes: [UInt8]

    public init(time: Timestamp, io: String, bytes: [UInt8]) {
        self.time = time
        self.io = io
        self.bytes = bytes
    }

    /// Parses one line; the error names the field at fault.
    public static func parse(_ line: String) throws(OSDPTraceError) -> OSDPTraceLine {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw OSDPTraceError("the line is not a JSON object")
            }
            object = parsed
        } catch let error as OSDPTraceError {
            throw error
        } catch {
            throw OSDPTraceError("not valid JSON")
        }
        guard let seconds = integer(object["timeSec"]) else { throw OSDPTraceError("\"timeSec\" missing or not an integer") }
        let nanos = integer(object["timeNano"]) ?? 0
        guard (0..<1_000_000_000).contains(nanos) else { throw OSDPTraceError("\"timeNano\" \(nanos) is not 0-999999999") }
        guard let text = object["data"] as? String else { throw OSDPTraceError("\"data\" missing or not a string") }
        let digits = text.filter { !$0.isWhitespace }
        guard !digits.isEmpty, let bytes = Hex.decode(digits) else {
            throw OSDPTraceError("\"data\" is not hex byte pairs: \(text.prefix(40))")
        }
        return OSDPTraceLine(
            time: Timestamp(seconds: seconds, nanos: nanos), io: object["io"] as? String ?? "", bytes: bytes)
    }

    /// The same line written back (for traces a monitor records itself).
    public var jsonLine: String {
        let seconds = time.nanoseconds / 1_000_000_000
        let nanos = String(time.nanoseconds % 1_000_000_000)
        let padded = String(repeating: "0", count: 9 - nanos.count) + nanos
        let data = bytes.map { " " + Hex.string([$0]) }.joined()
        return
            #"{ "timeSec" : "\#(seconds)", "timeNano" : "\#(padded)", "io" : "\#(io)", "data" : "\#(data)", "osdpTraceVersion":"1", "osdpSource":"vigil" }"#
    }

    private static func integer(_ value: Any?) -> Int64? {
        if let s = value as? String { return Int64(s.trimmingCharacters(in: .whitespaces)) }
        if let n = value as? NSNumber { return n.int64Value }
        return nil
    }
}

public struct OSDPTraceError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
