import VigilCore

/// What is known of one device, as matching reads it: from an asset of the sensor's inventory
/// or a row of assets.json. Each field keeps the evidence it came from.
public struct DeviceIdentity: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var value: String
        public var evidence: String

        public init(_ value: String, evidence: String) {
            self.value = value
            self.evidence = evidence
        }
    }

    public var ips: [String]
    public var mac: String?
    public var vendor: Field?
    /// An order or catalogue number, or a product line (`6ES7 315-2EH14-0AB0`).
    public var product: Field?
    public var model: Field?
    public var firmware: Field?
    public var software: Field?
    public var name: Field?
    /// When the device was last seen (the time of its vulnerabilities.log rows).
    public var lastSeen: Timestamp = .zero

    public init(
        ips: [String], mac: String? = nil, vendor: Field? = nil, product: Field? = nil, model: Field? = nil, firmware: Field? = nil,
        software: Field? = nil, name: Field? = nil
    ) {
        self.ips = ips
        self.mac = mac
        self.vendor = vendor
        self.product = product
        self.model = model
        self.firmware = firmware
        self.software = software
        self.name = name
    }

    /// How the device is named in output: its first address, else its MAC.
    public var label: String { ips.first ?? mac ?? "?" }

    /// One key per device: its addresses and MAC.
    public var key: String { ips.joined(separator: ",") + "|" + (mac ?? "") }

    /// Only a device that names a model or product can be matched to an advisory.
    public var isMatchable: Bool { model != nil || product != nil }
}
