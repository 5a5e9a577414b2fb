import Foundation

/// A batch of records as it travels from a sensor to the hub: NDJSON bytes (a `BatchHeader`
/// line, then one record per line) and the sensor's signature over exactly those bytes.
public struct SensorBatch: Sendable {
    public private(set) var header: BatchHeader
    public let body: [UInt8]
    /// Where each non-empty line of `body` is, the header's first.
    private let lines: [Range<Int>]

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
        lines = Self.lines(of: body)
    }

    /// Reads a body a sensor sent; every fault names the line it is on.
    public init(body: [UInt8], limits: BatchLimits = .init()) throws(BatchError) {
        guard body.count <= limits.maximumBytes else {
            throw .tooLarge(bytes: body.count, limit: limits.maximumBytes)
        }
        let lines = Self.lines(of: body)
        guard let first = lines.first else { throw .malformed(line: 1, reason: "the body is empty") }
        let header: BatchHeader
        do {
            header = try JSONDecoder().decode(BatchHeader.self, from: Data(body[first]))
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
        self.lines = lines
    }

    /// The records after the header.
    public func records() throws(BatchError) -> [ShippedRecord] {
        var result: [ShippedRecord] = []
        result.reserveCapacity(header.records)
        for (offset, line) in lines.dropFirst().enumerated() {
            result.append(try ShippedRecord(line: body[line], lineNumber: offset + 2))
        }
        return result
    }

    /// The ranges of `body`'s non-empty lines, found once. Line ends are found with memchr: the
    /// generic `split`, run twice per batch, called a closure for every byte (6% of the hub's
    /// CPU while ingesting).
    static func lines(of body: [UInt8]) -> [Range<Int>] {
        body.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return [] }
            var lines: [Range<Int>] = []
            var start = 0
            while start < buffer.count {
                let end =
                    memchr(base + start, 0x0A, buffer.count - start).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base }
                    ?? buffer.count
                if end > start { lines.append(start..<end) }
                start = end + 1
            }
            return lines
        }
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
