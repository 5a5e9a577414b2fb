import Foundation

/// The example playbooks shipped with Vigil (playbooks/ in the source tree), copied into a new
/// hub's folder so that an admin has working ones to read and edit. All but one wait for an
/// approval; the one that acts at once blocks for ten minutes only.
public enum BundledPlaybooks {
    /// The examples' folder, or nil when the binary was installed without them. Found without
    /// `Bundle.module`, which stops the process when the bundle is missing.
    public static var folder: URL? {
        let roots = [Bundle.main.executableURL?.deletingLastPathComponent().path, Bundle.main.bundlePath].compactMap { $0 }
        for root in roots {
            let path = root + "/Vigil_VigilResponse.resources/playbooks"
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                return URL(fileURLWithPath: path)
            }
        }
        return nil
    }

    /// Copies the examples into `destination` unless it exists already (an admin's own
    /// playbooks are never overwritten). Returns how many were copied.
    @discardableResult
    public static func install(into destination: URL) throws -> Int {
        guard !FileManager.default.fileExists(atPath: destination.path), let folder else { return 0 }
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yml") }.sorted()
        for name in names {
            try FileManager.default.copyItem(at: folder.appendingPathComponent(name), to: destination.appendingPathComponent(name))
        }
        return names.count
    }
}
