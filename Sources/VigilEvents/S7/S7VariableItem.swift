import VigilCore

/// One item of a Read Var or Write Var job (S7comm functions 0x04 and 0x05): where in the
/// CPU's memory a client reads or writes, and in the CPU's answer what came of it. Layout as the Wireshark s7comm dissector documents
/// the (unpublished) protocol; an item of the common S7ANY syntax is
///
/// ```
/// 0 variable specification 0x12 | 1 length of what follows | 2 syntax id (0x10 S7ANY)
/// 3 transport size | 4 count u16 | 6 DB number u16 | 8 area | 9 address u24
/// ```
///
/// where the address is the byte address shifted left by three and the bit address, or for
/// timers and counters their number. Other syntaxes (DBREAD, NCK, DriveES, the 1200's
/// symbolic access) keep only their syntax id.
public struct S7VariableItem: Sendable, Equatable {
    /// The address's syntax (0x10 S7ANY); nil in an answer to a job not seen.
    public var syntaxID: UInt8?
    public var transportSize: UInt8?
    /// How many elements of the transport size.
    public var count: UInt16?
    public var db: UInt16?
    /// The memory area: 0x81 inputs, 0x82 outputs, 0x83 flags, 0x84 data blocks, 0x1C
    /// counters, 0x1D timers, …
    public var area: UInt8?
    /// The 24-bit address as sent.
    public var address: UInt32?
    /// What a Write Var job writes to the item, or what the CPU's answer to a Read Var job
    /// read from it: the data item's bytes.
    public var data: [UInt8]?
    /// In an answer, the item's return code (0xFF success, 0x0A object does not exist, …).
    public var returnCode: UInt8?

    public init(
        syntaxID: UInt8?, transportSize: UInt8? = nil, count: UInt16? = nil, db: UInt16? = nil, area: UInt8? = nil,
        address: UInt32? = nil, data: [UInt8]? = nil, returnCode: UInt8? = nil
    ) {
        self.syntaxID = syntaxID
        self.transportSize = transportSize
        self.count = count
        self.db = db
        self.area = area
        self.address = address
        self.data = data
        self.returnCode = returnCode
    }

    /// Timers and counters (S7 and IEC, areas 0x1C–0x1F) are addressed by number, not by byte
    /// and bit.
    public var isNumbered: Bool { area.map { (0x1C...0x1F).contains($0) } ?? false }

    /// The byte address, or a timer's or counter's number.
    public var byteAddress: UInt32? { address.map { isNumbered ? $0 : $0 >> 3 } }

    /// The bit address (0–7); nil for timers and counters.
    public var bitAddress: UInt8? { isNumbered ? nil : address.map { UInt8($0 & 7) } }
}
