import VigilCore

/// What a device says of itself to its link neighbours in one LLDP (IEEE 802.1AB), CDP or
/// PROFINET DCP frame: its names, what it is and runs, which addresses manage it, and what it
/// can do. Switches, routers, IP phones, cameras and many field devices send LLDP or CDP every
/// 30 s or so; PROFINET devices answer DCP Identify requests from controllers and tools.
public struct DeviceAnnouncement: Sendable, Equatable {
    public enum Source: String, Sendable {
        case lldp, cdp
        /// PROFINET DCP (IEC 61158-6-10).
        case dcp
    }

    public var ts: Timestamp
    public var source: Source
    /// The frame's source MAC address (the sending port's).
    public var mac: MACAddress?
    /// LLDP Chassis ID and Port ID as text (a MAC, a name or an address, by subtype); CDP's
    /// Device ID and Port ID.
    public var chassisID: String?
    public var portID: String?
    /// LLDP System Name (TLV 5); CDP Device ID (0x0001); DCP NameOfStation.
    public var systemName: String?
    /// LLDP System Description (TLV 6).
    public var systemDescription: String?
    /// CDP Software Version (0x0005).
    public var softwareVersion: String?
    /// CDP Platform (0x0006): the hardware model.
    public var platform: String?
    /// LLDP Management Address (TLV 8), CDP Addresses (0x0002, and Management Addresses
    /// 0x0016), in the order sent; DCP's IP parameter when it is set.
    public var managementAddresses: [IPAddress] = []
    /// Enabled capabilities by name (`bridge`, `router`, `wlan_access_point`, `telephone`…);
    /// DCP's device roles (`profinet_io_device`, `profinet_io_controller`…).
    public var capabilities: [String] = []
    /// LLDP-MED inventory (ANSI/TIA-1057 §10.2.6): hardware, firmware and software revision,
    /// serial number, manufacturer and model name. DCP's Type of Station is its model.
    public var hardwareRevision: String?
    public var firmwareRevision: String?
    public var softwareRevision: String?
    public var serialNumber: String?
    public var manufacturer: String?
    public var model: String?
    /// DCP DeviceID: the PROFINET vendor id and the vendor's device id.
    public var vendorID: UInt16?
    public var deviceID: UInt16?
    /// DCP AliasName: the name the device answers to by its port and neighbour (port.chassis).
    public var aliasName: String?

    public init(ts: Timestamp, source: Source, mac: MACAddress?) {
        self.ts = ts
        self.source = source
        self.mac = mac
    }
}
