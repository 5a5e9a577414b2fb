import VigilCore

/// One IEC 60870-5-104 APDU (IEC 60870-5-104 §5): its control field and, for an I-format
/// APDU, its data unit (IEC 60870-5-101 §7.2) with each information object's address and value.
public struct IEC104APDUEvent: Sendable {
    /// A data unit (ASDU): what is reported or commanded, why, and for which objects.
    public struct DataUnit: Sendable {
        public var typeID: UInt8
        /// The type's name (`M_ME_NC_1`), or its number when undefined.
        public var typeName: String
        /// SQ: the objects' addresses follow one another from the first.
        public var sequence: Bool
        /// The number of objects or elements the unit announces.
        public var count: Int
        public var cause: UInt8
        /// The cause's name (`spont`, `act`), or its number when undefined.
        public var causeName: String
        /// P/N: a negative confirmation.
        public var negative: Bool
        public var test: Bool
        public var originator: UInt8
        public var commonAddress: UInt16
        /// Each object's address and, where the type is decoded, its value as text.
        public var objects: [(address: UInt32, value: String?)]

        public init(
            typeID: UInt8, typeName: String, sequence: Bool, count: Int, cause: UInt8, causeName: String, negative: Bool, test: Bool,
            originator: UInt8, commonAddress: UInt16, objects: [(address: UInt32, value: String?)]
        ) {
            self.typeID = typeID
            self.typeName = typeName
            self.sequence = sequence
            self.count = count
            self.cause = cause
            self.causeName = causeName
            self.negative = negative
            self.test = test
            self.originator = originator
            self.commonAddress = commonAddress
            self.objects = objects
        }
    }

    public var ts: Timestamp
    public var flow: FlowRef
    public var isOrig: Bool
    /// The APDU's length octet.
    public var length: Int
    /// "I", "S" or "U".
    public var format: String
    /// N(S), I-format only.
    public var sendSequence: UInt16?
    /// N(R), I- and S-format.
    public var receiveSequence: UInt16?
    /// The U-format function (`STARTDT act`, `TESTFR con`).
    public var uFunction: String?
    /// The data unit of an I-format APDU whose type and cause could be read.
    public var dataUnit: DataUnit?

    public init(
        ts: Timestamp, flow: FlowRef, isOrig: Bool, length: Int, format: String, sendSequence: UInt16?, receiveSequence: UInt16?,
        uFunction: String?, dataUnit: DataUnit?
    ) {
        self.ts = ts
        self.flow = flow
        self.isOrig = isOrig
        self.length = length
        self.format = format
        self.sendSequence = sendSequence
        self.receiveSequence = receiveSequence
        self.uFunction = uFunction
        self.dataUnit = dataUnit
    }
}
