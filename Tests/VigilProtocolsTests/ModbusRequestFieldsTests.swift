import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// What a request addresses and writes (spec V1.1b3 §6), from annotated PDU data.
@Suite struct ModbusRequestFieldsTests {
    func decode(_ function: UInt8, _ data: [UInt8]) -> ModbusPDUEvent {
        let id = ConnectionID(origHost: .v4(1), origPort: 40000, respHost: .v4(2), respPort: 502, proto: .tcp)
        var e = ModbusPDUEvent(
            ts: .zero, flow: FlowRef(uid: "C1", id: id), isOrig: true, transactionID: 1, unitID: 1, functionCode: function)
        ModbusRequestFields.decode(data, into: &e)
        return e
    }

    @Test func readHoldingRegisters() {
        let e = decode(0x03, [0x00, 0x6B, 0x00, 0x03])  // address 107, 3 registers (§6.3 example)
        #expect(e.address == 107 && e.quantity == 3 && e.registersWritten.isEmpty)
    }

    @Test func writeSingleCoilAndRegister() {
        #expect(decode(0x05, [0x00, 0xAC, 0xFF, 0x00]).coilsWritten == [true])  // coil 173 ON (§6.5)
        #expect(decode(0x05, [0x00, 0xAC, 0x00, 0x00]).coilsWritten == [false])
        let r = decode(0x06, [0x00, 0x01, 0x00, 0x03])  // register 1 := 3 (§6.6)
        #expect(r.address == 1 && r.registersWritten == [3])
    }

    @Test func writeMultipleCoilsUnpacksBitsLowFirst() {
        // §6.11 example: 10 coils from 19, bytes 0xCD 0x01 = 1011 0011 then 01.
        let e = decode(0x0F, [0x00, 0x13, 0x00, 0x0A, 0x02, 0xCD, 0x01])
        #expect(e.address == 19 && e.quantity == 10)
        #expect(e.coilsWritten == [true, false, true, true, false, false, true, true, true, false])
    }

    @Test func writeMultipleRegisters() {
        // §6.12 example: 2 registers from 1: 0x000A, 0x0102.
        let e = decode(0x10, [0x00, 0x01, 0x00, 0x02, 0x04, 0x00, 0x0A, 0x01, 0x02])
        #expect(e.address == 1 && e.quantity == 2 && e.registersWritten == [0x000A, 0x0102])
    }

    @Test func readWriteMultipleRegisters() {
        // §6.17: read 6 from 3, write 3 to 14: 0x00FF 0x00FF 0x00FF.
        let e = decode(0x17, [0x00, 0x03, 0x00, 0x06, 0x00, 0x0E, 0x00, 0x03, 0x06, 0x00, 0xFF, 0x00, 0xFF, 0x00, 0xFF])
        #expect(e.address == 3 && e.quantity == 6 && e.writeAddress == 14 && e.registersWritten == [0xFF, 0xFF, 0xFF])
    }

    @Test func shortDataLeavesFieldsUnset() {
        let e = decode(0x10, [0x00, 0x01, 0x00, 0x7D, 0xFA, 0x00])  // announces 125 registers, carries none whole
        #expect(e.address == 1 && e.quantity == 125 && e.registersWritten.isEmpty)
        #expect(decode(0x06, [0x00]).address == nil)
        #expect(decode(0x0F, [0x00, 0x13, 0x00, 0x0A, 0x02]).coilsWritten.isEmpty)
    }
}
