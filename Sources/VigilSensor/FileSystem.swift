import VigilCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few file-system queries the sensor needs, without Foundation.
public enum FileSystem {
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// The names in `dir` (not paths, not recursive), in directory order.
    public static func list(_ dir: String) throws -> [String] {
        guard let d = opendir(dir) else { throw VigilError(.ioFailure, "cannot open directory (errno \(errno))", source: dir) }
        defer { closedir(d) }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    public static func listRecursively(_ dir: String) throws -> [String] {
        var out: [String] = []
        for name in try list(dir) {
            let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            if isDirectory(path) { out += try listRecursively(path) } else { out.append(path) }
        }
        return out
    }

    public static func writeFile(_ path: String, _ text: String) throws {
        guard let f = fopen(path, "w") else { throw VigilError(.ioFailure, "cannot create file (errno \(errno))", source: path) }
        var t = text
        let ok = t.withUTF8 { fwrite($0.baseAddress, 1, $0.count, f) == $0.count }
        fclose(f)
        if !ok { throw VigilError(.ioFailure, "write failed", source: path) }
    }

    /// Writes `text` to a temporary file beside `path` and renames it over `path`, so a reader
    /// (a hub, a dashboard) sees the old file or the new one, never half of one.
    public static func replaceFile(_ path: String, _ text: String) throws {
        let temporary = path + ".partial"
        try writeFile(temporary, text)
        guard rename(temporary, path) == 0 else {
            throw VigilError(.ioFailure, "cannot rename \(temporary) (errno \(errno))", source: path)
        }
    }
}
