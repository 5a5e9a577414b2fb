import VigilCore

/// One flow, tracked with Zeek's semantics so conn.log agrees with Zeek's.
public final class Connection {
    /// The uid's bits; its text (`uid`) is built on first use.
    public let uidBits: ConnectionUIDBits
    public private(set) lazy var uid: String = uidBits.text
    /// Originator first. Fixed at creation, after the direction heuristics.
    public let id: ConnectionID
    public let start: Timestamp
    public var last: Timestamp
    public var orig: EndpointStats
    public var resp: EndpointStats
    /// Zeek's history letters in order; upper case for the originator.
    public private(set) var history = ConnectionHistory()
    /// One bit per history letter already recorded (bit = ASCII code - 64, upper and lower).
    private var seenLetters: UInt64 = 0
    public var services: [String] = []
    /// The innermost tunnel of each packet that came through one, each uid once, in the order
    /// first seen (Zeek's conn.log `tunnel_parents`).
    public var tunnelParents: [ConnectionUIDBits] = []
    public var attachment: ConnectionAttachment? {
        didSet { attachmentAddress = attachment.map { UnsafeRawPointer(Unmanaged.passUnretained($0 as AnyObject).toOpaque()) } }
    }
    /// `attachment`'s object, for reading without a retain on the per-packet path
    /// (`Unmanaged.fromOpaque`). Valid while `attachment` holds it.
    public private(set) var attachmentAddress: UnsafeRawPointer?
    /// Set once the connection has been logged and removed.
    public var finished = false
    /// The key the flow table holds the connection under; nil before it is added and once it
    /// has left (`FlowTable.order` then drops it).
    var tableKey: FlowTable.Key?

    init(uid: ConnectionUIDBits, id: ConnectionID, start: Timestamp, flipped: Bool, limits: Limits) {
        self.uidBits = uid
        self.id = id
        self.start = start
        self.last = start
        orig = EndpointStats(limits: limits)
        resp = EndpointStats(limits: limits)
        if flipped { history.append(UInt8(ascii: "^")) }
    }

    /// Records a history letter once per direction (Zeek's CheckHistory).
    public func addHistory(_ letter: Unicode.Scalar, isOrig: Bool) {
        let c = Connection.letter(letter, isOrig)
        let bit: UInt64 = 1 << UInt64((c & 0x1F) + (c >= 0x61 ? 32 : 0))
        if seenLetters & bit == 0 {
            seenLetters |= bit
            history.append(c)
        }
    }

    /// Records repeatable letters (T, W) at counts 1, 10, 100, … (Zeek's ScaledHistoryEntry).
    func addScaledHistory(_ letter: Unicode.Scalar, isOrig: Bool, count: Int) {
        var threshold = 1
        while threshold < count { threshold *= 10 }
        if threshold == count {
            history.append(Connection.letter(letter, isOrig))
        }
    }

    /// Upper case for the originator, lower case for the responder (letters are given upper).
    @inline(__always) static func letter(_ l: Unicode.Scalar, _ isOrig: Bool) -> UInt8 {
        let u = UInt8(ascii: l)
        return isOrig ? u : u | 0x20
    }

    public var historyString: String { history.text }

    public func addService(_ name: String) { if !services.contains(name) { services.append(name) } }
    public func removeService(_ name: String) { services.removeAll { $0 == name } }

    /// Zeek's conn_state, from base/protocols/conn/main.zeek.
    public var connState: LogName {
        switch id.proto {
        case .tcp: return tcpConnState
        case .udp, .icmp, .icmp6:
            let o = orig.packets > 0
            let r = resp.packets > 0
            if o { return r ? "SF" : "S0" }
            return r ? "SHR" : "OTH"
        case .other: return "OTH"
        }
    }

    private var tcpConnState: LogName {
        let os = orig.tcpState
        let rs = resp.tcpState
        let oInactive = os == .inactive || os == .partial
        let rInactive = rs == .inactive || rs == .partial
        if rs == .reset {
            if os == .synSent || os == .synAckSent || (os == .reset && orig.tcpSize == 0 && resp.tcpSize == 0) { return "REJ" }
            return oInactive ? "RSTRH" : "RSTR"
        }
        if os == .reset {
            if rInactive {
                // /\^?S[^HFRr]*R$/ on the history
                var h = historyString[...]
                if h.first == "^" { h = h.dropFirst() }
                if h.first == "S", h.last == "R", !h.dropFirst().dropLast().contains(where: { "HFRr".contains($0) }) { return "RSTOS0" }
                return "OTH"
            }
            return "RSTO"
        }
        if rs == .closed && os == .closed { return "SF" }
        if os == .closed { return rInactive ? "SH" : "S2" }
        if rs == .closed { return oInactive ? "SHR" : "S3" }
        if os == .synSent && rs == .inactive { return "S0" }
        if os == .established && rs == .established { return "S1" }
        return "OTH"
    }
}
