import VigilCore

/// An MQTT CONNECT and the broker's CONNACK, if one came (MQTT 3.1.1 §3.1, §3.2; 5.0 §3.1).
public struct MQTTConnectEvent: Sendable {
    public var ts: Timestamp
    public var flow: FlowRef
    /// "MQTT" or "MQIsdp".
    public var protocolName: String
    /// The protocol level: 3 (3.1), 4 (3.1.1), 5 (5.0).
    public var level: UInt8
    public var clientID: String
    /// The CONNACK's return or reason code; nil when no CONNACK was seen.
    public var status: UInt8?
    public var willTopic: String?
    public var willPayload: [UInt8]?

    public init(
        ts: Timestamp, flow: FlowRef, protocolName: String, level: UInt8, clientID: String, status: UInt8?, willTopic: String?,
        willPayload: [UInt8]?
    ) {
        self.ts = ts
        self.flow = flow
        self.protocolName = protocolName
        self.level = level
        self.clientID = clientID
        self.status = status
        self.willTopic = willTopic
        self.willPayload = willPayload
    }
}

/// An MQTT PUBLISH, once its QoS exchange ended (§3.3, §4.3): at once for QoS 0, at PUBACK
/// for QoS 1, at PUBCOMP for QoS 2, or unfinished when the flow ended or too many were open.
public struct MQTTPublishEvent: Sendable {
    public var ts: Timestamp
    public var flow: FlowRef
    public var fromClient: Bool
    public var retain: Bool
    public var qos: UInt8
    /// Whether the QoS exchange completed.
    public var completed: Bool
    public var topic: String
    public var payload: [UInt8]

    public init(ts: Timestamp, flow: FlowRef, fromClient: Bool, retain: Bool, qos: UInt8, completed: Bool, topic: String, payload: [UInt8])
    {
        self.ts = ts
        self.flow = flow
        self.fromClient = fromClient
        self.retain = retain
        self.qos = qos
        self.completed = completed
        self.topic = topic
        self.payload = payload
    }
}

/// An MQTT SUBSCRIBE or UNSUBSCRIBE and its acknowledgement, if one came (§3.8–§3.11).
public struct MQTTSubscribeEvent: Sendable {
    public var ts: Timestamp
    public var flow: FlowRef
    /// SUBSCRIBE (true) or UNSUBSCRIBE.
    public var subscribe: Bool
    public var topics: [String]
    /// The QoS asked for each topic (SUBSCRIBE only).
    public var requestedQoS: [UInt8]
    /// The first return code of the SUBACK.
    public var granted: UInt8?
    public var acknowledged: Bool

    public init(
        ts: Timestamp, flow: FlowRef, subscribe: Bool, topics: [String], requestedQoS: [UInt8], granted: UInt8?, acknowledged: Bool
    ) {
        self.ts = ts
        self.flow = flow
        self.subscribe = subscribe
        self.topics = topics
        self.requestedQoS = requestedQoS
        self.granted = granted
        self.acknowledged = acknowledged
    }
}
