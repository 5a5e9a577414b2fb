/// One DNP3 application-layer fragment (IEEE 1815-2012 §4.2.2), decoded down to its object
/// headers and the objects Vigil reads (control blocks, device attributes and file-control objects).
public struct DNP3Fragment: Equatable, Sendable {
    /// Application control: FIR 0x80, FIN 0x40, CON 0x20, UNS 0x10, SEQ 0x0F.
    public var control: UInt8
    public var function: UInt8
    /// Internal indications, responses only: IIN1 in the high byte, IIN2 in the low byte (the
    /// order on the wire, and the number Zeek logs).
    public var iin: UInt16?
    public var objects: [DNP3ObjectHeader]
    /// Set when decoding stopped early; the weird name and its detail.
    public var problem: (name: String, detail: String)?

    public var isResponse: Bool { function >= 0x81 && function <= 0x83 }

    public init(control: UInt8, function: UInt8, iin: UInt16?, objects: [DNP3ObjectHeader], problem: (name: String, detail: String)?) {
        self.control = control
        self.function = function
        self.iin = iin
        self.objects = objects
        self.problem = problem
    }

    public static func == (a: DNP3Fragment, b: DNP3Fragment) -> Bool {
        a.control == b.control && a.function == b.function && a.iin == b.iin && a.objects == b.objects
            && a.problem?.name == b.problem?.name
    }
}

/// An object header (§4.2.2.7): group, variation, qualifier and range, with what was decoded
/// from its objects.
public struct DNP3ObjectHeader: Equatable, Sendable {
    public var group: UInt8
    public var variation: UInt8
    public var qualifier: UInt8
    /// Objects the header announces (Zeek's `number`). 64-bit: a 32-bit range 0...0xFFFFFFFF
    /// announces 2^32 objects.
    public var count: UInt64
    /// Start and stop of a start/stop range; 0 for count and "all" qualifiers, as Zeek reports them.
    public var rangeLow: UInt32
    public var rangeHigh: UInt32
    public var controls: [DNP3ControlBlock] = []
    public var attributes: [DNP3DeviceAttribute] = []
    /// File-control objects (group 70).
    public var files: [DNP3FileObject] = []

    public init(group: UInt8, variation: UInt8, qualifier: UInt8, count: UInt64, rangeLow: UInt32, rangeHigh: UInt32) {
        self.group = group
        self.variation = variation
        self.qualifier = qualifier
        self.count = count
        self.rangeLow = rangeLow
        self.rangeHigh = rangeHigh
    }

    /// Zeek's `obj_type`: group in the high byte, variation in the low byte.
    public var objectType: UInt16 { UInt16(group) << 8 | UInt16(variation) }
}

/// A Control Relay Output Block (g12v1) or Pattern Control Block (g12v2), §11.9.
public struct DNP3ControlBlock: Equatable, Sendable {
    public var index: UInt32
    /// Trip/close in bits 7-6, clear bit 0x20, queue 0x10, operation type in bits 3-0.
    public var controlCode: UInt8
    public var count: UInt8
    public var onTime: UInt32
    public var offTime: UInt32
    public var status: UInt8

    public init(index: UInt32, controlCode: UInt8, count: UInt8, onTime: UInt32, offTime: UInt32, status: UInt8) {
        self.index = index
        self.controlCode = controlCode
        self.count = count
        self.onTime = onTime
        self.offTime = offTime
        self.status = status
    }
}

/// A device attribute (group 0), §11.9.1: the variation names the attribute.
public struct DNP3DeviceAttribute: Equatable, Sendable {
    public var variation: UInt8
    public var dataType: UInt8
    public var value: [UInt8]

    public init(variation: UInt8, dataType: UInt8, value: [UInt8]) {
        self.variation = variation
        self.dataType = dataType
        self.value = value
    }
}
