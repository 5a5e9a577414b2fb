import Foundation

/// The shared reference data (../shared/data beside the project): real CSAF advisories, NVD
/// records and the KEV catalog, read in place.
enum SharedData {
    static let root: String = {
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data").path
    }()

    static func path(_ relative: String) -> String { root + "/" + relative }
}
