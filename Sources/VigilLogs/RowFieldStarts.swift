import VigilCore

/// Where each field's value begins in one JSON row's text, noted by the row as it writes it.
///
/// A reader of rows as they are written (detection) needs a few fields of most rows. Searching
/// the text for each `"name":` cost more than writing the row, and the writer already knows
/// where every value goes: it notes the offset, and the reader goes straight there.
///
/// A value rather than an object: it travels with every row a rule reads, from the sink to the
/// writer, the row and the rules, and a reference was retained and released at each step. Its
/// owner makes the table once and frees it with `deallocate()`.
public struct RowFieldStarts {
    /// Offsets from the start of the writer's buffer, -1 for a field the row left unset. The
    /// row being written notes each one here (`LogRow.valueOffsets`).
    private(set) var offsets: UnsafeMutablePointer<Int32>
    private var capacity: Int
    /// The row's first byte, as an offset from the start of the writer's buffer.
    @usableFromInline var rowStart = 0
    /// Fields of the row last written.
    public private(set) var fieldCount = 0

    public init() {
        capacity = 64
        offsets = .allocate(capacity: capacity)
    }

    /// Frees the table; the owner's last use of it.
    public func deallocate() { offsets.deallocate() }

    /// Readies the table for a row of `fieldCount` fields starting at `rowStart`.
    mutating func reset(fieldCount: Int, rowStart: Int) {
        if fieldCount > capacity {
            offsets.deallocate()
            capacity = fieldCount
            offsets = .allocate(capacity: capacity)
        }
        offsets.update(repeating: -1, count: fieldCount)
        self.fieldCount = fieldCount
        self.rowStart = rowStart
    }

    /// Where a field's value is in the row's text.
    public enum Place: Equatable {
        /// The row left it unset (JSON omits unset fields).
        case unset
        /// Its value begins this many bytes into the row.
        case at(Int)
        /// It was copied as part of a block of fields (the connection and direction fields,
        /// written as one piece from the flow's cached text): present, found by its name.
        case inBlock
    }

    /// Marks fields copied as one block.
    @usableFromInline static let blockMark: Int32 = -2

    /// Where field `index`'s value is in the row's text.
    public func place(_ index: Int) -> Place {
        guard index < fieldCount else { return .unset }
        let o = offsets[index]
        if o >= 0 { return .at(Int(o) - rowStart) }
        return o == Self.blockMark ? .inBlock : .unset
    }

}
