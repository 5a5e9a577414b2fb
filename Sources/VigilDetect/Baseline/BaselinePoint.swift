/// One polled point of a server and the range its values were read in: a Modbus register or
/// coil, a BACnet object's present value, an IEC 104 information object (`PointReading`).
public struct BaselinePoint: Codable, Sendable, Equatable {
    public var server: String
    /// `modbus unit 1 holding_registers 40`, `bacnet analog-input 3 present-value`,
    /// `iec104 common 10 ioa 4001`.
    public var point: String
    public var min: Double
    public var max: Double

    public init(server: String, point: String, min: Double, max: Double) {
        self.server = server
        self.point = point
        self.min = min
        self.max = max
    }

    struct Key: Hashable {
        let server: String
        let point: String
    }

    var key: Key { Key(server: server, point: point) }

    func holds(_ value: Double) -> Bool { min <= value && value <= max }

    /// The learned range as the evidence writes it.
    var rangeText: String { "\(PointReading.text(min))..\(PointReading.text(max))" }
}
