import Testing
import VigilCore

@testable import VigilSensor

/// Asset times come from the packets that name the asset.
@Suite struct AssetTimeTests {
    /// No asset is seen before the first connection it takes part in. In coap_mqtt.pcap a CoAP
    /// request (a `coap_server` role event) arrives just after a sweep finished older flows;
    /// the event once took the last packet time of the flow finished before it, a year
    /// earlier, and which one changed from run to run with the flow table's hash order.
    @Test(.enabled(if: Corpus.available)) func assetsAreNotSeenBeforeTheirFirstConnection() throws {
        let (sink, pipeline) = Corpus.analyze("ndpi/tests/cfgs/default/pcap/coap_mqtt.pcap")
        var earliest: [IPAddress: Timestamp] = [:]
        for row in sink.rows("conn") {
            guard case .time(let start)? = row.value("ts") else { continue }
            for field in ["id.orig_h", "id.resp_h"] {
                guard case .addr(let ip)? = row.value(field) else { continue }
                if start < earliest[ip] ?? Timestamp(nanoseconds: .max) { earliest[ip] = start }
            }
        }
        var checked = 0
        for asset in pipeline.inventory.assets {
            for ip in asset.ips {
                guard let first = earliest[ip] else { continue }
                #expect(asset.firstSeen >= first, "\(ip): first seen \(asset.firstSeen), first connection \(first)")
                checked += 1
            }
        }
        #expect(checked >= 5)
    }
}
