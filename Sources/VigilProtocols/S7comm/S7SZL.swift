import VigilCore
import VigilEvents

/// System status list (SZL) responses that identify a CPU. Record layouts follow Siemens'
/// "System Software for S7-300/400 System and Standard Functions" manual, chapter 33:
///
/// - SZL 0x0011 (module identification), 28-byte records: index u16, MLFB order number
///   (20 ASCII), BGTyp u16, Ausbg u16, Ausbe u16. Index 0x0007 (basic firmware) carries the
///   version in Ausbg/Ausbe as 'V', major, minor, patch.
/// - SZL 0x001C (component identification), 34-byte records: index u16 and 32 bytes of text:
///   1 automation system name, 2 module name, 3 plant designation, 4 copyright, 5 serial
///   number, 7 module type name, 8 memory card serial.
extension S7Identity {
    /// Decodes a Read SZL response payload (after the 4-byte user-data header): SZL id,
    /// index, record length, record count, records. Nil for other lists.
    public static func decode(_ payload: [UInt8]) -> (id: UInt16, index: UInt16, identity: S7Identity?)? {
        payload.withUnsafeBytes { b -> (UInt16, UInt16, S7Identity?)? in
            guard b.count >= 4 else { return nil }
            let id = ByteReader.u16(b, 0)
            let index = ByteReader.u16(b, 2)
            guard b.count >= 8 else { return (id, index, nil) }
            let recordLength = Int(ByteReader.u16(b, 4))
            let count = Int(ByteReader.u16(b, 6))
            var s = S7Identity()
            var any = false
            switch (id & 0x00FF, recordLength) {
            case (0x11, 28):
                for r in 0..<count {
                    let o = 8 + r * 28
                    guard o + 28 <= b.count else { break }
                    let recordIndex = ByteReader.u16(b, o)
                    let text = ascii(b, o + 2, 20)
                    switch recordIndex {
                    case 0x0001:
                        s.orderNumber = text
                        s.hardwareVersion = "\(ByteReader.u16(b, o + 24)).\(ByteReader.u16(b, o + 26))"
                    case 0x0007 where b[o + 24] == 0x56:  // 'V'
                        s.firmware = "V\(b[o + 25]).\(b[o + 26]).\(b[o + 27])"
                    default: continue
                    }
                    any = true
                }
            case (0x1C, 34):
                for r in 0..<count {
                    let o = 8 + r * 34
                    guard o + 34 <= b.count else { break }
                    let text = ascii(b, o + 2, 32)
                    switch ByteReader.u16(b, o) {
                    case 1: s.automationSystemName = text
                    case 2: s.moduleName = text
                    case 3: s.plantName = text
                    case 4: s.copyright = text
                    case 5: s.serial = text
                    case 7: s.moduleTypeName = text
                    case 8: s.memoryCardSerial = text
                    default: continue
                    }
                    any = true
                }
            default: break
            }
            return (id, index, any ? s : nil)
        }
    }

    /// Fixed-width text fields are NUL- or space-padded.
    static func ascii(_ b: UnsafeRawBufferPointer, _ o: Int, _ n: Int) -> String {
        var bytes = Array(b[o..<(o + n)])
        if let nul = bytes.firstIndex(of: 0) { bytes.removeSubrange(nul...) }
        while bytes.last == 0x20 { bytes.removeLast() }
        return BytesText.text(bytes)
    }
}
