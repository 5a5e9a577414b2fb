import Foundation
import VigilCore

/// One file of a vulnerability feed, decoded.
public enum FeedDocument: Sendable {
    case advisory(Advisory)
    case cveRecords([CVERecord])
    case knownExploited(catalogVersion: String, [KnownExploited])
}

/// Reads CSAF 2.0 advisories, NVD CVE API 2.0 records (one record, or an API response page)
/// and the KEV catalog. A file that does not follow its schema gets an error naming the file
/// and the JSON pointer of the field at fault.
public enum FeedReader {
    /// The JSON files under `paths` (folders searched recursively, in name order), and an
    /// error for each path that does not exist.
    public static func files(in paths: [String]) -> (files: [String], missing: [VigilError]) {
        var files: [String] = []
        var missing: [VigilError] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                missing.append(VigilError(.ioFailure, "no such file or folder", source: path))
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let found = (fm.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".json") }
            files += found.sorted().map { path.hasSuffix("/") ? path + $0 : path + "/" + $0 }
        }
        return (files, missing)
    }

    public static func read(path: String) throws(VigilError) -> FeedDocument {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw VigilError(.ioFailure, "cannot read: \(error.localizedDescription)", source: path)
        }
        return try decode(data, path: path)
    }

    public static func decode(_ data: Data, path: String) throws(VigilError) -> FeedDocument {
        // The kind is told from the keys near the top, so a file is parsed once.
        let head = String(decoding: data.prefix(1 << 16), as: UTF8.self)
        do {
            if head.contains("\"csaf_version\"") {
                let doc = try JSONDecoder().decode(CSAFSchema.Document.self, from: data)
                try CSAFChecks.check(doc, path: path)
                return .advisory(Advisory(doc))
            }
            if head.contains("\"catalogVersion\"") {
                let catalog = try JSONDecoder().decode(KEVSchema.Catalog.self, from: data)
                return .knownExploited(catalogVersion: catalog.catalogVersion, catalog.vulnerabilities.map(KnownExploited.init))
            }
            if head.contains("\"cve\"") && head.contains("\"vulnerabilities\"") {
                let page = try JSONDecoder().decode(NVDSchema.Response.self, from: data)
                return .cveRecords(page.vulnerabilities.map { CVERecord($0.cve) })
            }
            if head.contains("\"lastModified\"") && head.contains("\"CVE-") {
                return .cveRecords([CVERecord(try JSONDecoder().decode(NVDSchema.CVE.self, from: data))])
            }
        } catch let e as DecodingError {
            throw VigilError(.invalidDocument, describe(e), source: path)
        } catch let e as VigilError {
            throw e
        } catch {
            throw VigilError(.invalidDocument, "\(error)", source: path)
        }
        throw VigilError(.invalidDocument, "not a CSAF 2.0 advisory, an NVD CVE API 2.0 record or the KEV catalog", source: path)
    }

    /// "at /vulnerabilities/3/cve: expected a string" from a decoding error.
    static func describe(_ e: DecodingError) -> String {
        switch e {
        case .keyNotFound(let key, let c):
            return "at \(pointer(c.codingPath + [key])): required field is missing"
        case .typeMismatch(let type, let c):
            return "at \(pointer(c.codingPath)): expected \(typeName(type))"
        case .valueNotFound(let type, let c):
            return "at \(pointer(c.codingPath)): expected \(typeName(type)), found null"
        case .dataCorrupted(let c):
            if c.codingPath.isEmpty {
                let detail = (c.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
                return "not valid JSON" + (detail.map { ": " + $0 } ?? "")
            }
            return "at \(pointer(c.codingPath)): \(c.debugDescription)"
        @unknown default:
            return "\(e)"
        }
    }

    /// RFC 6901 JSON pointer of a coding path.
    public static func pointer(_ path: [any CodingKey]) -> String {
        if path.isEmpty { return "/" }
        return path.map { key in
            if let i = key.intValue { return "/\(i)" }
            return "/" + key.stringValue.replacingAll("~", with: "~0").replacingAll("/", with: "~1")
        }.joined()
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type, is Int.Type: "a number"
        case is Bool.Type: "true or false"
        default: String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}

/// The checks of CSAF 2.0 section 6.1 that matching depends on.
enum CSAFChecks {
    static func check(_ doc: CSAFSchema.Document, path: String) throws(VigilError) {
        guard doc.document.csaf_version == "2.0" else {
            throw VigilError(.invalidDocument, "at /document/csaf_version: \"\(doc.document.csaf_version)\" is not 2.0", source: path)
        }
        // 6.1.1 Missing Definition of Product ID: every status names a product of the tree.
        var defined = Set<String>()
        func collect(_ branches: [CSAFSchema.Branch]) {
            for b in branches {
                if let p = b.product { defined.insert(p.product_id) }
                collect(b.branches ?? [])
            }
        }
        collect(doc.product_tree?.branches ?? [])
        for p in doc.product_tree?.full_product_names ?? [] { defined.insert(p.product_id) }
        for r in doc.product_tree?.relationships ?? [] { defined.insert(r.full_product_name.product_id) }
        for (i, v) in (doc.vulnerabilities ?? []).enumerated() {
            guard let s = v.product_status else { continue }
            let lists: [(String, [String]?)] = [
                ("first_affected", s.first_affected), ("first_fixed", s.first_fixed), ("fixed", s.fixed),
                ("known_affected", s.known_affected), ("known_not_affected", s.known_not_affected), ("last_affected", s.last_affected),
                ("recommended", s.recommended), ("under_investigation", s.under_investigation),
            ]
            for (name, ids) in lists {
                for (j, id) in (ids ?? []).enumerated() where !defined.contains(id) {
                    throw VigilError(
                        .invalidDocument,
                        "at /vulnerabilities/\(i)/product_status/\(name)/\(j): product id \"\(id)\" is not defined in the product tree (CSAF 6.1.1)",
                        source: path)
                }
            }
        }
    }
}
