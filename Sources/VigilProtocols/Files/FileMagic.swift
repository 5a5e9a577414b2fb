/// A file's MIME type sniffed from its first bytes, with the outcomes of Zeek's file magic
/// (base/frameworks/files/magic/*.sig): each signature has a strength, and the strongest
/// that matches names the type. The content decides, never a Content-Type header, so a
/// program sent as "image/jpeg" is still called an executable.
///
/// This is the part of Zeek's signature set that a city's networks carry: text, markup and
/// scripts, executables, archives, images, documents, captures and certificates. Zeek's
/// signatures are regular expressions anchored at the first byte; each is written here as a
/// test on bytes, which sniffs a file in well under a microsecond rather than compiling and
/// running a regular expression per signature per file.
public enum FileMagic {
    /// Zeek's `default_file_bof_buffer_size`: the bytes sniffed.
    public static let sniffedBytes = 4096

    struct Signature: Sendable {
        let mime: String
        let strength: Int
        let test: @Sendable ([UInt8]) -> Bool
    }

    /// The strongest signature's type, or nil when none matches (Zeek then leaves mime_type
    /// unset). Ties go to the first in `signatures`.
    public static func mimeType(of bytes: [UInt8]) -> String? {
        var best: Signature?
        for s in signatures where best.map({ s.strength > $0.strength }) ?? true {
            if s.test(bytes) { best = s }
        }
        return best?.mime
    }

    static let signatures: [Signature] = text + markup + scripts + executables + archives + images + documents

    // MARK: Text (general.sig)

    static let text: [Signature] = [
        // Ten printable or space characters, after an optional UTF-8, -16 or -32 byte order mark.
        Signature(mime: "text/plain", strength: -20) { b in
            let start = byteOrderMark(b)
            guard b.count >= start + 10 else { return false }
            return b[start..<(start + 10)].allSatisfy { (0x20...0x7E).contains($0) || (0x09...0x0D).contains($0) }
        },
        Signature(mime: "text/json", strength: 1) { b in jsonObject(b) || jsonArray(b) },
        // An empty object or array and nothing else.
        Signature(mime: "text/json", strength: 0) { b in
            var i = skipBlank(b, utf8Mark(b))
            guard i + 1 < b.count,
                (b[i] == UInt8(ascii: "[") && b[i + 1] == UInt8(ascii: "]")) || (b[i] == UInt8(ascii: "{") && b[i + 1] == UInt8(ascii: "}"))
            else {
                return false
            }
            i = skipBlank(b, i + 2)
            return i == b.count
        },
        Signature(mime: "application/x-pem", strength: 0) { b in has(b, "-----BEGIN CERTIFICATE-----") },
        Signature(mime: "text/calendar", strength: 180) { b in hasIgnoringCase(b, "BEGIN:VCALENDAR") },
    ]

    // MARK: Markup (general.sig, libmagic.sig)

    static let markup: [Signature] = [
        Signature(mime: "application/xml", strength: 185) { b in
            has(b, "<?xml version=\"") || has(b, "<?xml version='") || has(b, "<?xml version \"")
        },
        Signature(mime: "application/xml", strength: 10) { b in afterComments(b).map { has(b, "<?xml ", at: $0) } ?? false },
        Signature(mime: "text/html", strength: 100) { b in
            afterPrologue(b).map {
                hasIgnoringCase(b, "<!doctype", at: $0, thenSpacesAnd: "html") || hasIgnoringCase(b, "<html", at: $0)
                    || hasIgnoringCase(b, "<meta", at: $0, thenSpacesAnd: "http-equiv")
            } ?? false
        },
        Signature(mime: "text/html", strength: 49) { b in
            afterPrologue(b).map { hasIgnoringCase(b, "<!doctype", at: $0, thenSpacesAnd: "html") } ?? false
        },
        Signature(mime: "text/html", strength: 20) { b in
            afterPrologue(b).map { i in ["<head", "<html", "<title", "<body"].contains { hasIgnoringCase(b, $0, at: i) } } ?? false
        },
        Signature(mime: "text/rss", strength: 90) { b in afterPrologue(b).map { hasIgnoringCase(b, "<rss", at: $0) } ?? false },
        Signature(mime: "application/soap+xml", strength: 49) { b in
            afterPrologue(b).map { hasIgnoringCase(b, "<soap:envelope", at: $0) || hasIgnoringCase(b, "<soap-env:envelope", at: $0) }
                ?? false
        },
    ]

    // MARK: Scripts (general.sig)

    static let scripts: [Signature] = [
        Signature(mime: "text/x-shellscript", strength: 250) { b in
            shebang(b).map { s in ["sh", "bash", "tcsh", "csh", "zsh", "fash", "aesh", "ksh"].contains { s.hasPrefix($0) } } ?? false
        },
        Signature(mime: "text/x-perl", strength: 60) { b in shebang(b)?.hasPrefix("perl") ?? false },
        Signature(mime: "text/x-python", strength: 60) { b in shebang(b)?.hasPrefix("python") ?? false },
        Signature(mime: "text/x-ruby", strength: 60) { b in shebang(b)?.hasPrefix("ruby") ?? false },
        Signature(mime: "text/x-php", strength: 60) { b in shebang(b)?.hasPrefix("php") ?? false },
        Signature(mime: "text/x-php", strength: 40) { b in find(b, "<?php") != nil },
        Signature(mime: "application/javascript", strength: 60) { b in
            if shebang(b)?.hasPrefix("node") == true { return true }
            let i = skipBlank(b, 0)
            if has(b, "for (;;);", at: i) || has(b, "document.write(", at: i) || has(b, "document.writeln(", at: i) { return true }
            if has(b, "(function()") {
                // Spaces, tabs and LF only: Zeek's pattern has no CR, so "(function()\r\n{" is
                // left to text/plain.
                let j = b[11...].firstIndex { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A } ?? b.count
                return j < b.count && b[j] == UInt8(ascii: "{")
            }
            if hasIgnoringCase(b, "<script", at: i) { return scriptTagNamesJavaScript(b, i + 7) }
            return false
        },
    ]

    // MARK: Executables (executable.sig, general.sig)

    static let executables: [Signature] = [
        Signature(mime: "application/x-dosexec", strength: 51) { b in has(b, "MZ") },
        Signature(mime: "application/x-object", strength: 50) { b in elfType(b) == 1 },
        Signature(mime: "application/x-executable", strength: 50) { b in elfType(b) == 2 },
        Signature(mime: "application/x-sharedlib", strength: 50) { b in elfType(b) == 3 },
        Signature(mime: "application/x-coredump", strength: 50) { b in elfType(b) == 4 },
        Signature(mime: "application/x-mach-o-executable", strength: 100) { b in
            (b.count >= 4 && (b[0] == 0xCE || b[0] == 0xCF) && b[1] == 0xFA && b[2] == 0xED && b[3] == 0xFE)
                || (has(b, [0xCA, 0xFE, 0xBA, 0xBE]) && b.count >= 8 && b[6] == 0 && (1...0x14).contains(b[7]))
        },
        Signature(mime: "application/x-java-applet", strength: 71) { b in
            has(b, [0xCA, 0xFE, 0xBA, 0xBE]) && b.count >= 8 && (0x2D...0x34).contains(b[7])
        },
        Signature(mime: "application/x-ms-shortcut", strength: 49) { b in
            has(b, [0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46])
        },
    ]

    // MARK: Archives (archive.sig, general.sig)

    static let archives: [Signature] = [
        Signature(mime: "application/zip", strength: 10) { b in has(b, [0x50, 0x4B, 0x03, 0x04]) && b.count >= 6 },
        Signature(mime: "application/java-archive", strength: 100) { b in
            // A zip whose first entry is the manifest: "META-INF/MANIFEST.MF" within its local header.
            has(b, [0x50, 0x4B, 0x03, 0x04]) && find(b.prefix(240), "META-INF/MANIFEST.MF") != nil
        },
        Signature(mime: "application/x-gzip", strength: 100) { b in has(b, [0x1F, 0x8B]) },
        Signature(mime: "application/x-bzip2", strength: 60) { b in has(b, "BZh") },
        Signature(mime: "application/x-xz", strength: 90) { b in has(b, [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) },
        Signature(mime: "application/x-7z-compressed", strength: 50) { b in has(b, [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) },
        Signature(mime: "application/x-rar", strength: 70) { b in has(b, "Rar!") },
        Signature(mime: "application/vnd.ms-cab-compressed", strength: 110) { b in has(b, [0x4D, 0x53, 0x43, 0x46, 0, 0, 0, 0]) },
        Signature(mime: "application/x-tar", strength: 110) { b in has(b, [0x75, 0x73, 0x74, 0x61, 0x72, 0x20, 0x20, 0x00], at: 257) },
        Signature(mime: "application/x-tar", strength: 90) { b in has(b, [0x75, 0x73, 0x74, 0x61, 0x72, 0x00], at: 257) },
        Signature(mime: "application/x-debian-package", strength: 171) { b in has(b, "!<arch>\ndebian") },
        Signature(mime: "application/x-archive", strength: 100) { b in has(b, "!<arch>") },
        Signature(mime: "application/x-rpm", strength: 70) { b in has(b, "drpm") || has(b, [0xED, 0xAB, 0xEE, 0xDB]) },
        Signature(mime: "application/vnd.tcpdump.pcap", strength: 70) { b in
            has(b, [0xA1, 0xB2, 0xC3, 0xD4]) || has(b, [0xD4, 0xC3, 0xB2, 0xA1])
        },
        Signature(mime: "application/vnd.tcpdump.pcap", strength: 100) { b in
            has(b, [0x0A, 0x0D, 0x0D, 0x0A]) && (has(b, [0x1A, 0x2B, 0x3C, 0x4D], at: 8) || has(b, [0x4D, 0x3C, 0x2B, 0x1A], at: 8))
        },
    ]

    // MARK: Images (image.sig)

    static let images: [Signature] = [
        Signature(mime: "image/png", strength: 110) { b in has(b, [0x89, 0x50, 0x4E, 0x47]) },
        Signature(mime: "image/gif", strength: 70) { b in has(b, "GIF8") },
        Signature(mime: "image/jpeg", strength: 52) { b in has(b, [0xFF, 0xD8]) },
        Signature(mime: "image/tiff", strength: 70) { b in
            has(b, [0x4D, 0x4D, 0x00]) && b.count > 3 && (b[3] == 0x2A || b[3] == 0x2B)
                || (has(b, [0x49, 0x49]) && b.count > 3 && (b[2] == 0x2A || b[2] == 0x2B) && b[3] == 0)
        },
        Signature(mime: "image/x-icon", strength: 70) { b in has(b, [0, 0, 1, 0]) },
        Signature(mime: "image/x-ms-bmp", strength: 50) { b in
            has(b, "BM") && b.count > 15 && [0x0C, 0x28, 0x40, 0x6C, 0x7C, 0x80].contains(b[14]) && b[15] == 0
        },
        Signature(mime: "image/webp", strength: 70) { b in has(b, "RIFF") && has(b, "WEBP", at: 8) },
        Signature(mime: "image/svg+xml", strength: 38) { b in has(b, "<?xml version=\"") && find(b, "<svg") != nil },
    ]

    // MARK: Documents and other data (libmagic.sig, general.sig)

    static let documents: [Signature] = [
        Signature(mime: "application/pdf", strength: 80) { b in has(b, "%PDF-") },
        // The OLE2 compound file that Office 97-2003 documents and MSI packages use.
        Signature(mime: "application/msword", strength: 110) { b in has(b, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) },
        Signature(mime: "application/x-shockwave-flash", strength: 60) { b in
            b.count >= 3 && [UInt8(ascii: "F"), UInt8(ascii: "C"), UInt8(ascii: "Z")].contains(b[0]) && has(b, "WS", at: 1)
        },
        // OCSP requests and responses over HTTP: the SHA-1 algorithm identifier of a request's
        // CertID, or id-pkix-ocsp-basic of a response, 11 to 19 bytes in.
        Signature(mime: "application/ocsp-request", strength: 71) { b in
            (11...19).contains { has(b, [0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A], at: $0) }
        },
        Signature(mime: "application/ocsp-response", strength: 71) { b in
            (11...19).contains { has(b, [0x06, 0x09, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01], at: $0) }
        },
    ]

    // MARK: Tests on bytes

    static func has(_ b: [UInt8], _ s: String, at i: Int = 0) -> Bool { has(b, Array(s.utf8), at: i) }

    static func has(_ b: [UInt8], _ p: [UInt8], at i: Int = 0) -> Bool {
        guard i >= 0, b.count >= i + p.count else { return false }
        for k in 0..<p.count where b[i + k] != p[k] { return false }
        return true
    }

    /// `s` (ASCII, lower case) at `i` in any case.
    static func hasIgnoringCase(_ b: [UInt8], _ s: String, at i: Int = 0) -> Bool {
        let p = Array(s.utf8)
        guard i >= 0, b.count >= i + p.count else { return false }
        for k in 0..<p.count {
            let c = b[i + k]
            let lower = (0x41...0x5A).contains(c) ? c | 0x20 : c
            if lower != p[k] { return false }
        }
        return true
    }

    /// `first`, one or more spaces, then `second`, all in any case: "<!DOCTYPE  html".
    static func hasIgnoringCase(_ b: [UInt8], _ first: String, at i: Int, thenSpacesAnd second: String) -> Bool {
        guard hasIgnoringCase(b, first, at: i) else { return false }
        var j = i + first.utf8.count
        guard j < b.count, b[j] == 0x20 else { return false }
        while j < b.count && b[j] == 0x20 { j += 1 }
        return hasIgnoringCase(b, second, at: j)
    }

    static func find(_ b: some Collection<UInt8>, _ s: String) -> Int? {
        let p = Array(s.utf8)
        let a = Array(b)
        guard a.count >= p.count else { return nil }
        for i in 0...(a.count - p.count) where a[i] == p[0] && has(a, p, at: i) { return i }
        return nil
    }

    static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A }

    static func skipBlank(_ b: [UInt8], _ from: Int) -> Int {
        var i = from
        while i < b.count && isBlank(b[i]) { i += 1 }
        return i
    }

    /// The length of a UTF-8 byte order mark at the start, or 0.
    static func utf8Mark(_ b: [UInt8]) -> Int { has(b, [0xEF, 0xBB, 0xBF]) ? 3 : 0 }

    /// The length of a UTF-8, UTF-16 or UTF-32 byte order mark at the start, or 0.
    static func byteOrderMark(_ b: [UInt8]) -> Int {
        if has(b, [0xEF, 0xBB, 0xBF]) { return 3 }
        if has(b, [0, 0, 0xFE, 0xFF]) || has(b, [0xFF, 0xFE, 0, 0]) { return 4 }
        if has(b, [0xFE, 0xFF]) || has(b, [0xFF, 0xFE]) { return 2 }
        return 0
    }

    /// Past a byte order mark, blank space and `<!-- -->` comments; nil when a comment does
    /// not end within the sniffed bytes.
    static func afterComments(_ b: [UInt8], from: Int? = nil) -> Int? {
        var i = from ?? utf8Mark(b)
        while true {
            i = skipBlank(b, i)
            guard has(b, "<!--", at: i) else { return i }
            guard let end = find(b[(i + 4)...], "-->") else { return nil }
            i = i + 4 + end + 3
        }
    }

    /// Past comments, an optional `<?xml ... ?>` declaration and more comments: where a
    /// markup document's first element starts.
    static func afterPrologue(_ b: [UInt8]) -> Int? {
        guard var i = afterComments(b) else { return nil }
        if has(b, "<?xml ", at: i) {
            guard let end = find(b[i...], "?>") else { return nil }
            i = afterComments(b, from: i + end + 2) ?? i
        }
        return i
    }

    /// `{` then a quoted or bare key, `:` and the start of a value.
    static func jsonObject(_ b: [UInt8]) -> Bool {
        var i = skipBlank(b, utf8Mark(b))
        guard i < b.count, b[i] == UInt8(ascii: "{") else { return false }
        i = skipBlank(b, i + 1)
        guard i < b.count else { return false }
        if b[i] == UInt8(ascii: "\"") {
            guard let close = b[(i + 1)...].firstIndex(of: UInt8(ascii: "\"")), close > i + 1 else { return false }
            i = close + 1
        } else {
            guard isLetter(b[i]) else { return false }
            while i < b.count && (isLetter(b[i]) || isDigit(b[i]) || b[i] == UInt8(ascii: "_") || b[i] == UInt8(ascii: "\\")) { i += 1 }
        }
        i = skipBlank(b, i)
        guard i < b.count, b[i] == UInt8(ascii: ":") else { return false }
        i = skipBlank(b, i + 1)
        guard i < b.count else { return false }
        return b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "[") || b[i] == UInt8(ascii: "{") || isDigit(b[i])
            || has(b, "true", at: i) || has(b, "false", at: i)
    }

    /// `[` then a string, number or boolean followed by a comma, or a nested array or object.
    static func jsonArray(_ b: [UInt8]) -> Bool {
        var i = skipBlank(b, utf8Mark(b))
        guard i < b.count, b[i] == UInt8(ascii: "[") else { return false }
        i = skipBlank(b, i + 1)
        guard i < b.count else { return false }
        if b[i] == UInt8(ascii: "{") || b[i] == UInt8(ascii: "[") { return true }
        if b[i] == UInt8(ascii: "\"") {
            guard let close = b[(i + 1)...].firstIndex(of: UInt8(ascii: "\"")), close > i + 1 else { return false }
            i = close + 1
        } else if isDigit(b[i]) {
            while i < b.count && (isDigit(b[i]) || b[i] == UInt8(ascii: ".")) { i += 1 }
        } else if has(b, "true", at: i) {
            i += 4
        } else if has(b, "false", at: i) {
            i += 5
        } else {
            return false
        }
        i = skipBlank(b, i)
        return i < b.count && b[i] == UInt8(ascii: ",")
    }

    /// `<script` followed by `type=` or `language=` naming JavaScript, with an optional
    /// `text/` and quote.
    static func scriptTagNamesJavaScript(_ b: [UInt8], _ from: Int) -> Bool {
        var i = from
        guard i < b.count, b[i] == 0x20 || b[i] == 0x09 else { return false }
        while i < b.count && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
        if hasIgnoringCase(b, "type=", at: i) {
            i += 5
        } else if hasIgnoringCase(b, "language=", at: i) {
            i += 9
        } else {
            return false
        }
        if i < b.count && (b[i] == UInt8(ascii: "'") || b[i] == UInt8(ascii: "\"")) { i += 1 }
        if hasIgnoringCase(b, "text/", at: i) { i += 5 }
        return hasIgnoringCase(b, "javascript", at: i)
    }

    /// The interpreter a `#!` line names within its first bytes: "sh" for `#!/bin/sh`, "perl"
    /// for `#!/usr/bin/env perl`.
    static func shebang(_ b: [UInt8]) -> String? {
        guard has(b, "#!") else { return nil }
        let line = b[2..<min(b.count, 2 + 15 + 4 + 40)].prefix { $0 != 0x0A }
        guard let bin = find(line.prefix(15 + 4), "bin/"), bin >= 1 else { return nil }
        var rest = Array(line.dropFirst(bin + 4))
        if rest.starts(with: Array("env".utf8)), rest.count > 3, isBlank(rest[3]) {
            rest = Array(rest.dropFirst(3).drop { isBlank($0) })
        }
        let name = rest.prefix { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: ".") }
        return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
    }

    /// An ELF file's type (1 relocatable, 2 executable, 3 shared object, 4 core) read in the
    /// byte order its header gives, or nil.
    static func elfType(_ b: [UInt8]) -> Int? {
        guard has(b, [0x7F, 0x45, 0x4C, 0x46]), b.count >= 18, b[4] == 1 || b[4] == 2 else { return nil }
        switch b[5] {
        case 1 where b[17] == 0: return Int(b[16])
        case 2 where b[16] == 0: return Int(b[17])
        default: return nil
        }
    }

    static func isLetter(_ c: UInt8) -> Bool { (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) }
    static func isDigit(_ c: UInt8) -> Bool { (0x30...0x39).contains(c) }
}
