import Foundation
import Yams

/// Reads Sigma rules from YAML (Sigma rules specification 2.1): one rule per document, errors
/// named by file, line, column and construct. A rule that fails does not stop the others.
public struct RuleLoader {
    public init() {}

    /// The rules in `paths`: files, and folders searched for `*.yml` and `*.yaml` files in
    /// name order.
    public func load(paths: [String]) -> RulePack {
        var pack = RulePack()
        for file in Self.ruleFiles(paths, errors: &pack.errors) {
            if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int, size > Self.maxFileBytes {
                pack.errors.append(
                    RuleLoadError(
                        file: file, line: 0, column: 0, construct: "", message: "\(size) bytes; rule files are at most \(Self.maxFileBytes)"
                    ))
                continue
            }
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                pack.errors.append(RuleLoadError(file: file, line: 0, column: 0, construct: "", message: "cannot be read as UTF-8 text"))
                continue
            }
            pack.add(load(yaml: text, file: file))
        }
        return pack
    }

    static func ruleFiles(_ paths: [String], errors: inout [RuleLoadError]) -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                errors.append(RuleLoadError(file: path, line: 0, column: 0, construct: "", message: "no such file or folder"))
                continue
            }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            // A folder given through a symbolic link (rules/ is one) is searched where it points.
            let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            let found = (FileManager.default.enumerator(atPath: target)?.compactMap { $0 as? String } ?? [])
                .filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted()
            files += found.map { path.hasSuffix("/") ? path + $0 : path + "/" + $0 }
        }
        return files
    }

    /// The rules of one YAML text, which may hold several documents.
    public func load(yaml: String, file: String) -> RulePack {
        var pack = RulePack()
        if let line = Self.lineNestingTooDeep(yaml) {
            pack.errors.append(
                RuleLoadError(
                    file: file, line: line, column: 0, construct: "",
                    message: "brackets nest deeper than \(Self.maxFlowNesting) levels; no rule needs that"))
            return pack
        }
        do {
            // Document by document: the rules before a YAML error are kept, and the error is
            // reported (the sequence `compose_all` returns ends quietly on one).
            let parser = try Parser(yaml: yaml)
            while let document = try parser.nextRoot() {
                do {
                    switch try RuleReader(file: file).read(document) {
                    case .detection(let rule): pack.rules.append(rule)
                    case .correlation(let rule): pack.correlations.append(rule)
                    case .skipped: pack.skipped.append(file)
                    }
                } catch {
                    pack.errors.append(error)
                }
            }
        } catch let e as YamlError {
            pack.errors.append(Self.yamlError(e, file: file))
        } catch {
            pack.errors.append(RuleLoadError(file: file, line: 0, column: 0, construct: "", message: "not valid YAML: \(error)"))
        }
        return pack
    }

    /// How deep `[` and `{` may nest. The YAML reader builds nested values recursively, so an
    /// unbounded depth would exhaust the stack; real rules nest two or three levels.
    static let maxFlowNesting = 64

    /// The line where flow collections (`[`, `{`) or sequence entries opened on one line
    /// (`- - - x`) first nest past `maxFlowNesting`, if they do. Nesting by indentation is
    /// bounded by the file size (`maxFileBytes`).
    static func lineNestingTooDeep(_ yaml: String) -> Int? {
        var depth = 0
        for (index, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line.drop { $0 == " " || $0 == "\t" }
            var entries = 0
            while rest.hasPrefix("- ") || rest.hasPrefix("-\t") {
                entries += 1
                rest = rest.dropFirst(2).drop { $0 == " " || $0 == "\t" }
            }
            if entries > maxFlowNesting { return index + 1 }
            for ch in line.utf8 {
                if ch == UInt8(ascii: "[") || ch == UInt8(ascii: "{") {
                    depth += 1
                    if depth > maxFlowNesting { return index + 1 }
                } else if ch == UInt8(ascii: "]") || ch == UInt8(ascii: "}") {
                    depth = max(0, depth - 1)
                }
            }
        }
        return nil
    }

    /// Rule files larger than this are refused: the largest SigmaHQ rule is about 100 KiB.
    static let maxFileBytes = 4 << 20

    private static func yamlError(_ e: YamlError, file: String) -> RuleLoadError {
        switch e {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            RuleLoadError(file: file, line: mark.line, column: mark.column, construct: "", message: "not valid YAML: \(problem)")
        default:
            RuleLoadError(file: file, line: 0, column: 0, construct: "", message: "not valid YAML: \(e)")
        }
    }
}

/// Reads one YAML document into a rule.
struct RuleReader {
    let file: String

    func fail(_ node: Node?, _ construct: String, _ message: String) -> RuleLoadError {
        RuleLoadError(file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0, construct: construct, message: message)
    }

    enum Document {
        case detection(SigmaRule)
        case correlation(CorrelationRule)
        /// Another product's rule, or a Sigma filter document.
        case skipped
    }

    func read(_ document: Node) throws(RuleLoadError) -> Document {
        guard case .mapping(let top) = document else { throw fail(document, "", "a rule must be a YAML mapping") }
        if top["filter"] != nil { return .skipped }
        if let correlation = top["correlation"] { return .correlation(try self.correlation(top, correlation, document)) }
        return try rule(top, document).map { .detection($0) } ?? .skipped
    }

    private func title(_ top: Node.Mapping, _ document: Node) throws(RuleLoadError) -> String {
        guard let titleNode = top["title"], let title = titleNode.scalar?.string, !title.isEmpty else {
            throw fail(document, "title", "a rule needs a title")
        }
        return title
    }

    private func level(_ top: Node.Mapping) throws(RuleLoadError) -> RuleLevel {
        guard let levelNode = top["level"] else { return .medium }
        guard let l = levelNode.scalar.flatMap({ RuleLevel(rawValue: $0.string.lowercased()) }) else {
            throw fail(levelNode, "level", "must be one of \(RuleLevel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return l
    }

    private func correlation(_ top: Node.Mapping, _ node: Node, _ document: Node) throws(RuleLoadError) -> CorrelationRule {
        let title = try title(top, document)
        guard case .mapping(let c) = node else { throw fail(node, "correlation", "must be a mapping") }
        guard let typeNode = c["type"], let kind = typeNode.scalar.flatMap({ CorrelationRule.Kind(rawValue: $0.string) }) else {
            throw fail(
                c["type"] ?? node, "correlation.type",
                "must be one of \(CorrelationRule.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let references = strings(c["rules"])
        guard !references.isEmpty else { throw fail(c["rules"] ?? node, "correlation.rules", "names no rule") }
        if let aliases = c["aliases"] { throw fail(aliases, "correlation.aliases", "field aliases are not supported yet") }
        guard let spanNode = c["timespan"], let span = spanNode.scalar.flatMap({ CorrelationRule.seconds($0.string) }) else {
            throw fail(c["timespan"] ?? node, "correlation.timespan", "must be a number and a unit: 30s, 5m, 1h, 1d")
        }
        var criteria: [CorrelationRule.Criterion] = []
        var field: String?
        if let conditionNode = c["condition"] {
            guard case .mapping(let m) = conditionNode else {
                throw fail(conditionNode, "correlation.condition", "must be a mapping such as gte: 10")
            }
            for (k, v) in m {
                let key = k.scalar?.string ?? ""
                if key == "field" {
                    field = v.scalar?.string
                    continue
                }
                guard let op = CorrelationRule.Criterion.Operator(rawValue: key), let n = v.scalar.flatMap({ Int($0.string) }) else {
                    throw fail(k, "correlation.condition.\(key)", "must be gt, gte, lt, lte, eq or neq with a whole number")
                }
                criteria.append(.init(op: op, value: n))
            }
        }
        if criteria.isEmpty && (kind == .eventCount || kind == .valueCount) {
            throw fail(c["condition"] ?? node, "correlation.condition", "\(kind.rawValue) needs a condition such as gte: 10")
        }
        if kind == .valueCount && field == nil {
            throw fail(c["condition"] ?? node, "correlation.condition.field", "value_count needs the field to count")
        }
        return CorrelationRule(
            id: top["id"]?.scalar?.string ?? title, title: title, description: top["description"]?.scalar?.string, level: try level(top),
            tags: strings(top["tags"]), kind: kind, ruleReferences: references, groupBy: strings(c["group-by"]), timespan: span,
            criteria: criteria, field: field, generate: c["generate"]?.bool ?? false, file: file, line: document.mark?.line ?? 0)
    }

    /// A detection rule; nil for another product's.
    private func rule(_ top: Node.Mapping, _ document: Node) throws(RuleLoadError) -> SigmaRule? {
        let title = try title(top, document)
        guard let sourceNode = top["logsource"], case .mapping(let source) = sourceNode else {
            throw fail(top["logsource"] ?? document, "logsource", "a rule needs a logsource mapping")
        }
        let logSource = LogSource(
            product: source["product"]?.scalar?.string, service: source["service"]?.scalar?.string,
            category: source["category"]?.scalar?.string)
        guard let detectionNode = top["detection"], case .mapping(let detection) = detectionNode else {
            throw fail(top["detection"] ?? document, "detection", "a rule needs a detection mapping")
        }
        let level = try level(top)
        var searches: [SearchIdentifier] = []
        var conditionNode: Node?
        for (keyNode, value) in detection {
            guard let key = keyNode.scalar?.string else { throw fail(keyNode, "detection", "keys must be names") }
            switch key {
            case "condition": conditionNode = value
            case "timeframe": continue
            default: searches.append(try search(named: key, value))
            }
        }
        guard let conditionNode else { throw fail(detectionNode, "detection.condition", "the detection has no condition") }
        let condition = try self.condition(conditionNode, names: searches.map(\.name))
        guard logSource.isVigils else { return nil }
        return SigmaRule(
            id: top["id"]?.scalar?.string ?? title, name: top["name"]?.scalar?.string, title: title,
            description: top["description"]?.scalar?.string,
            status: top["status"]?.scalar?.string, author: top["author"]?.scalar?.string, level: level, tags: strings(top["tags"]),
            falsePositives: strings(top["falsepositives"]), logSource: logSource, file: file, line: document.mark?.line ?? 0,
            searches: searches, condition: condition)
    }

    private func strings(_ node: Node?) -> [String] {
        switch node {
        case .sequence(let s)?: s.compactMap { $0.scalar?.string }
        case .scalar(let s)?: [s.string]
        default: []
        }
    }

    private func condition(_ node: Node, names: [String]) throws(RuleLoadError) -> Condition {
        let texts: [String]
        switch node {
        case .scalar(let s): texts = [s.string]
        case .sequence(let s): texts = s.compactMap { $0.scalar?.string }
        default: throw fail(node, "detection.condition", "must be a string or a list of strings")
        }
        var parsed: [Condition] = []
        for text in texts {
            do {
                parsed.append(try ConditionParser(names: names).parse(text))
            } catch let e as ConditionParser.Failure {
                throw fail(node, "detection.condition", e.message)
            } catch {
                throw fail(node, "detection.condition", "\(error)")
            }
        }
        guard !parsed.isEmpty else { throw fail(node, "detection.condition", "is empty") }
        return parsed.count == 1 ? parsed[0] : .or(parsed)
    }

    private func search(named name: String, _ node: Node) throws(RuleLoadError) -> SearchIdentifier {
        let construct = "detection.\(name)"
        switch node {
        case .mapping(let m):
            return SearchIdentifier(name: name, alternatives: [try matchers(m, construct)])
        case .sequence(let items):
            if items.allSatisfy({ if case .mapping = $0 { true } else { false } }) {
                var alternatives: [[FieldMatcher]] = []
                for case .mapping(let m) in items { alternatives.append(try matchers(m, construct)) }
                return SearchIdentifier(name: name, alternatives: alternatives)
            }
            return SearchIdentifier(name: name, alternatives: [[try keywords(Array(items), construct)]])
        case .scalar:
            return SearchIdentifier(name: name, alternatives: [[try keywords([node], construct)]])
        default:
            throw fail(node, construct, "must be a mapping of fields, a list of mappings, or a list of keywords")
        }
    }

    /// Keywords: values matched (as `contains`) against every field of the row.
    private func keywords(_ items: [Node], _ construct: String) throws(RuleLoadError) -> FieldMatcher {
        var patterns: [ValuePattern] = []
        let chain = try modifiers(["contains"], items.first, construct)
        for item in items {
            guard item.scalar != nil else { throw fail(item, construct, "a keyword list may hold only strings and numbers") }
            patterns += try values(chain, item, construct)
        }
        return FieldMatcher(field: nil, patterns: patterns)
    }

    private func matchers(_ m: Node.Mapping, _ construct: String) throws(RuleLoadError) -> [FieldMatcher] {
        var out: [FieldMatcher] = []
        for (keyNode, value) in m {
            guard let key = keyNode.scalar?.string else { throw fail(keyNode, construct, "field names must be strings") }
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let field = parts[0]
            let chain = try modifiers(Array(parts.dropFirst()), keyNode, "\(construct).\(key)")
            var patterns: [ValuePattern] = []
            switch value {
            case .sequence(let items):
                for item in items { patterns += try values(chain, item, "\(construct).\(key)") }
                if items.isEmpty { throw fail(value, "\(construct).\(key)", "an empty list matches nothing") }
            default:
                patterns += try values(chain, value, "\(construct).\(key)")
            }
            out.append(FieldMatcher(field: field.isEmpty ? nil : field, patterns: patterns, requiresAll: chain.all, negated: chain.negated))
        }
        return out
    }

    private func modifiers(_ names: [String], _ node: Node?, _ construct: String) throws(RuleLoadError) -> ModifierChain {
        do {
            return try ModifierChain(names)
        } catch {
            throw fail(node, construct, error.message)
        }
    }

    private func values(_ chain: ModifierChain, _ node: Node, _ construct: String) throws(RuleLoadError) -> [ValuePattern] {
        guard let scalar = node.scalar else { throw fail(node, construct, "values must be strings, numbers, Booleans or null") }
        let value: ModifierChain.RuleValue
        switch node.tag.rawValue {
        case Tag.Name.null.rawValue: value = .null
        case Tag.Name.bool.rawValue: value = .bool(node.bool ?? false)
        case Tag.Name.int.rawValue, Tag.Name.float.rawValue:
            value = Double(scalar.string).map { .number($0, text: scalar.string) } ?? .string(scalar.string)
        default: value = .string(scalar.string)
        }
        do {
            return try chain.patterns(for: value)
        } catch {
            throw fail(node, construct, error.message)
        }
    }
}
