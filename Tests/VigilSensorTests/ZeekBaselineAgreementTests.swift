import Foundation
import Testing
import VigilCore
import VigilLogs

@testable import VigilSensor

/// Peer agreement with Zeek and ICSNPP baseline logs in the corpus: for every capture whose
/// baseline includes a log Vigil writes, Vigil's rows must equal the baseline's row for row
/// on every baseline field except ts and uid. Figures are printed; a mismatch fails unless
/// Tests/PeerAgreement/exceptions.tsv names the capture, log and field with a reason.
@Suite struct ZeekBaselineAgreementTests {
    /// The logs this sensor writes that have Zeek/ICSNPP baselines to compare against.
    static let comparedLogs = [
        "conn", "dns", "http", "ssl", "dhcp", "modbus", "mqtt_connect", "mqtt_publish", "mqtt_subscribe", "dnp3", "dnp3_control",
        "dnp3_objects", "cotp", "s7comm", "s7comm_read_szl", "s7comm_upload_download", "s7comm_plus", "s7comm_known_devices",
        "enip", "cip", "cip_identity", "cip_io", "bacnet", "bacnet_discovery", "bacnet_property", "bacnet_device_control",
    ]

    /// Baselines produced with zeek-cut have no header; these are the columns those tests cut.
    static let headerless: [String: [String]] = [
        "modbus": ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "func", "exception"],
        // ICSNPP-enip's baselines are zeek-cut output: columns in its record order (main.zeek).
        "enip": directional + [
            "enip_command_code", "enip_command", "length", "session_handle", "enip_status", "sender_context", "options",
        ],
        "cip": directional + [
            "cip_sequence_count", "direction", "cip_service_code", "cip_service", "cip_status_code", "cip_status",
            "cip_extended_status_code", "cip_extended_status", "class_id", "class_name", "instance_id", "attribute_id",
        ],
        "cip_io": directional + ["connection_id", "sequence_number", "data_length", "io_data"],
        "cip_identity": directional + [
            "encapsulation_version", "socket_address", "socket_port", "vendor_id", "vendor_name", "device_type_id",
            "device_type_name", "product_code", "revision", "device_status", "serial_number", "product_name", "device_state",
        ],
    ]
    static let directional = [
        "ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "is_orig", "source_h", "source_p", "destination_h",
        "destination_p",
    ]

    static let timestampMask = "XXXXXXXXXX.XXXXXX"

    /// Zeek's btest canonifier diff-remove-timestamps: sed 's/(0\.000000)|([0-9]{9,10}\.[0-9]{2,8})/XXXXXXXXXX.XXXXXX/g'.
    static func maskTimestamps(_ s: String) -> String {
        s.replacing(/(0\.000000)|([0-9]{9,10}\.[0-9]{2,8})/, with: timestampMask)
    }

    struct Figure: CustomStringConvertible {
        var capture: String, log: String
        var matched: Int, baselineRows: Int, vigilRows: Int
        var excusedFields: [String]
        var description: String {
            "\(log).log \(capture): \(matched)/\(baselineRows) baseline rows matched (vigil wrote \(vigilRows))"
                + (excusedFields.isEmpty ? "" : " [excused fields: \(excusedFields.joined(separator: ","))]")
        }
    }

    @Test func baselinesAgree() throws {
        try #require(Corpus.available, "the shared corpus must be present at ../shared/corpus")
        let exceptions = try AgreementExceptions.load()
        var figures: [Figure] = []
        var failures: [String] = []
        for entry in try Corpus.manifest() {
            let dirs = entry.expected.filter { $0.contains("aseline") && $0.hasSuffix("/") }
            guard !dirs.isEmpty else { continue }
            var result: (MemoryLogSink, SensorPipeline)?
            for dir in dirs {
                for log in Self.comparedLogs {
                    let url = Corpus.root.appendingPathComponent(dir).appendingPathComponent("\(log).log")
                    guard FileManager.default.fileExists(atPath: url.path) else { continue }
                    if result == nil { result = Corpus.analyze(entry.file) }
                    let baseline = try ZeekTSVLog.load(url, headerlessFields: Self.headerless[log])
                    let excused = exceptions.excused(capture: entry.file, log: log)
                    var vigilRows = result!.0.rows(log)
                    if log == "modbus" && Self.headerless["modbus"] == baseline.fields {
                        // That baseline predates Zeek 6.1, which logged only responses; compare
                        // with Vigil's response rows (Zeek 7 logs requests too, as Vigil does).
                        vigilRows = vigilRows.filter {
                            if case .string("RESP")? = $0.value("pdu_type") { return true }
                            return false
                        }
                    }
                    let compareFields = baseline.fields.filter { $0 != "ts" && $0 != "uid" && !excused.contains($0) }
                    // Baselines made with btest's diff-remove-timestamps canonifier have every
                    // "0.000000" and ten-digit decimal masked, in data columns too (ICSNPP-bacnet's
                    // property values): mask Vigil's values in those columns the same way.
                    let masked = Set(
                        compareFields.filter { f in
                            let i = baseline.fields.firstIndex(of: f)!
                            return baseline.rows.contains { i < $0.count && $0[i].contains(Self.timestampMask) }
                        })
                    var ours = vigilRows.map { r in
                        compareFields.map { f in
                            let text = r.value(f).map { ZeekTSVEncoder.field($0) } ?? "<absent>"
                            return masked.contains(f) ? Self.maskTimestamps(text) : text
                        }
                    }
                    var matched = 0
                    var unmatched: [String] = []
                    for row in baseline.rows {
                        let projected = compareFields.map { f in
                            baseline.fields.firstIndex(of: f).map { $0 < row.count ? row[$0] : "" } ?? ""
                        }
                        if let i = ours.firstIndex(of: projected) {
                            ours.remove(at: i)
                            matched += 1
                        } else {
                            unmatched.append(projected.joined(separator: " "))
                        }
                    }
                    let fig = Figure(
                        capture: entry.file, log: log, matched: matched, baselineRows: baseline.rows.count,
                        vigilRows: vigilRows.count, excusedFields: excused.sorted())
                    figures.append(fig)
                    // "*": row counts may differ either way; "+": Vigil may write rows the baseline
                    // lacks, but every baseline row must still be matched.
                    let countExcused = excused.contains("*")
                    let extraExcused = excused.contains("+")
                    if !countExcused && (matched != baseline.rows.count || (!ours.isEmpty && !extraExcused)) {
                        failures.append(
                            "\(fig)\n    baseline rows without a match: \(unmatched.prefix(3).joined(separator: " | "))\n    vigil rows without a match: \(ours.prefix(3).map { $0.joined(separator: " ") }.joined(separator: " | "))"
                        )
                    }
                }
            }
        }
        print("== Zeek/ICSNPP baseline agreement ==")
        for f in figures { print("  " + f.description) }
        let total = figures.reduce((0, 0)) { ($0.0 + $1.matched, $0.1 + $1.baselineRows) }
        print("  total: \(total.0)/\(total.1) baseline rows matched across \(figures.count) logs")
        #expect(!figures.isEmpty, "no baseline was compared: the corpus layout changed?")
        #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) logs disagree:\n" + failures.joined(separator: "\n")))
    }
}
