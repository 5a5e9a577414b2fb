import Testing
import VigilCore

@testable import VigilProtocols

@Suite struct ModbusParserTests {
    /// Read Holding Registers request: tid 1, proto 0, length 6, unit 1, FC 3, addr 0, qty 10.
    static let readRequest: [UInt8] = [0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x0A]

    @Test func parsesAWholeFrame() {
        let step = Self.readRequest.withUnsafeBytes { ModbusParser.parse($0) }
        #expect(step == .frame(ModbusFrame(transactionID: 1, unitID: 1, functionCode: 3, data: [0, 0, 0, 0x0A]), consumed: 12))
    }

    @Test func partialDeliveryConsumesNothingUntilComplete() {
        for cut in 0..<Self.readRequest.count {
            let step = Array(Self.readRequest[0..<cut]).withUnsafeBytes { ModbusParser.parse($0) }
            #expect(step == .needMore, "cut at \(cut)")
        }
    }

    @Test func lengthFieldLimitIsEnforcedAtTheLimitAndBeyond() {
        // length 254 (the maximum: unit id + 253-byte PDU) is accepted...
        var atLimit: [UInt8] = [0, 9, 0, 0, 0, 254, 1, 3] + [UInt8](repeating: 0, count: 252)
        #expect(
            atLimit.withUnsafeBytes { ModbusParser.parse($0) }
                == .frame(ModbusFrame(transactionID: 9, unitID: 1, functionCode: 3, data: [UInt8](repeating: 0, count: 252)), consumed: 260)
        )
        // ...255 is not Modbus.
        atLimit[5] = 255
        atLimit.append(0)
        #expect(atLimit.withUnsafeBytes { ModbusParser.parse($0) } == .invalid("modbus_invalid_length"))
    }

    @Test func nonZeroProtocolIdIsRejectedSoPort502TrafficIsNotMistaken() {
        let notModbus: [UInt8] = [0x00, 0x01, 0x00, 0x01, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x0A]
        #expect(notModbus.withUnsafeBytes { ModbusParser.looksLikeModbus($0) } == false)
        #expect(Self.readRequest.withUnsafeBytes { ModbusParser.looksLikeModbus($0) })
        // Function code 0 is invalid but still Modbus: a scan for it must be logged.
        let functionZero: [UInt8] = [0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x01, 0x00, 0x00, 0x00, 0x00, 0x0A]
        #expect(functionZero.withUnsafeBytes { ModbusParser.looksLikeModbus($0) })
    }

    @Test func exceptionNamesFollowZeek() {
        #expect(ModbusNames.function(0x83) == "READ_HOLDING_REGISTERS_EXCEPTION")
        #expect(ModbusNames.exception(2) == "ILLEGAL_DATA_ADDRESS")
        #expect(ModbusNames.function(0x64) == "unknown-100")
    }

    @Test func deviceIdentificationObjects() {
        // MEI 0x0E, code 1, conformity 0x81, more 0, next 0, 2 objects: VendorName "ACME", revision "1.0".
        let data: [UInt8] = [0x0E, 0x01, 0x81, 0x00, 0x00, 0x02, 0x00, 0x04] + Array("ACME".utf8) + [0x02, 0x03] + Array("1.0".utf8)
        let objects = ModbusParser.deviceIdentification(data)
        #expect(objects == [ModbusDeviceObject(id: 0, value: Array("ACME".utf8)), ModbusDeviceObject(id: 2, value: Array("1.0".utf8))])
        // An object whose length runs past the PDU is dropped, not read out of bounds.
        #expect(ModbusParser.deviceIdentification(Array(data.dropLast(2)))?.count == 1)
    }
}
