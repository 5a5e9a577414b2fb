import Foundation
import VigilCore
import VigilHubWire
import Yams

/// Reads the playbooks of a folder (`*.yml`, `*.yaml`, one playbook per document). A playbook
/// that does not read is an error naming its file, line and key, and the hub does not start
/// with it: a response rule that silently did nothing would be worse than none.
public enum PlaybookLoader {
    public static func load(folder: URL) throws(VigilError) -> [Playbook] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        var playbooks: [Playbook] = []
        for name in names.sorted() where name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
            let url = folder.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw VigilError(.ioFailure, "cannot read the playbook", source: url.path)
            }
            playbooks += try load(yaml: text, file: url.path)
        }
        var seen: Set<String> = []
        for playbook in playbooks where !seen.insert(playbook.name).inserted {
            throw VigilError(.invalidDocument, "two playbooks are named \(playbook.name)", source: playbook.file)
        }
        return playbooks
    }

    public static func load(yaml: String, file: String) throws(VigilError) -> [Playbook] {
        var playbooks: [Playbook] = []
        do {
            let parser = try Parser(yaml: yaml)
            while let document = try parser.nextRoot() {
                playbooks.append(try PlaybookReader(file: file).read(document))
            }
        } catch let error as VigilError {
            throw error
        } catch let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _) {
            throw VigilError(.invalidDocument, "line \(mark.line), column \(mark.column): not valid YAML: \(problem)", source: file)
        } catch {
            throw VigilError(.invalidDocument, "not valid YAML: \(error)", source: file)
        }
        return playbooks
    }
}

/// One YAML document into one playbook.
struct PlaybookReader {
    let file: String

    static let keys: Set<String> = ["name", "description", "when", "action", "target", "approval", "duration", "rate", "register"]
    static let whenKeys: Set<String> = ["rules", "levels", "sources", "destinations"]
    static let registerKeys: Set<String> = ["port", "unit", "table", "address", "value"]

    func fail(_ node: Node?, _ key: String, _ message: String) -> VigilError {
        let line = node?.mark.map { "line \($0.line), " } ?? ""
        return VigilError(.invalidDocument, "\(line)\(key): \(message)", source: file)
    }

    func read(_ document: Node) throws(VigilError) -> Playbook {
        guard let top = document.mapping else { throw fail(document, "playbook", "a playbook is a mapping of keys") }
        let fields = try keyed(top, allowed: Self.keys, in: "playbook")
        guard let name = fields["name"]?.string, !name.isEmpty, name.count <= 64 else {
            throw fail(fields["name"] ?? document, "name", "every playbook has a name of 1 to 64 characters")
        }
        guard let actionText = fields["action"]?.string, let action = ResponseAction.Kind(rawValue: actionText) else {
            let kinds = ResponseAction.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail(fields["action"] ?? document, "action", "one of \(kinds)")
        }
        var playbook = Playbook(name: name, file: file, action: action)
        if let when = fields["when"] {
            guard let mapping = when.mapping else { throw fail(when, "when", "a mapping of rules, levels, sources, destinations") }
            let conditions = try keyed(mapping, allowed: Self.whenKeys, in: "when")
            playbook.rules = try strings(conditions["rules"], "when.rules")
            playbook.levels = try strings(conditions["levels"], "when.levels")
            for level in playbook.levels where !["informational", "low", "medium", "high", "critical"].contains(level) {
                throw fail(conditions["levels"], "when.levels", "\(level) is not a level (informational, low, medium, high, critical)")
            }
            playbook.sources = try addresses(conditions["sources"], "when.sources")
            playbook.destinations = try addresses(conditions["destinations"], "when.destinations")
        }
        if let node = fields["target"] {
            guard let target = node.string.flatMap(Playbook.Target.init) else { throw fail(node, "target", "source or destination") }
            playbook.target = target
        }
        if let node = fields["approval"] {
            guard let approval = node.string.flatMap(Playbook.Approval.init) else { throw fail(node, "approval", "required or automatic") }
            playbook.approval = approval
        }
        if let node = fields["duration"] {
            guard let seconds = node.int, (1...(30 * 86_400)).contains(seconds) else {
                throw fail(node, "duration", "seconds, from 1 to 30 days (2592000)")
            }
            playbook.duration = Double(seconds)
        }
        if let node = fields["rate"] {
            guard action == .rateLimit else { throw fail(node, "rate", "only a rate-limit has a rate") }
            guard let rate = node.int, (1...1_000_000).contains(rate) else { throw fail(node, "rate", "packets per second, 1 to 1000000") }
            playbook.rate = rate
        } else if action == .rateLimit {
            throw fail(document, "rate", "a rate-limit needs a rate (packets per second)")
        }
        if let node = fields["register"] {
            guard action == .restore else { throw fail(node, "register", "only a restore names a register") }
            playbook.register = try register(node)
            playbook.target = fields["target"] == nil ? .destination : playbook.target
        } else if action == .restore {
            throw fail(document, "register", "a restore names the register: unit, table, address, value")
        }
        return playbook
    }

    private func keyed(_ mapping: Node.Mapping, allowed: Set<String>, in place: String) throws(VigilError) -> [String: Node] {
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string, allowed.contains(name) else {
                throw fail(key, place, "unknown key \(key.string ?? "?") (known: \(allowed.sorted().joined(separator: ", ")))")
            }
            fields[name] = value
        }
        return fields
    }

    private func strings(_ node: Node?, _ key: String) throws(VigilError) -> [String] {
        guard let node else { return [] }
        if let one = node.string { return [one] }
        guard let items = node.sequence else { throw fail(node, key, "a text or a list of texts") }
        var texts: [String] = []
        for item in items {
            guard let text = item.string else { throw fail(item, key, "a text") }
            texts.append(text)
        }
        return texts
    }

    private func addresses(_ node: Node?, _ key: String) throws(VigilError) -> [String] {
        var canonical: [String] = []
        for text in try strings(node, key) {
            guard let address = IPAddress(parsing: text) else { throw fail(node, key, "\(text) is not an IP address") }
            canonical.append(address.description)
        }
        return canonical
    }

    private func register(_ node: Node) throws(VigilError) -> Playbook.RegisterTemplate {
        guard let mapping = node.mapping else { throw fail(node, "register", "a mapping of unit, table, address, value") }
        let fields = try keyed(mapping, allowed: Self.registerKeys, in: "register")
        func number(_ key: String, _ range: ClosedRange<Int>) throws(VigilError) -> Int {
            guard let value = fields[key]?.int, range.contains(value) else {
                throw fail(fields[key] ?? node, "register.\(key)", "a number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
        guard let table = fields["table"]?.string.flatMap(RegisterRestore.Table.init) else {
            throw fail(fields["table"] ?? node, "register.table", "holding_register or coil")
        }
        return Playbook.RegisterTemplate(
            port: fields["port"] == nil ? 502 : try number("port", 1...65535), unit: try number("unit", 0...255), table: table,
            address: try number("address", 0...65535), value: try number("value", 0...(table == .coil ? 1 : 65535)))
    }
}
