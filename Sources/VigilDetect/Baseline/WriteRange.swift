/// The registers or coils a Modbus write touches, read from a modbus_detailed.log row (ICSNPP's
/// `func`, `address` and `quantity`): what a baseline learns of where each pair writes.
struct WriteRange: Equatable {
    /// `holding_registers` or `coils`: the table the function writes.
    let table: String
    let first: Int
    let last: Int

    /// The functions that write one table at `address` for `quantity` items (Modbus
    /// Application Protocol v1.1b3, 6.5, 6.6, 6.11, 6.12 and 6.16). Read/Write Multiple
    /// Registers (6.17) is left out: its row's address is the read's.
    static let tables = [
        "WRITE_SINGLE_COIL": "coils", "WRITE_MULTIPLE_COILS": "coils", "WRITE_SINGLE_REGISTER": "holding_registers",
        "WRITE_MULTIPLE_REGISTERS": "holding_registers", "MASK_WRITE_REGISTER": "holding_registers",
    ]

    static let log = "modbus_detailed"

    /// The range a row writes, if it is a write of one table with its address.
    init?(_ record: EventRecord) {
        guard record.log == Self.log, let function = record.text("func"), let table = Self.tables[function],
            let address = record.value("address")?.number.map({ Int($0) })
        else { return nil }
        let quantity = record.value("quantity")?.number.map { max(1, Int($0)) } ?? 1
        self.table = table
        first = address
        last = address + quantity - 1
    }

    /// Whether `learned` (`[first, last]`) holds the whole range.
    func isInside(_ learned: [Int]) -> Bool { learned.count == 2 && learned[0] <= first && last <= learned[1] }

    /// `learned` grown to hold this range too.
    func widening(_ learned: [Int]?) -> [Int] {
        guard let l = learned, l.count == 2 else { return [first, last] }
        return [min(l[0], first), max(l[1], last)]
    }

    var text: String { first == last ? "\(first)" : "\(first)-\(last)" }
}
