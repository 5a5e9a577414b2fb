import Foundation
import Testing
import VigilCore
import VigilInventory

@testable import VigilSensor

/// The identity Vigil reads from a UPnP device description (the XML a device serves at its
/// SSDP LOCATION) against tshark's reassembly of the same HTTP response read by Python's XML
/// parser (scripts/identity/upnp_description_fields.py), on samples/upnp-display.pcap
/// (MiniDLNA's own description).
@Suite struct UPnPDescriptionAgreementTests {
    static let sample = Corpus.packageRoot.appendingPathComponent("samples/upnp-display.pcap").path
    static let fields: [String: IdentityFieldName] = [
        "manufacturer": .vendor, "modelName": .model, "modelNumber": .product, "serialNumber": .serial, "friendlyName": .name,
    ]

    @Test func descriptionFieldsAgreeWithTsharkAndPython() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark"), "tshark is a required peer")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", Corpus.packageRoot.appendingPathComponent("scripts/identity/upnp_description_fields.py").path, Self.sample,
        ]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0)
        let (_, pipeline) = TsharkAgreementTests.analyze(Self.sample)
        var compared = 0
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let cols = line.split(separator: "\t").map(String.init)
            let asset = try #require(pipeline.inventory.assets.first { a in a.ips.contains { "\($0)" == cols[0] } })
            for pair in cols.dropFirst() {
                let (element, value) = (String(pair.prefix { $0 != "=" }), String(pair.drop { $0 != "=" }.dropFirst()))
                let field = try #require(Self.fields[element])
                #expect(asset.identity[field]?.value == value, "\(cols[0]) \(element)")
                #expect(asset.identity[field]?.evidence == "upnp device description \(element)")
                compared += 1
            }
        }
        #expect(compared == 5)
    }
}
