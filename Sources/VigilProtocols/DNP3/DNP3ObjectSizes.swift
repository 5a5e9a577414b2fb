/// How much data one object of a group/variation occupies (IEEE 1815-2012 §11, the object
/// library). Parsing must know every size to find the next object header, so a variation not
/// listed here stops decoding of the fragment rather than guessing.
enum DNP3ObjectSize: Equatable {
    /// Bytes per object.
    case fixed(Int)
    /// Bits per object, packed (binary and double-bit inputs/outputs, IIN).
    case packed(Int)
    /// Device attribute (group 0): data type u8, length u8, value.
    case attribute
    /// Free-format: the object's size comes from its prefix (file transfer, authentication).
    case prefixed
    case unknown

    static func of(group g: UInt8, variation v: UInt8) -> DNP3ObjectSize {
        switch (g, v) {
        case (0, _): return .attribute
        case (1, 1), (10, 1), (80, 1): return .packed(1)
        case (3, 1): return .packed(2)
        case (1, 2), (2, 1), (3, 2), (4, 1), (10, 2), (11, 1), (13, 1): return .fixed(1)
        case (2, 2), (4, 2), (11, 2), (13, 2): return .fixed(7)
        case (2, 3), (4, 3): return .fixed(3)
        case (12, 1), (12, 2): return .fixed(11)
        case (12, 3): return .packed(1)
        // Counters and frozen counters: 32/16-bit with or without flag and time.
        case (20, 1), (20, 3), (21, 1), (21, 3), (22, 1), (22, 3), (23, 1), (23, 3): return .fixed(5)
        case (20, 2), (20, 4), (21, 2), (21, 4), (22, 2), (22, 4), (23, 2), (23, 4): return .fixed(3)
        case (20, 5), (20, 7), (21, 9), (21, 11): return .fixed(4)
        case (20, 6), (20, 8), (21, 10), (21, 12): return .fixed(2)
        case (21, 5), (21, 7), (22, 5), (22, 7), (23, 5), (23, 7): return .fixed(11)
        case (21, 6), (21, 8), (22, 6), (22, 8), (23, 6), (23, 8): return .fixed(9)
        // Analog inputs, frozen inputs and their events.
        case (30, 1), (30, 5), (31, 1), (31, 7), (32, 1), (32, 5), (33, 1), (33, 5): return .fixed(5)
        case (30, 2), (31, 2), (32, 2), (33, 2): return .fixed(3)
        case (30, 3), (31, 5): return .fixed(4)
        case (30, 4), (31, 6): return .fixed(2)
        case (30, 6), (31, 8), (32, 6), (33, 6): return .fixed(9)
        case (31, 3), (32, 3), (33, 3), (32, 7), (33, 7): return .fixed(11)
        case (31, 4), (32, 4), (33, 4): return .fixed(9)
        case (32, 8), (33, 8): return .fixed(15)
        case (34, 1): return .fixed(2)
        case (34, 2), (34, 3): return .fixed(4)
        // Analog outputs: status, command blocks (value + control status) and events.
        case (40, 1), (40, 3), (41, 1), (41, 3): return .fixed(5)
        case (40, 2), (41, 2): return .fixed(3)
        case (40, 4), (41, 4): return .fixed(9)
        case (42, 1), (42, 5), (43, 1), (43, 5): return .fixed(5)
        case (42, 2), (43, 2): return .fixed(3)
        case (42, 3), (42, 7), (43, 3), (43, 7): return .fixed(11)
        case (42, 4), (42, 6), (43, 4), (43, 6): return .fixed(9)
        case (42, 8), (43, 8): return .fixed(15)
        // Time and date, time delay, class objects.
        case (50, 1), (50, 3), (51, 1), (51, 2): return .fixed(6)
        case (50, 2): return .fixed(10)
        case (50, 4): return .fixed(11)
        case (52, 1), (52, 2): return .fixed(2)
        case (60, _): return .fixed(0)
        case (70, _), (120, _): return .prefixed
        // Octet strings and virtual terminal: the variation is the length.
        case (110, _), (111, _), (112, _), (113, _): return .fixed(Int(v))
        default: return .unknown
        }
    }
}
