import VigilCore

/// What a Siemens S7 CPU says of itself in its system status lists (SZL 0x0011 module
/// identification, 0x001C component identification).
public struct S7Identity: Equatable, Sendable {
    public var orderNumber: String?
    public var hardwareVersion: String?
    public var firmware: String?
    public var automationSystemName: String?
    public var moduleName: String?
    public var plantName: String?
    public var copyright: String?
    public var serial: String?
    public var moduleTypeName: String?
    public var memoryCardSerial: String?

    public init() {}

    /// Keeps what is already known and fills in what `other` adds.
    public mutating func merge(_ other: S7Identity) {
        orderNumber = other.orderNumber ?? orderNumber
        hardwareVersion = other.hardwareVersion ?? hardwareVersion
        firmware = other.firmware ?? firmware
        automationSystemName = other.automationSystemName ?? automationSystemName
        moduleName = other.moduleName ?? moduleName
        plantName = other.plantName ?? plantName
        copyright = other.copyright ?? copyright
        serial = other.serial ?? serial
        moduleTypeName = other.moduleTypeName ?? moduleTypeName
        memoryCardSerial = other.memoryCardSerial ?? memoryCardSerial
    }
}
