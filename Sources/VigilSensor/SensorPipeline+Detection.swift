import VigilCore
import VigilDecode
import VigilProtocols

/// Which protocol a flow speaks, from its first bytes (docs/LOGS.md, "Which protocols,
/// recognised how").
extension SensorPipeline {
    /// Looks for the flow's protocol in its first bytes: in `d` alone, then, over TCP, in the
    /// first bytes kept of a side whose first message has ended (`DetectionPrefix`).
    func detect(
        _ d: UnsafeRawBufferPointer, misses: Int, conn: Connection, analysis: FlowAnalysis, isOrig: Bool, context: inout FlowContext
    ) {
        if let descriptor = registry.identify(d, isOrig: isOrig, id: conn.id) {
            let a = activate(descriptor, conn: conn, analysis: analysis)
            // The other side's first bytes came before these. This side's, if it sent any,
            // ended a message the capture began in the middle of: not replayed.
            analysis.prefix?.replay(only: !isOrig) { replay(a, $0, isOrig: $1, at: $2, context: &context) }
            analysis.prefix = nil
            a.deliver(d, isOrig: isOrig, context: context)
            return
        }
        if conn.id.proto == .tcp {
            // Taken out while it changes, so that its bytes are not copied.
            var prefix = analysis.prefix ?? DetectionPrefix()
            analysis.prefix = nil
            // The other side speaking ends its first message: that is decided on now.
            if prefix.isUndecided(isOrig: !isOrig) {
                if let a = start(&prefix, side: !isOrig, conn: conn, analysis: analysis, context: &context) {
                    a.deliver(d, isOrig: isOrig, context: context)
                    return
                }
                prefix.close(isOrig: !isOrig)
            }
            if prefix.keep(d, isOrig: isOrig, at: context.ts) {
                // Until its side holds enough to decide on, or the other side speaks, or the
                // flow ends, a first message may be incomplete: a shorter request would be
                // taken for a protocol whose requests begin alike (RTSP's for HTTP's).
                if prefix.isUndecided(isOrig: isOrig) {
                    analysis.prefix = prefix
                    return
                }
                if prefix.bytes(isOrig: isOrig).count > d.count,
                    start(&prefix, side: isOrig, conn: conn, analysis: analysis, context: &context) != nil
                {
                    return
                }
                prefix.drop(isOrig: isOrig)
            }
            analysis.prefix = prefix.isEmpty ? nil : prefix
        }
        if misses + 1 >= FlowAnalysis.maxDetectionMisses {
            analysis.state = .unidentified
            analysis.prefix = nil
        } else {
            analysis.state = .detecting(misses: misses + 1)
        }
    }

    /// Starts the analyzer of the protocol `side`'s first bytes kept show, if one does, and
    /// hands it every chunk kept, in the order they came.
    func start(_ prefix: inout DetectionPrefix, side: Bool, conn: Connection, analysis: FlowAnalysis, context: inout FlowContext)
        -> ProtocolAnalyzer?
    {
        guard let descriptor = prefix.bytes(isOrig: side).withUnsafeBytes({ registry.identify($0, isOrig: side, id: conn.id) }) else {
            return nil
        }
        let a = activate(descriptor, conn: conn, analysis: analysis)
        prefix.replay { replay(a, $0, isOrig: $1, at: $2, context: &context) }
        analysis.prefix = nil
        return a
    }

    /// Hands a flow's new analyzer bytes kept from before it started, at the time they came.
    func replay(_ a: ProtocolAnalyzer, _ bytes: UnsafeRawBufferPointer, isOrig: Bool, at ts: Timestamp, context: inout FlowContext) {
        let now = context.ts
        context.ts = ts
        a.deliver(bytes, isOrig: isOrig, context: context)
        context.ts = now
    }

    /// Starts `descriptor`'s analyzer on the flow.
    func activate(_ descriptor: AnalyzerDescriptor, conn: Connection, analysis: FlowAnalysis) -> ProtocolAnalyzer {
        let a = descriptor.make()
        analysis.state = .active(a)
        conn.addService(descriptor.service)
        router.stats.services[descriptor.service, default: 0] += 1
        return a
    }
}
