import Foundation
import VigilCore

/// Reads the tab-separated tables shipped beside the binary (SwiftPM's resource bundle for
/// this target), without Foundation's `Bundle.module`, which stops the process when the bundle
/// is missing: a missing table is an error the caller can report.
enum ResourceTable {
    static func rows(_ name: String) throws(VigilError) -> [[String]] {
        let candidates = [Bundle.main.executableURL?.deletingLastPathComponent().path, Bundle.main.bundlePath].compactMap { $0 }.map {
            $0 + "/Vigil_VigilVulns.resources/" + name
        }
        for path in candidates {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            return text.split(separator: "\n").compactMap { line in
                if line.hasPrefix("#") || line.allSatisfy(\.isWhitespace) { return nil }
                return line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace }
            }
        }
        throw VigilError(.ioFailure, "table \(name) not found beside the vigil binary", source: candidates.first)
    }
}
