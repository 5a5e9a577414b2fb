import Foundation
import Testing
import VigilCapture
import VigilCore
import VigilDetect
import VigilLogs

@testable import VigilSensor

/// The shipped OT rule pack: every rule well formed and mapped to real ATT&CK for ICS
/// techniques, each fired by a real capture and left quiet by normal traffic, with the same
/// notices for any number of workers.
@Suite struct RulePackTests {
    static let folder = Corpus.packageRoot.appendingPathComponent("rules").path
    static let pack = RuleLoader().load(paths: [folder])
    static let sample = Corpus.packageRoot.appendingPathComponent("samples/city-sample.pcap").path

    /// For each rule, a capture that fires it: the corpus's (relative to ../shared/corpus) or
    /// the project's own samples (relative to the package).
    static let firedBy: [String: String] = [
        "bacnet_alarm_acknowledged": "icsnpp-bacnet/testing/traces/bacnet_error_reject_abort.pcap",
        "bacnet_device_communication_control": "icsnpp-bacnet/testing/traces/bacnet_error_reject_abort.pcap",
        "bacnet_device_control_with_password": "icsnpp-bacnet/testing/traces/bacnet_error_reject_abort.pcap",
        "bacnet_file_write": "icsnpp-bacnet/testing/traces/bacnet_error_reject_abort.pcap",
        "bacnet_object_created_or_deleted": "icsnpp-bacnet/testing/traces/bacnet_error_reject_abort.pcap",
        "bacnet_present_value_write": "icsnpp-bacnet/testing/traces/bacnet_error_reject_abort.pcap",
        "bacnet_reinitialize_device": "icsnpp-bacnet/testing/traces/bacnet_error_reject_abort.pcap",
        "bacnet_who_is": "icsnpp-bacnet/testing/traces/bacnet_segmented_data.pcap",
        "bacnet_write_out_of_service": "samples/ot-attacks.pcap",
        "cip_firmware_update_object": "samples/ot-attacks.pcap",
        "cip_reset_or_stop": "samples/ot-attacks.pcap",
        "osdp_monitor_alert": "samples/ot-attacks.pcap",
        "s7_password_attempt": "samples/ot-attacks.pcap",
        "s7_program_download": "samples/ot-attacks.pcap",
        "cip_attribute_write": "icsnpp-enip/tests/traces/set_attribute_single_service_cip.pcapng",
        "dce_rpc_remote_execution": "samples/dce-rpc.pcap",
        "dnp3_cold_restart": "samples/dnp3-attacks.pcap",
        "dnp3_cleartext_file_password": "samples/dnp3-attacks.pcap",
        "dnp3_delete_file": "suricata-verify/tests/dnp3/dnp3-file-del/input.pcap",
        "dnp3_direct_operate": "samples/dnp3-attacks.pcap",
        "dnp3_disable_unsolicited": "suricata-verify/tests/dnp3/dnp3-eve/input.pcap",
        "dnp3_file_transfer": "suricata-verify/tests/dnp3/dnp3-file-del/input.pcap",
        "dnp3_initialize_or_save_configuration": "samples/dnp3-attacks.pcap",
        "dnp3_operate_from_unlisted_host": "suricata-verify/tests/dnp3/dnp3-select-operate/input.pcap",
        "dnp3_stop_application": "samples/dnp3-attacks.pcap",
        "dnp3_warm_restart": "samples/dnp3-attacks.pcap",
        "enip_list_identity": "suricata-verify/tests/enip-alert/enip_test1.pcap",
        "ftp_file_written_to_device": "samples/ftp-transfers.pcap",
        "http_request_smuggling": "suricata-verify/tests/http-multiple-cl/input.pcap",
        "iec104_control_command": "parsitects-zeek-iec104/testing/Traces/first/iec104.pcap",
        "iec104_interrogation": "parsitects-zeek-iec104/testing/Traces/first/iec104.pcap",
        "modbus_coil_write_from_unlisted_host": "zeek/testing/btest/Traces/modbus/modbus-and-non-modbus-p502.pcap",
        "modbus_device_identification_request": "suricata-verify/tests/modbus/modbus.pcap",
        "modbus_diagnostics_request": "suricata-verify/tests/modbus/modbus.pcap",
        "modbus_file_record_write": "icsnpp-modbus/testing/traces/modbus_example.pcap",
        "modbus_illegal_function_reply": "iti-ics-security-tools/pcaps/ModbusTCP/modbus_test_data_part2.pcap",
        "modbus_not_modbus_on_502": "iti-ics-security-tools/pcaps/ModbusTCP/modbus_test_data_part1.pcap",
        "modbus_program_or_firmware_function": "iti-ics-security-tools/pcaps/ModbusTCP/modbus_test_data_part2.pcap",
        "modbus_register_write_from_unlisted_host": "zeek/testing/btest/Traces/modbus/modbus-and-non-modbus-p502.pcap",
        "mqtt_authentication_refused": "suricata-verify/tests/mqtt5-sub-customauth/input.pcap",
        "mqtt_wildcard_subscription": "samples/city-sample.pcap",
        "opcua_anonymous_session": "icsnpp-opcua-binary/pcaps/opcua_with-gap.pcap",
        "opcua_cleartext_password": "icsnpp-opcua-binary/pcaps/open62541_client-server_mainloop-no-handshake.pcap",
        "opcua_node_write": "icsnpp-opcua-binary/pcaps/open62541_client-server_mainloop-no-handshake.pcap",
        "opcua_security_policy_none": "icsnpp-opcua-binary/pcaps/open62541_client-server-getEndpoints.pcap",
        "ot_port_probe": "samples/ot-sweep.pcap",
        "s7_plc_control": "icsnpp-s7comm/tests/traces/snap7.pcap",
        "s7_plc_stop": "icsnpp-s7comm/tests/traces/snap7.pcap",
        "s7_output_write": "icsnpp-s7comm/tests/traces/snap7.pcap",
        "s7_program_upload": "icsnpp-s7comm/tests/traces/s7ident.pcap",
        "s7_set_clock": "icsnpp-s7comm/tests/traces/snap7.pcap",
        "s7_szl_read": "icsnpp-s7comm/tests/traces/s7ident.pcap",
        "ssh_password_guessing": "samples/ssh-sessions.pcap",
    ]

    /// Rules on vulnerabilities.log, which a capture fires only when its devices are matched
    /// against advisories (`--vulns`): VulnsCommandTests runs them.
    static let firedWithVulns: [String: String] = [
        "vulnerable_device_confirmed": "icsnpp-s7comm/tests/traces/s7ident.pcap"
    ]

    /// Rules no capture fires yet: the corpus has no such traffic, and no tool the sample
    /// scripts can run sends it (docs/DETECTION.md lists them). Each was checked by hand on a
    /// row written for it (`handWrittenRowsFireTheRulesNoCaptureFires`).
    static let noCaptureYet: Set<String> = [
        "iec104_reset_process", "s7_cpu_mode_change", "s7_memory_reset_or_delete_job",
        // No device of the corpus or the samples is affected by a CVE in CISA's catalog.
        "vulnerable_device_known_exploited",
    ]

    static func path(_ capture: String) -> String {
        capture.hasPrefix("samples/")
            ? Corpus.packageRoot.appendingPathComponent(capture).path : Corpus.root.appendingPathComponent(capture).path
    }

    static func stem(_ rule: SigmaRule) -> String { URL(fileURLWithPath: rule.file).deletingPathExtension().lastPathComponent }

    /// The file stems of the shipped rules that raised `notices` (rows of a notice.log), one
    /// per notice; correlation notices are not rules of the pack and are left out.
    static func firedStems(_ notices: [[String: Any]]) -> [String] {
        notices.compactMap { n in pack.rules.first { $0.id == n["rule_id"] as? String }.map(stem) }
    }

    /// notice.log's rows after analyzing `capture` with the shipped rules.
    static func notices(_ capture: String, workers: Int = 1, suppressFor: Double = 0) throws -> [[String: Any]] {
        let out = NSTemporaryDirectory() + "vigil-rules-\(getpid())-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let files = try LogFiles(directory: out, format: .json)
        let rules = RuleSet(pack.rules)
        let gate = AlertGate(suppressFor: suppressFor)
        let pipeline = ShardedPipeline(workers: workers, files: files, observer: { _ in RuleObserver(rules: rules, gate: gate) })
        #expect(CaptureRunner().run(path: capture, into: pipeline) { _, _ in } == nil)
        pipeline.finish()
        try NoticeWriter.writeNotices(gate, into: files)
        files.close(now: .zero)
        guard let text = try? String(contentsOfFile: out + "/notice.log", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test func everyRuleLoadsWithItsMetadata() throws {
        #expect(Self.pack.errors.isEmpty, "\(Self.pack.errors)")
        #expect(Self.pack.rules.count >= 40)
        var ids = Set<String>()
        for rule in Self.pack.rules {
            #expect(UUID(uuidString: rule.id) != nil, "\(rule.file): id is not a UUID")
            #expect(ids.insert(rule.id).inserted, "\(rule.file): id used twice")
            #expect(!(rule.description ?? "").isEmpty, "\(rule.file): no description")
            #expect(!rule.techniques.isEmpty, "\(rule.file): no ATT&CK technique")
            #expect(rule.logSource.product == "zeek")
        }
    }

    @Test func everyTechniqueIsInATTACKForICS() throws {
        let bundle = Corpus.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/attack-ics/ics-attack.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: bundle)) as! [String: Any]
        var known = Set<String>()
        for case let object as [String: Any] in json["objects"] as! [Any] where object["type"] as? String == "attack-pattern" {
            guard object["revoked"] as? Bool != true, object["x_mitre_deprecated"] as? Bool != true else { continue }
            for case let ref as [String: Any] in object["external_references"] as? [Any] ?? []
            where ref["source_name"] as? String == "mitre-attack" {
                if let id = ref["external_id"] as? String { known.insert(id) }
            }
        }
        #expect(known.count > 70)
        for rule in Self.pack.rules {
            for t in rule.techniques { #expect(known.contains(t), "\(rule.file): \(t) is not an ATT&CK for ICS technique") }
        }
        for rule in Self.pack.correlations {
            for t in rule.techniques { #expect(known.contains(t), "\(rule.file): \(t) is not an ATT&CK for ICS technique") }
        }
    }

    @Test(arguments: RulePackTests.firedBy.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value) })
    func aRealCaptureFiresTheRule(_ entry: (rule: String, capture: String)) throws {
        let rule = try #require(Self.pack.rules.first { Self.stem($0) == entry.rule }, "no rule \(entry.rule)")
        let fired = try Self.notices(Self.path(entry.capture)).filter { $0["rule_id"] as? String == rule.id }
        #expect(!fired.isEmpty, "\(entry.capture) does not fire \(entry.rule)")
        for n in fired {
            #expect(n["level"] as? String == rule.level.rawValue)
            #expect(n["attack_techniques"] as? [String] == rule.techniques)
            #expect(!(n["evidence"] as? [String] ?? []).isEmpty)
        }
    }

    /// Correlations a capture completes, and the matches that complete them.
    @Test func correlationsFireOnRealCaptures() throws {
        #expect(Self.pack.correlations.count >= 5)
        for (stem, capture) in [
            ("s7_stop_after_password", "samples/ot-attacks.pcap"),
            ("bacnet_silence_then_restart", "icsnpp-bacnet/testing/traces/bacnet_error_reject_abort.pcap"),
            ("ot_port_sweep", "samples/ot-sweep.pcap"),
        ] {
            let rule = try #require(
                Self.pack.correlations.first { URL(fileURLWithPath: $0.file).deletingPathExtension().lastPathComponent == stem })
            let out = NSTemporaryDirectory() + "vigil-corr-\(getpid())-\(stem)"
            defer { try? FileManager.default.removeItem(atPath: out) }
            let files = try LogFiles(directory: out, format: .json)
            let correlator = try Correlator(Self.pack.correlations, detection: Self.pack.rules)
            let gate = AlertGate()
            let rules = RuleSet(Self.pack.rules, extraFields: correlator.fields)
            let pipeline = ShardedPipeline(
                workers: 2, files: files, observer: { _ in RuleObserver(rules: rules, gate: gate, correlator: correlator) })
            #expect(CaptureRunner().run(path: Self.path(capture), into: pipeline) { _, _ in } == nil)
            pipeline.finish()
            files.close(now: .zero)
            let hits = correlator.evaluate().filter { $0.rule.id == rule.id }
            #expect(!hits.isEmpty, "\(capture) does not complete \(stem)")
            #expect(hits.allSatisfy { $0.count >= $0.rule.ruleReferences.count })
        }
        for c in Self.pack.correlations {
            #expect(UUID(uuidString: c.id) != nil)
            #expect(!c.techniques.isEmpty)
        }
    }

    @Test func everyRuleIsFiredByACaptureOrListedAsNotYet() {
        let stems = Set(Self.pack.rules.map(Self.stem))
        #expect(Set(Self.firedBy.keys).union(Self.firedWithVulns.keys).union(Self.noCaptureYet) == stems)
        #expect(Set(Self.firedBy.keys).isDisjoint(with: Self.noCaptureYet))
        #expect(Set(Self.firedWithVulns.keys).isDisjoint(with: Self.noCaptureYet))
    }

    /// The attack sample (scripts/make-attack-sample.sh): each tool's actions raise the alerts
    /// written for them, and nothing else.
    @Test func theAttackSampleRaisesEachScenariosAlerts() throws {
        let notices = try Self.notices(Self.path("samples/ot-attacks.pcap"))
        let fired = Set(Self.firedStems(notices))
        let expected: Set<String> = [
            // python-snap7 against the S7 server
            "s7_szl_read", "s7_password_attempt", "s7_set_clock", "s7_program_download", "s7_plc_control", "s7_plc_stop",
            // pycomm3 against the EtherNet/IP server
            "cip_reset_or_stop", "cip_firmware_update_object",
            // c104's rogue controlling station
            "iec104_control_command",
            // bacpypes3 against the building controller
            "bacnet_write_out_of_service", "bacnet_present_value_write",
            // pymodbus from the intruder's host
            "modbus_register_write_from_unlisted_host", "modbus_coil_write_from_unlisted_host", "modbus_device_identification_request",
            // an OSDP control panel and reader without the Secure Channel
            "osdp_monitor_alert",
        ]
        #expect(fired == expected)
        for n in notices { #expect(n["src"] as? String == "10.79.0.66" || n["log"] as? String == "osdp_alert", "\(n)") }
    }

    /// The rules no capture fires, each on a row as the log would hold it, and not on a
    /// neighbouring one.
    @Test func handWrittenRowsFireTheRulesNoCaptureFires() throws {
        let rows: [String: (log: String, fires: [(String, FieldValue)], quiet: [(String, FieldValue)])] = [
            "iec104_reset_process": ("iec104", [("asdu.info_obj_type", .text("C_RP_NA_1"))], [("asdu.info_obj_type", .text("C_RD_NA_1"))]),
            "s7_cpu_mode_change": (
                "s7comm", [("function_name", .text("Push: Mode-Transition"))], [("function_name", .text("Push: CPU Functions"))]
            ),
            "s7_memory_reset_or_delete_job": (
                "s7comm", [("subfunction_name", .text("Memory Reset"))], [("subfunction_name", .text("Read Job"))]
            ),
            // The row MatchingTests' Stratix 5400 gets: CVE-2018-0171, in the catalog since 2021-11-03.
            "vulnerable_device_known_exploited": (
                "vulnerabilities", [("kev", .bool(true)), ("confidence", .text("confirmed"))],
                [("kev", .bool(false)), ("confidence", .text("confirmed"))]
            ),
        ]
        #expect(Set(rows.keys) == Self.noCaptureYet)
        for (stem, row) in rows {
            let rule = try #require(Self.pack.rules.first { Self.stem($0) == stem })
            #expect(rule.logSource.logs == [row.log])
            #expect(rule.matches(EventRecord(log: row.log, fields: row.fires)), "\(stem)")
            #expect(!rule.matches(EventRecord(log: row.log, fields: row.quiet)), "\(stem)")
        }
    }

    /// Normal traffic: the bundled sample raises only the two documented alerts above low
    /// (its display writing a register and a coil of the pump controller, which a site lists
    /// as an HMI in the rules' filter), and every rule has a capture that does not fire it.
    @Test func normalTrafficStaysQuiet() throws {
        let notices = try Self.notices(Self.sample)
        let aboveLow = Set(
            notices.filter { !["low", "informational"].contains($0["level"] as? String) }.compactMap { $0["rule_id"] as? String })
        let documented = Set(
            Self.pack.rules.filter {
                ["modbus_register_write_from_unlisted_host", "modbus_coil_write_from_unlisted_host"].contains(Self.stem($0))
            }.map(\.id))
        #expect(aboveLow == documented)
        let quietElsewhere = try Self.notices(Corpus.root.appendingPathComponent("icsnpp-s7comm/tests/traces/s7ident.pcap").path)
        let firedBySample = Set(notices.compactMap { $0["rule_id"] as? String })
        let firedByS7 = Set(quietElsewhere.compactMap { $0["rule_id"] as? String })
        #expect(firedBySample.isDisjoint(with: firedByS7), "every rule has a capture that leaves it quiet")
    }

    /// Suppression windows are decided once the input ends, from the set of their matches, so
    /// the notices are the same for any number of workers.
    @Test func noticesAreTheSameForAnyNumberOfWorkers() throws {
        for capture in [
            "icsnpp-bacnet/testing/traces/bacnet_error_reject_abort.pcap", "suricata-verify/tests/dnp3/dnp3-select-operate/input.pcap",
        ] {
            func rows(_ workers: Int) throws -> [String] {
                try Self.notices(Self.path(capture), workers: workers, suppressFor: 3600).map {
                    String(decoding: try JSONSerialization.data(withJSONObject: $0, options: .sortedKeys), as: UTF8.self)
                }.sorted()
            }
            let one = try rows(1)
            #expect(!one.isEmpty)
            #expect(try rows(3) == one, "\(capture)")
        }
    }
}
