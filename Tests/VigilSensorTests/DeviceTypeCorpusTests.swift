import Foundation
import Testing
import VigilCore
import VigilInventory

@testable import VigilSensor

/// Device types and Purdue levels on real captures (the corpus, and the project's samples made
/// with real software): each device below is of the type listed,
/// for the reason given, and the bundled table must say so.
@Suite struct DeviceTypeCorpusTests {
    struct Expected: Sendable, CustomStringConvertible {
        var capture: String
        var address: String
        var type: String
        var level: Int?
        var why: String
        var description: String { "\(address) in \(capture)" }
    }

    static let expected: [Expected] = [
        Expected(
            capture: "icsnpp-s7comm/tests/traces/s7ident.pcap", address: "172.17.0.2", type: "plc", level: 1,
            why: "its SZL 0x001C module type is CPU 315-2 PN/DP"),
        Expected(
            capture: "icsnpp-s7comm/tests/traces/s7comm_plus.pcap", address: "192.168.0.3", type: "engineering_station", level: 2,
            why: "it opens S7comm sessions to the PLC"),
        Expected(
            capture: "suricata-verify/tests/enip-keywords/enip_cip_example.pcap", address: "10.1.1.164", type: "communications_adapter",
            level: 1, why: "its ListIdentity reply gives device type 12, Communications Adapter"),
        Expected(
            capture: "icsnpp-bacnet/testing/traces/bacnet_error_reject_abort.pcap", address: "10.10.10.10", type: "building_controller",
            level: 1, why: "it answers Who-Is with I-Am"),
        Expected(
            capture: "icsnpp-dnp3/testing/traces/dnp3_example.pcap", address: "10.10.20.5", type: "scada_master", level: 2,
            why: "it is the DNP3 master"),
        Expected(
            capture: "icsnpp-dnp3/testing/traces/dnp3_example.pcap", address: "10.10.20.8", type: "rtu", level: 1,
            why: "it is a DNP3 outstation"),
        Expected(
            capture: "suricata-verify/tests/dnp3/dnp3-toclient-start/dnp3_toclient_start.pcap", address: "127.0.0.1", type: "unknown",
            level: nil, why: "one loopback address is both master and outstation"),
        Expected(
            capture: "icsnpp-modbus/testing/traces/modbus_example.pcap", address: "192.168.1.6", type: "hmi_or_scada", level: 2,
            why: "it polls a Modbus server"),
        Expected(
            capture: "suricata-verify/tests/modbus/modbus.pcap", address: "10.0.0.3", type: "field_controller", level: 1,
            why: "it answers Modbus/TCP"),
        Expected(
            capture: "icsnpp-opcua-binary/pcaps/opcua_with-gap.pcap", address: "192.168.11.34", type: "opcua_server", level: 3,
            why: "it serves OPC UA sessions"),
        Expected(
            capture: "ndpi/tests/cfgs/default/pcap/coap_mqtt.pcap", address: "192.168.56.1", type: "iot_device", level: 1,
            why: "an MQTT client and nothing else"),
        Expected(
            capture: "samples/mdns-camera.pcap", address: "10.82.0.12", type: "camera", level: 1,
            why: "it announces an RTSP stream over multicast DNS"),
        Expected(
            capture: "samples/cip-identity.pcap", address: "10.81.0.10", type: "plc", level: 1,
            why: "its Identity object gives device type 14, Programmable Logic Controller"),
        Expected(
            capture: "samples/profinet-dcp.pcap", address: "10.84.5.21", type: "plc", level: 1,
            why: "its DCP Identify answer gives the role IO-Controller"),
        Expected(
            capture: "samples/profinet-dcp.pcap", address: "00:1b:1b:84:05:02", type: "remote_io", level: 1,
            why: "its DCP Identify answer gives the role IO-Device; it has no address yet"),
    ]

    @Test(arguments: expected)
    func deviceHasItsType(_ e: Expected) throws {
        try #require(Corpus.available)
        let (_, pipeline, _) =
            e.capture.hasPrefix("samples/")
            ? EventSubscriberTests.runPath(Corpus.packageRoot.appendingPathComponent(e.capture).path) : EventSubscriberTests.run(e.capture)
        let asset = try #require(
            pipeline.inventory.assets.first {
                $0.ips.contains { "\($0)" == e.address } || ($0.ips.isEmpty && $0.mac?.description == e.address)
            })
        let type = DeviceClassifier.bundled.classify(asset)
        #expect(type.value == e.type, "\(e.why); got \(type.value): \(type.evidence)")
        #expect(type.level == e.level)
    }
}
