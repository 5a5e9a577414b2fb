/// Reads the generated registry tables (`KEY<TAB>Name` lines: OUIs, ODVA and BACnet vendors).
///
/// Scans UTF-8 bytes: splitting the text into `Character`s took about 0.15 s for the 1.5 MB
/// OUI registry and 15 ms for the vendor tables, on every run that needed them.
public enum RegistryText {
    /// Calls `body` with each line's key bytes and name; lines without a tab are skipped.
    public static func forEachEntry(_ text: String, _ body: (UnsafeBufferPointer<UInt8>, String) -> Void) {
        var text = text
        text.withUTF8 { u in
            var i = 0
            while i < u.count {
                var end = i
                while end < u.count && u[end] != 0x0A { end += 1 }
                if let tab = (i..<end).first(where: { u[$0] == 0x09 }) {
                    body(
                        UnsafeBufferPointer(rebasing: u[i..<tab]),
                        String(decoding: UnsafeBufferPointer(rebasing: u[(tab + 1)..<end]), as: UTF8.self))
                }
                i = end + 1
            }
        }
    }

    /// A key's value in base 16 or 10; nil if empty, over 32 bits or not a number.
    public static func number(_ digits: UnsafeBufferPointer<UInt8>, radix: UInt32) -> UInt32? {
        guard !digits.isEmpty else { return nil }
        var v: UInt64 = 0
        for c in digits {
            guard let d = Hex.nibble(c), UInt32(d) < radix else { return nil }
            v = v * UInt64(radix) + UInt64(d)
            guard v <= UInt64(UInt32.max) else { return nil }
        }
        return UInt32(v)
    }
}
