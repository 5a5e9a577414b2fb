import VigilCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The folder a run writes its logs and inventory into. A folder that already holds another
/// run's output is refused unless the caller asks to replace it: appending one run's rows to
/// another's, or leaving an old log beside new ones, gives an analyst a picture of no real run.
public enum OutputFolder {
    /// What a run leaves at the top of its folder: every log (rotated ones too) and the inventory.
    public static func isRunOutput(_ name: String) -> Bool {
        name.hasSuffix(".log") || name == "assets.json" || name == "map.json"
    }

    /// The names of another run's files in `directory` (sorted); empty when there are none or
    /// the folder does not exist yet.
    public static func previousRunFiles(in directory: String) -> [String] {
        guard FileSystem.isDirectory(directory) else { return [] }
        return ((try? FileSystem.list(directory)) ?? []).filter(isRunOutput).sorted()
    }

    /// Makes `directory` ready for a new run: refuses one holding another run's output, or with
    /// `replace` removes that output (and nothing else).
    public static func prepare(_ directory: String, replace: Bool) throws {
        let previous = previousRunFiles(in: directory)
        guard !previous.isEmpty else { return }
        guard replace else {
            let named = previous.prefix(3).joined(separator: ", ") + (previous.count > 3 ? " and \(previous.count - 3) more" : "")
            throw VigilError(
                .invalidArgument, "holds another run's output (\(named)); give --force to replace it, or choose another --out",
                source: directory)
        }
        for name in previous {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            guard unlink(path) == 0 else { throw VigilError(.ioFailure, "cannot remove (errno \(errno))", source: path) }
        }
    }
}
