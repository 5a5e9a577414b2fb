import VigilCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Looks up the IEEE-registered organisation of a MAC address's OUI.
///
/// The registry is data, loaded once on first use: the `oui.tsv` resource built beside the
/// binary (scripts/gen_oui.py), or else Debian's ieee-data `oui.csv`. With neither, addresses
/// simply have no vendor name.
public enum OUIVendors {
    /// Where the registry is looked for, in order.
    static var registryPaths: [String] {
        var paths: [String] = []
        if let dir = executableDirectory { paths.append(dir + "/Vigil_VigilInventory.resources/oui.tsv") }
        paths.append("/usr/share/ieee-data/oui.csv")
        return paths
    }

    static let table: [UInt32: String] = {
        for path in registryPaths {
            guard let text = readFile(path) else { continue }
            return path.hasSuffix(".csv") ? parseIEEECSV(text) : parseTSV(text)
        }
        return [:]
    }()

    /// The vendor, or nil for unregistered, locally administered or group addresses.
    public static func vendor(of mac: MACAddress) -> String? {
        if mac.isLocallyAdministered || mac.isGroup { return nil }
        return table[mac.oui]
    }

    /// `XXXXXX<TAB>Organisation` lines, already clean.
    static func parseTSV(_ text: String) -> [UInt32: String] {
        var t: [UInt32: String] = [:]
        t.reserveCapacity(40_000)
        RegistryText.forEachEntry(text) { key, name in
            if let oui = RegistryText.number(key, radix: 16) { t[oui] = name }
        }
        return t
    }

    /// The IEEE's CSV (`Registry,Assignment,Organization Name,Organization Address`), first
    /// entry per OUI kept, as the generator does.
    static func parseIEEECSV(_ text: String) -> [UInt32: String] {
        var t: [UInt32: String] = [:]
        t.reserveCapacity(40_000)
        // "\r\n" is one Character in Swift, so a split on "\n" alone would not see it.
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).dropFirst() {
            let fields = csvFields(line, count: 3)
            guard fields.count == 3, let oui = UInt32(fields[1], radix: 16), t[oui] == nil else { continue }
            t[oui] = cleanName(fields[2])
        }
        return t
    }

    /// The first `count` fields of a CSV line (RFC 4180 quoting, `""` for a quote).
    static func csvFields(_ line: Substring, count: Int) -> [String] {
        let chars = Array(line)
        var fields: [String] = []
        var current = ""
        var quoted = false
        var i = 0
        while i < chars.count, fields.count < count {
            let c = chars[i]
            if c == "\"" {
                if quoted, i + 1 < chars.count, chars[i + 1] == "\"" {
                    current.append("\"")
                    i += 1
                } else {
                    quoted.toggle()
                }
            } else if c == ",", !quoted {
                fields.append(current)
                current = ""
            } else if c != "\r" {
                current.append(c)
            }
            i += 1
        }
        if fields.count < count { fields.append(current) }
        return fields
    }

    /// A registry name without the punctuation its record carries at the end ("Siemens AG,",
    /// "DU PONT PIXEL SYSTEMS ."), runs of white space (no-break spaces too) made one space.
    public static func cleanName(_ raw: String) -> String {
        var name = raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        while true {
            if let last = name.last, last == "," || last == ";" || last == ":" {
                name.removeLast()
            } else if name.hasSuffix(" .") {
                name.removeLast(2)
            } else {
                break
            }
            while name.last == " " { name.removeLast() }
        }
        return name
    }

    /// The folder of the running binary (`/proc/self/exe`), where SwiftPM puts resource bundles.
    static var executableDirectory: String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }

    /// A table shipped beside the binary in the inventory's resources: its path and text.
    static func bundledTable(_ name: String) -> (path: String, text: String)? {
        guard let dir = executableDirectory else { return nil }
        let path = dir + "/Vigil_VigilInventory.resources/" + name
        return readFile(path).map { (path, $0) }
    }

    static func readFile(_ path: String) -> String? {
        guard let f = fopen(path, "r") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
