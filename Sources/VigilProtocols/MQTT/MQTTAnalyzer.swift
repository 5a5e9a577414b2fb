import VigilCore
import VigilEvents

/// Per-flow MQTT state: pairs CONNECT/CONNACK, tracks publishes through their QoS handshake,
/// and pairs (UN)SUBSCRIBE with their acknowledgements.
public final class MQTTAnalyzer: ProtocolAnalyzer {
    /// Messages decoded in this flow (reported once, at finish).
    var messageCount = 0
    struct PendingPublish {
        var ts: Timestamp
        var fromClient: Bool
        var publish: MQTTPacket.Publish
    }

    var parsers = [MQTTParser(), MQTTParser()]
    var buffers: [StreamBuffer]
    var connect: (Timestamp, MQTTPacket.Connect)?
    var publishes: [UInt16: PendingPublish] = [:]
    var subscriptions: [UInt16: (Timestamp, Bool, [String], [UInt8])] = [:]
    var broken = [false, false]

    public static let descriptor = AnalyzerDescriptor(
        service: "mqtt", transports: [.tcp], serverPorts: [1883],
        confirms: { b, _, id in
            MQTTParser.looksLikeConnect(b) || ((id.respPort == 1883 || id.origPort == 1883) && MQTTParser.looksLikeMidstream(b))
        },
        make: { MQTTAnalyzer() })

    init(limits: Limits = .default) {
        buffers = [StreamBuffer(limit: limits.maxMessageBytes), StreamBuffer(limit: limits.maxMessageBytes)]
    }

    public func deliver(_ data: UnsafeRawBufferPointer, isOrig: Bool, context: FlowContext) {
        let side = isOrig ? 0 : 1
        guard !broken[side] else { return }
        // The packets are read where they lie and their bytes let go of once, after the last:
        // letting go of each packet's bytes as it was read moved the rest of the buffer every
        // time, and a 60 KB segment of two-byte PINGREQs cost 20 ms.
        var invalid: String?
        let fits = buffers[side].feed(data) { b in
            switch parsers[side].parse(b) {
            case .needMore: return 0
            case .invalid(let name):
                invalid = name
                return nil
            case .malformed(let name, let n):
                messageCount += 1  // a framed packet, though its body is bad
                context.weird(name, source: "mqtt")
                return n
            case .packet(let p, let n):
                handle(p, isOrig: isOrig, context: context)
                return n
            }
        }
        if let invalid {
            context.weird(invalid, source: "mqtt")
            buffers[side].reset()
            broken[side] = true
        } else if !fits {
            context.weird("mqtt_packet_too_large", source: "mqtt")
        }
    }

    /// After a gap the next segment usually starts on a packet boundary: drop the partial
    /// packet and carry on; a parse failure afterwards still stops this direction.
    public func gap(length: Int, isOrig: Bool, context: FlowContext) {
        buffers[isOrig ? 0 : 1].reset()
        context.weird("mqtt_content_gap", "\(length) bytes", source: "mqtt")
    }

    func handle(_ p: MQTTPacket, isOrig: Bool, context: FlowContext) {
        messageCount += 1
        switch p {
        case .connect(let c):
            if let old = connect { logConnect(old, status: nil, context: context) }
            connect = (context.ts, c)
            parsers[isOrig ? 1 : 0].level = c.level
            context.sink.emit(.role(host: context.host(isOrig: isOrig), role: "mqtt_client"))
            context.sink.emit(.role(host: context.host(isOrig: !isOrig), role: "mqtt_broker"))
            if !c.clientID.isEmpty {
                context.sink.emit(.hostname(host: context.host(isOrig: isOrig), name: c.clientID, evidence: "mqtt client id"))
            }
        case .connack(let code):
            if let c = connect {
                logConnect(c, status: code, context: context)
                connect = nil
            }
        case .publish(let pub):
            if pub.qos == 0 {
                logPublish(PendingPublish(ts: context.ts, fromClient: isOrig, publish: pub), status: "ok", context: context)
            } else if let id = pub.packetID {
                if publishes.count >= context.limits.maxPendingTransactions {
                    context.weird("mqtt_too_many_transactions", source: "mqtt")
                    flushPublishes(context)
                }
                publishes[id] = PendingPublish(ts: context.ts, fromClient: isOrig, publish: pub)
            }
        case .publishAck(let type, let id):
            guard let pending = publishes[id] else { return }
            // QoS 1 completes at PUBACK (4); QoS 2 at PUBCOMP (7) (MQTT 3.1.1 §4.3).
            if (pending.publish.qos == 1 && type == 4) || (pending.publish.qos == 2 && type == 7) {
                publishes[id] = nil
                logPublish(pending, status: "ok", context: context)
            }
        case .subscribe(let id, let topics, let qos):
            subscriptions[id] = (context.ts, true, topics, qos)
        case .unsubscribe(let id, let topics):
            subscriptions[id] = (context.ts, false, topics, [])
        case .suback(let id, let codes):
            if let s = subscriptions.removeValue(forKey: id) { logSubscribe(s, granted: codes.first, acknowledged: true, context: context) }
        case .unsuback(let id):
            if let s = subscriptions.removeValue(forKey: id) { logSubscribe(s, granted: nil, acknowledged: true, context: context) }
        case .pingreq, .pingresp, .disconnect, .auth:
            break
        }
    }

    public func finish(context: FlowContext) {
        context.reportMessages(service: "mqtt", count: &messageCount)
        if let c = connect { logConnect(c, status: nil, context: context) }
        connect = nil
        flushPublishes(context)
        for s in subscriptions.values.sorted(by: { $0.0 < $1.0 }) { logSubscribe(s, granted: nil, acknowledged: false, context: context) }
        subscriptions.removeAll()
    }

    func flushPublishes(_ context: FlowContext) {
        for p in publishes.values.sorted(by: { $0.ts < $1.ts }) { logPublish(p, status: "incomplete_qos", context: context) }
        publishes.removeAll()
    }

    func logConnect(_ c: (Timestamp, MQTTPacket.Connect), status: UInt8?, context: FlowContext) {
        context.sink.emit(
            .mqttConnect(
                MQTTConnectEvent(
                    ts: c.0, flow: context.flow, protocolName: c.1.protocolName, level: c.1.level, clientID: c.1.clientID, status: status,
                    willTopic: c.1.willTopic, willPayload: c.1.willPayload)))
    }

    func logPublish(_ p: PendingPublish, status: String, context: FlowContext) {
        context.sink.emit(
            .mqttPublish(
                MQTTPublishEvent(
                    ts: p.ts, flow: context.flow, fromClient: p.fromClient, retain: p.publish.retain, qos: p.publish.qos,
                    completed: status == "ok", topic: p.publish.topic, payload: p.publish.payload)))
    }

    func logSubscribe(_ s: (Timestamp, Bool, [String], [UInt8]), granted: UInt8?, acknowledged: Bool, context: FlowContext) {
        context.sink.emit(
            .mqttSubscribe(
                MQTTSubscribeEvent(
                    ts: s.0, flow: context.flow, subscribe: s.1, topics: s.2, requestedQoS: s.3, granted: granted,
                    acknowledged: acknowledged)))
    }
}
