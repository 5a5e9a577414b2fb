import Foundation
import VigilCore

/// Reads the devices of an assets.json (written by `vigil analyze` or `vigil sensor`), and
/// writes it back with each device's vulnerabilities added.
public enum AssetsFile {
    public static func devices(in path: String) throws(VigilError) -> [DeviceIdentity] {
        let assets = try read(path)
        return assets.map(device)
    }

    static func read(_ path: String) throws(VigilError) -> [[String: Any]] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw VigilError(.invalidDocument, "not readable JSON: \(error.localizedDescription)", source: path)
        }
        guard let top = object as? [String: Any], let assets = top["assets"] as? [[String: Any]] else {
            throw VigilError(.invalidDocument, "at /assets: expected an array of assets (is this Vigil's assets.json?)", source: path)
        }
        return assets
    }

    static func device(_ a: [String: Any]) -> DeviceIdentity {
        let identity = a["identity"] as? [String: Any] ?? [:]
        func field(_ name: String) -> DeviceIdentity.Field? {
            guard let f = identity[name] as? [String: Any], let v = f["value"] as? String else { return nil }
            return DeviceIdentity.Field(v, evidence: f["evidence"] as? String ?? "")
        }
        var d = DeviceIdentity(
            ips: a["ips"] as? [String] ?? [], mac: a["mac"] as? String, vendor: field("vendor"), product: field("product"),
            model: field("model"), firmware: field("firmware"), software: field("software"), name: field("name"))
        if let seen = a["last_seen"] as? Double { d.lastSeen = Timestamp(nanoseconds: Int64((seen * 1e6).rounded()) * 1000) }
        return d
    }

    /// Rewrites assets.json with a `vulnerabilities` array on each asset (replaced whole), every
    /// other byte as it was (`AssetsJSONSplice`).
    public static func annotate(_ path: String, with matches: [[VulnerabilityMatch]]) throws(VigilError) {
        let text: [UInt8]
        do {
            text = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw VigilError(.ioFailure, "cannot read: \(error.localizedDescription)", source: path)
        }
        let summaries = matches.map { list -> [UInt8] in
            var w = JSONWriter()
            writeSummaries(list, into: &w)
            return w.bytes
        }
        let spliced = try AssetsJSONSplice.splice(text, replacements: summaries, path: path)
        do {
            // Written beside and renamed over, so a reader never sees half a file.
            try Data(spliced).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw VigilError(.ioFailure, "cannot write: \(error.localizedDescription)", source: path)
        }
    }

    /// The short form kept in assets.json, enough to list and sort (the log has the rest),
    /// written with Vigil's JSON writer as analyze writes it.
    public static func writeSummaries(_ matches: [VulnerabilityMatch], into w: inout JSONWriter) {
        w.beginArray()
        for m in matches {
            w.beginObject()
            w.field("cve", m.cve)
            w.field("advisory", m.advisory)
            w.field("confidence", m.confidence.rawValue)
            w.key("kev")
            w.raw(m.knownExploited != nil ? "true" : "false")
            w.key("cvss_score")
            if let s = m.score?.base { w.raw(String(s)) } else { w.null() }
            w.key("fixed_version")
            if let f = m.fixedVersion { w.string(f) } else { w.null() }
            w.endObject()
        }
        w.endArray()
    }
}
