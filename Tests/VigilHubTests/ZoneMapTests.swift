import Foundation
import Testing

@testable import VigilHub
@testable import VigilHubWire

/// A zone's map: the edges with a device of the zone at either end, each once, busiest first,
/// found through the map's indexes by the zone's addresses rather than by reading every edge.
@Suite struct ZoneMapTests {
    static func conn(_ client: String, _ server: String, _ service: String, bytes: Int) -> ShippedRecord {
        ShippedRecord(
            log: "conn",
            row:
                #"{"ts":5.0,"uid":"C\#(bytes)","id.orig_h":"\#(client)","id.orig_p":40001,"id.resp_h":"\#(server)","id.resp_p":502,"proto":"tcp","service":"\#(service)","orig_ip_bytes":\#(bytes),"resp_ip_bytes":0,"orig_pkts":1,"resp_pkts":0}"#
        )
    }

    @Test func edgesOfAZoneAreFoundByItsAddresses() async throws {
        let hub = try HubFixture()
        let key = try await hub.enroll("plant-1")
        let devices = ["10.0.1.7", "10.0.1.8", "10.0.2.5"].map { ShippedRecord(log: "asset", row: #"{"key":"\#($0)","ips":["\#($0)"]}"#) }
        let conns = [
            Self.conn("10.0.1.7", "10.0.2.5", "dnp3", bytes: 500),  // the zone's device a client
            Self.conn("10.0.2.5", "10.0.1.8", "modbus", bytes: 900),  // a server
            Self.conn("10.0.1.7", "10.0.1.8", "modbus", bytes: 300),  // both
            Self.conn("10.0.2.5", "10.0.9.9", "modbus", bytes: 100),  // neither
        ]
        let batch = try HubFixture.batch("plant-1", sequence: 1, records: devices + conns, key: key)
        _ = try await BatchIngest(database: hub.database).accept(sensor: "plant-1", signature: batch.signature, body: batch.body)
        let zone = try #require(
            try await hub.database.read { db in try String.fetchOne(db, sql: "SELECT zone FROM asset WHERE key = '10.0.1.7'") })

        let (all, modbus) = try await hub.database.read { db in
            (
                try StoreRow.fetchAll(db, sql: HubDatabase.zoneEdges(ofProtocol: false), arguments: [zone, zone, 10]).map(
                    HubDatabase.mapEdge),
                try StoreRow.fetchAll(db, sql: HubDatabase.zoneEdges(ofProtocol: true), arguments: [zone, "modbus", zone, "modbus", 10])
                    .map(HubDatabase.mapEdge)
            )
        }
        #expect(all.map(\.bytes) == [900, 500, 300])
        #expect(modbus.map(\.bytes) == [900, 300])

        let plan = try await AlertAddressIndexTests.plan(
            HubDatabase.zoneEdges(ofProtocol: false), arguments: [zone, zone, 10], in: hub.database)
        #expect(!plan.contains("SCAN map_edge") && !plan.contains("Seq Scan on map_edge"), "\(plan)")
    }
}
