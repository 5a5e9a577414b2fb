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
        try readTop(path).assets
    }

    static func readTop(_ path: String) throws(VigilError) -> (top: [String: Any], assets: [[String: Any]]) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw VigilError(.invalidDocument, "not readable JSON: \(error.localizedDescription)", source: path)
        }
        guard let top = object as? [String: Any], let assets = top["assets"] as? [[String: Any]] else {
            throw VigilError(.invalidDocument, "at /assets: expected an array of assets (is this Vigil's assets.json?)", source: path)
        }
        return (top, assets)
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

    /// Rewrites assets.json with a `vulnerabilities` array on each asset (replaced whole).
    public static func annotate(_ path: String, with matches: [[VulnerabilityMatch]]) throws(VigilError) {
        var assets = try read(path)
        for i in assets.indices where i < matches.count {
            assets[i]["vulnerabilities"] = matches[i].map(summary)
        }
        var top: [String: Any] = [:]
        if let object = try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] {
            top = object
        }
        top["assets"] = assets
        do {
            let data = try JSONSerialization.data(withJSONObject: top, options: [.sortedKeys, .withoutEscapingSlashes])
            // Written beside and renamed over, so a reader never sees half a file.
            try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw VigilError(.ioFailure, "cannot write: \(error.localizedDescription)", source: path)
        }
    }

    /// The short form kept in assets.json: enough to list and sort; the log has the rest.
    public static func summary(_ m: VulnerabilityMatch) -> [String: Any] {
        var s: [String: Any] = ["cve": m.cve, "advisory": m.advisory, "confidence": m.confidence.rawValue, "kev": m.knownExploited != nil]
        s["cvss_score"] = m.score?.base ?? NSNull()
        s["fixed_version"] = m.fixedVersion ?? NSNull()
        return s
    }

    /// The same summary written with Vigil's JSON writer, for assets.json as analyze writes it.
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
