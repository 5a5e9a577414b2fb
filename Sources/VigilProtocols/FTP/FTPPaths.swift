import VigilCore

/// Paths as Zeek's base/utils/paths builds them for ftp.log's file arguments.
enum FTPPaths {
    /// build_path: `file` itself when it is absolute, else `dir/file`.
    static func join(_ dir: String, _ file: String) -> String {
        file.hasPrefix("/") || dir.isEmpty ? file : dir + "/" + file
    }

    /// compress_path: each `name/..` removed (a `..` with nothing left before it stays),
    /// runs of `/` and `/.` reduced to one `/`, and a trailing `/` dropped.
    static func compressed(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        let pieces = path.split(separator: "/", omittingEmptySubsequences: true)
        for (i, p) in pieces.enumerated() {
            if p == "." && (i > 0 || absolute) { continue }
            if p == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            parts.append(p)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// build_url: the server's address and the compressed path, with a leading `/`.
    static func url(cwd: String, arg: String, server: IPAddress) -> String {
        var path = compressed(join(cwd, arg))
        if !path.hasPrefix("/") { path = "/" + path }
        let host: String
        if case .v6 = server { host = "[\(server)]" } else { host = server.description }
        return host + path
    }

    /// The directory a 257 reply names in double quotes (RFC 959 §4.2, a quote inside
    /// doubled), or nil.
    static func quoted(_ text: String) -> String? {
        guard let open = text.firstIndex(of: "\"") else { return nil }
        var out = ""
        var i = text.index(after: open)
        while i < text.endIndex {
            if text[i] == "\"" {
                let next = text.index(after: i)
                guard next < text.endIndex, text[next] == "\"" else { return out }
                out.append("\"")
                i = text.index(after: next)
            } else {
                out.append(text[i])
                i = text.index(after: i)
            }
        }
        return nil
    }
}
