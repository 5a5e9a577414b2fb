import Foundation

/// The rule pack shipped with Vigil (rules/ in the source tree), installed beside the binary in
/// SwiftPM's resource bundle for this target.
public enum BundledRules {
    /// The pack's folder, or nil when the binary was installed without it. Found without
    /// `Bundle.module`, which stops the process when the bundle is missing.
    public static var folder: String? {
        let roots = [Bundle.main.executableURL?.deletingLastPathComponent().path, Bundle.main.bundlePath].compactMap { $0 }
        for root in roots {
            let path = root + "/Vigil_VigilDetect.resources/rules"
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue { return path }
        }
        return nil
    }
}
