/// Cuts one direction of a text protocol's stream into lines: each ends at LF, with a CR
/// before it dropped (RFC 959 and its kin end lines with CRLF; some clients send LF alone).
/// The unfinished last line waits for the next bytes.
struct LineSplitter {
    let maxLineBytes: Int
    private var pending: [UInt8] = []

    init(maxLineBytes: Int) { self.maxLineBytes = maxLineBytes }

    /// Hands each line `data` completes to `line`; false when the unfinished line has passed
    /// `maxLineBytes`, and nothing more should be read from this side.
    mutating func feed(_ data: UnsafeRawBufferPointer, _ line: ([UInt8]) -> Void) -> Bool {
        pending.append(contentsOf: data)
        var start = 0
        while let end = pending[start...].firstIndex(of: 0x0A) {
            var l = pending[start..<end]
            if l.last == 0x0D { l = l.dropLast() }
            start = end + 1
            line(Array(l))
        }
        pending.removeFirst(start)
        if pending.count > maxLineBytes {
            pending = []
            return false
        }
        return true
    }
}
