import VigilLogs

extension TSVLogHeader {
    /// One data row as a record: unset columns are left out, sets and vectors become lists,
    /// numbers and Booleans keep their type.
    public func record(_ line: Substring, log: String, selecting selection: FieldSelection = .everything) -> EventRecord {
        var record = EventRecord(log: log)
        let columns = line.split(separator: Character(Unicode.Scalar(separator)), omittingEmptySubsequences: false)
        for (i, column) in columns.enumerated() where i < fields.count {
            if column == unsetField || !selection.contains(fields[i]) { continue }
            let type = i < types.count ? types[i] : "string"
            record.append(fields[i], value(String(column), type: type))
        }
        return record
    }

    private func value(_ text: String, type: String) -> FieldValue {
        if type.hasPrefix("set[") || type.hasPrefix("vector[") {
            guard text != emptyField else { return .list([]) }
            let element = String(type.drop(while: { $0 != "[" }).dropFirst().dropLast())
            return .list(text.split(separator: setSeparator, omittingEmptySubsequences: false).map { scalar(String($0), type: element) })
        }
        if text == emptyField && type == "string" { return .text("") }
        return scalar(text, type: type)
    }

    private func scalar(_ text: String, type: String) -> FieldValue {
        switch type {
        case "count", "int", "double", "port", "time", "interval": .number(text)
        case "bool": .bool(text == "T")
        default: .text(text)
        }
    }
}
