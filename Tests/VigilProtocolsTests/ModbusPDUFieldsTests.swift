import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// What a request addresses and writes, and what a response reads or echoes (spec V1.1b3 §6),
/// from annotated PDU data.
@Suite struct ModbusPDUFieldsTests {
    func decode(_ function: UInt8, _ data: [UInt8], isOrig: Bool = true) -> ModbusPDUEvent {
        let id = ConnectionID(origHost: .v4(1), origPort: 40000, respHost: .v4(2), respPort: 502, proto: .tcp)
        var e = ModbusPDUEvent(
            ts: .zero, flow: FlowRef(uid: "C1", id: id), isOrig: isOrig, transactionID: 1, unitID: 1, functionCode: function)
        ModbusPDUFields.decode(data, into: &e)
        return e
    }

    @Test func readHoldingRegisters() {
        let e = decode(0x03, [0x00, 0x6B, 0x00, 0x03])  // address 107, 3 registers (§6.3 example)
        #expect(e.address == 107 && e.quantity == 3 && e.registers.isEmpty)
    }

    @Test func writeSingleCoilAndRegister() {
        #expect(decode(0x05, [0x00, 0xAC, 0xFF, 0x00]).coils == [true])  // coil 173 ON (§6.5)
        #expect(decode(0x05, [0x00, 0xAC, 0x00, 0x00]).coils == [false])
        let r = decode(0x06, [0x00, 0x01, 0x00, 0x03])  // register 1 := 3 (§6.6)
        #expect(r.address == 1 && r.registers == [3])
    }

    @Test func writeMultipleCoilsUnpacksBitsLowFirst() {
        // §6.11 example: 10 coils from 19, bytes 0xCD 0x01 = 1011 0011 then 01.
        let e = decode(0x0F, [0x00, 0x13, 0x00, 0x0A, 0x02, 0xCD, 0x01])
        #expect(e.address == 19 && e.quantity == 10)
        #expect(e.coils == [true, false, true, true, false, false, true, true, true, false])
    }

    @Test func writeMultipleRegisters() {
        // §6.12 example: 2 registers from 1: 0x000A, 0x0102.
        let e = decode(0x10, [0x00, 0x01, 0x00, 0x02, 0x04, 0x00, 0x0A, 0x01, 0x02])
        #expect(e.address == 1 && e.quantity == 2 && e.registers == [0x000A, 0x0102])
    }

    @Test func readWriteMultipleRegisters() {
        // §6.17: read 6 from 3, write 3 to 14: 0x00FF 0x00FF 0x00FF.
        let e = decode(0x17, [0x00, 0x03, 0x00, 0x06, 0x00, 0x0E, 0x00, 0x03, 0x06, 0x00, 0xFF, 0x00, 0xFF, 0x00, 0xFF])
        #expect(e.address == 3 && e.quantity == 6 && e.writeAddress == 14 && e.registers == [0xFF, 0xFF, 0xFF])
    }

    @Test func shortDataLeavesFieldsUnset() {
        let e = decode(0x10, [0x00, 0x01, 0x00, 0x7D, 0xFA, 0x00])  // announces 125 registers, carries none whole
        #expect(e.address == 1 && e.quantity == 125 && e.registers.isEmpty)
        #expect(decode(0x06, [0x00]).address == nil)
        #expect(decode(0x0F, [0x00, 0x13, 0x00, 0x0A, 0x02]).coils.isEmpty)
    }

    @Test func readResponsesCarryEveryBitAndRegister() {
        // §6.1 example: 19 coils asked, 3 bytes 0xCD 0x6B 0x05 answered: 24 bits, padding included.
        let coils = decode(0x01, [0x03, 0xCD, 0x6B, 0x05], isOrig: false).coils
        #expect(coils.count == 24 && coils.prefix(8) == [true, false, true, true, false, false, true, true])
        // §6.3 example: registers 108–110 read as 0x022B, 0x0000, 0x0064.
        #expect(decode(0x03, [0x06, 0x02, 0x2B, 0x00, 0x00, 0x00, 0x64], isOrig: false).registers == [0x022B, 0, 0x64])
        // §6.18 example: a FIFO of two registers, 0x01B8 and 0x1284.
        #expect(decode(0x18, [0x00, 0x06, 0x00, 0x02, 0x01, 0xB8, 0x12, 0x84], isOrig: false).registers == [0x01B8, 0x1284])
        let echo = decode(0x10, [0x00, 0x01, 0x00, 0x02], isOrig: false)  // §6.12 response
        #expect(echo.address == 1 && echo.quantity == 2 && echo.registers.isEmpty)
    }

    @Test func functionDataOfDiagnosticsEncapsulationAndFileRecords() {
        #expect(decode(0x08, [0x00, 0x00, 0xA5, 0x37]).functionData == .diagnostics(subfunction: 0, data: [0xA5, 0x37]))
        #expect(decode(0x2B, [0x0E, 0x01, 0x00]).functionData == .encapsulated(meiType: 0x0E, readCode: 1, objectID: 0))
        #expect(decode(0x2B, [0x0D, 0x01], isOrig: false).functionData == .encapsulated(meiType: 0x0D, readCode: nil, objectID: nil))
        // §6.15 example: write file 4, record 7, three registers 06AF 04BE 100D.
        let write = decode(0x15, [0x0D, 0x06, 0x00, 0x04, 0x00, 0x07, 0x00, 0x03, 0x06, 0xAF, 0x04, 0xBE, 0x10, 0x0D])
        #expect(
            write.functionData
                == .fileRecords([
                    ModbusFileRecord(
                        referenceType: 6, fileNumber: 4, recordNumber: 7, recordLength: 3, data: [0x06, 0xAF, 0x04, 0xBE, 0x10, 0x0D])
                ]))
        // A byte count longer than the data: the groups that are whole are kept.
        #expect(decode(0x14, [0x0E, 0x06, 0x00, 0x04, 0x00, 0x01, 0x00, 0x02, 0x06]).functionData?.recordCount == 1)
    }
}

extension ModbusFunctionData {
    var recordCount: Int? {
        if case .fileRecords(let r) = self { return r.count }
        return nil
    }
}
