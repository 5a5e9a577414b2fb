/// MQTT control packets (MQTT 3.1.1 §2–3 and MQTT 5.0 §2–3), decoded as far as the logs need.
///
/// Fixed header (§2.2): byte 0 = packet type (high nibble) and flags; then the Remaining
/// Length as a variable byte integer of at most four bytes (§1.5.5, max 268,435,455).
public enum MQTTPacket: Equatable, Sendable {
    public struct Connect: Equatable, Sendable {
        public var protocolName: String
        public var level: UInt8
        public var clientID: String
        public var willTopic: String?
        public var willPayload: [UInt8]?
        public var username: String?
    }

    public struct Publish: Equatable, Sendable {
        public var topic: String
        public var qos: UInt8
        public var retain: Bool
        public var packetID: UInt16?
        public var payload: [UInt8]
    }

    case connect(Connect)
    case connack(returnCode: UInt8)
    case publish(Publish)
    /// PUBACK, PUBREC, PUBREL, PUBCOMP: type and packet id.
    case publishAck(type: UInt8, packetID: UInt16)
    case subscribe(packetID: UInt16, topics: [String], qos: [UInt8])
    case suback(packetID: UInt16, codes: [UInt8])
    case unsubscribe(packetID: UInt16, topics: [String])
    case unsuback(packetID: UInt16)
    case pingreq, pingresp, disconnect, auth
}

/// Zeek's names (policy/protocols/mqtt/consts.zeek) for CONNACK return codes; MQTT 5 reason
/// codes (§3.2.2.2) for the rest.
public enum MQTTNames {
    public static func connectStatus(_ code: UInt8) -> String {
        switch code {
        case 0: return "Connection Accepted"
        case 1: return "Refused: unacceptable protocol version"
        case 2: return "Refused: identifier rejected"
        case 3: return "Refused: server unavailable"
        case 4: return "Refused: bad user name or password"
        case 5: return "Refused: not authorized"
        case 0x80: return "Refused: unspecified error"
        case 0x81: return "Refused: malformed packet"
        case 0x82: return "Refused: protocol error"
        case 0x84: return "Refused: unsupported protocol version"
        case 0x85: return "Refused: client identifier not valid"
        case 0x86: return "Refused: bad user name or password"
        case 0x87: return "Refused: not authorized"
        case 0x88: return "Refused: server unavailable"
        case 0x89: return "Refused: server busy"
        case 0x8A: return "Refused: banned"
        case 0x8C: return "Refused: bad authentication method"
        case 0x95: return "Refused: packet too large"
        case 0x97: return "Refused: quota exceeded"
        default: return "unknown-\(code)"
        }
    }

    public static func version(_ level: UInt8) -> String {
        switch level {
        case 3: return "3.1"
        case 4: return "3.1.1"
        case 5: return "5.0"
        default: return "unknown-\(level)"
        }
    }
}
