import Testing
import VigilCore

@testable import VigilInventory

/// The device-type table's grammar, and how the first matching rule decides.
@Suite struct DeviceTypeRuleTests {
    static func asset(roles: [String] = [], protocols: [String] = [], _ identity: [IdentityFieldName: String] = [:]) -> Asset {
        var a = Asset(firstSeen: .zero)
        a.roles = Set(roles)
        a.protocols = Set(protocols)
        for (f, v) in identity { a.learn(f, Evidenced(value: v, evidence: "test")) }
        return a
    }

    static let table = """
        # comment, then a blank line

        plc\t1\tproduct = Programmable Logic Controller\tCIP says so
        unknown\t-\trole = modbus_client & role = modbus_server\tboth ends
        plc\t1\tmodel ~ cpu\tS7 CPU
        field_controller\t1\trole = modbus_server\tModbus server
        hmi_or_scada\t2\trole = modbus_client & protocol = modbus\tpolls Modbus
        """

    @Test func theFirstMatchingRuleDecidesAndSaysWhichLine() throws {
        let c = try DeviceClassifier(table: Self.table, source: "t.tsv")
        #expect(c.rules.count == 5)
        let plc = c.classify(Self.asset(roles: ["modbus_server"], [.product: "programmable logic controller"]))
        #expect(plc == DeviceType(value: "plc", level: 1, evidence: "CIP says so (device-types.tsv line 3)"))
        #expect(c.classify(Self.asset(roles: ["modbus_server"], [.model: "CPU 315-2 PN/DP"])).value == "plc")
        #expect(c.classify(Self.asset(roles: ["modbus_server"])).value == "field_controller")
        // Every test of a condition must hold.
        #expect(c.classify(Self.asset(roles: ["modbus_client"])) == .unknown)
        #expect(c.classify(Self.asset(roles: ["modbus_client"], protocols: ["modbus"])).level == 2)
        // Evidence both ways is declared ambiguous, with no level.
        let both = c.classify(Self.asset(roles: ["modbus_client", "modbus_server"]))
        #expect(both.value == "unknown" && both.level == nil && both.evidence.hasPrefix("both ends"))
    }

    @Test(arguments: [
        ("plc\t1\trole = plc", "line 7: expected 4 tab-separated columns"),
        ("plc\t9\trole = plc\tx", "line 7: level \"9\" is not a Purdue level 0-5"),
        ("unknown\t2\trole = plc\tx", "line 7: an unknown type has no level"),
        ("plc\t1\tcolour = red\tx", "line 7: \"colour\" is not role, protocol or an identity field"),
        ("plc\t1\trole ~ pl\tx", "line 7: role takes = only"),
        ("plc\t1\trole plc\tx", "line 7: \"role plc\" is not NAME = VALUE"),
    ])
    func aBadLineIsNamedWithItsFault(line: String, message: String) {
        let text = "# a\n# b\n\n# c\n\n\n" + line
        #expect {
            try DeviceClassifier(table: text, source: "custom.tsv")
        } throws: { e in
            guard let e = e as? VigilError else { return false }
            return e.source == "custom.tsv" && e.message.hasPrefix(message)
        }
    }

    @Test func theBundledTableReadsAndEveryTypeHasALevelOrIsUnknown() {
        let c = DeviceClassifier.bundled
        #expect(c.rules.count > 20)
        #expect(c.rules.allSatisfy { ($0.type == "unknown") == ($0.level == nil) })
        #expect(c.classify(Self.asset(roles: ["dnp3_outstation"])).value == "rtu")
        #expect(c.classify(Self.asset(roles: ["plc", "s7_client"])).value == "plc")
        #expect(c.classify(Self.asset()) == .unknown)
    }
}
