import Foundation

/// A batch of records as it travels from a sensor to the hub: NDJSON bytes (a `BatchHeader`
/// line, then one record per line) and the sensor's signature over exactly those bytes.
public struct SensorBatch: Sendable {
    public var header: BatchHeader
    public var body: [UInt8]

    /// Builds the body from records whose `row` is already a JSON object's text.
    public init(header: BatchHeader, records: [ShippedRecord]) throws {
        var header = header
        header.records = records.count
        self.header = header
        var body = Array(try JSONEncoder.batch.encode(header))
        body.append(0x0A)
        for record in records {
            record.appendLine(to: &body)
        }
        self.body = body
    }

    /// Reads a body a sensor sent; every fault names the line it is on.
    public init(body: [UInt8], limits: BatchLimits = .init()) throws(BatchError) {
        guard body.count <= limits.maximumBytes else {
            throw .tooLarge(bytes: body.count, limit: limits.maximumBytes)
        }
        let lines = body.split(separator: 0x0A, omittingEmptySubsequences: true)
        guard let first = lines.first else { throw .malformed(line: 1, reason: "the body is empty") }
        let header: BatchHeader
        do {
            header = try JSONDecoder().decode(BatchHeader.self, from: Data(first))
        } catch {
            throw .malformed(line: 1, reason: "the header is not a batch header: \(error)")
        }
        guard header.records == lines.count - 1 else {
            throw .malformed(line: lines.count, reason: "the header announces \(header.records) records, the body holds \(lines.count - 1)")
        }
        guard header.records <= limits.maximumRecords else {
            throw .tooLarge(bytes: body.count, limit: limits.maximumBytes)
        }
        guard header.sequence > 0 else { throw .malformed(line: 1, reason: "sequence numbers start at 1") }
        self.header = header
        self.body = body
    }

    /// The records after the header.
    public func records() throws(BatchError) -> [ShippedRecord] {
        var result: [ShippedRecord] = []
        result.reserveCapacity(header.records)
        for (offset, line) in body.split(separator: 0x0A, omittingEmptySubsequences: true).dropFirst().enumerated() {
            result.append(try ShippedRecord(line: line, lineNumber: offset + 2))
        }
        return result
    }
}

extension JSONEncoder {
    /// Sorted keys so that the same header always gives the same bytes.
    static let batch: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
