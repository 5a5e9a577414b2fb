/// A growable byte buffer appended through a raw pointer: the pending text of a log file.
///
/// Written instead of using `[UInt8]` because every field of every log row is appended here
/// (about 30 appends per row, 3 million rows in bench/run.sh): the array's per-append
/// uniqueness and capacity checks and its generic copy path were ~10% of that profile.
public final class OutputBytes: ByteAppending {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    @usableFromInline var used = 0
    public var count: Int { used }

    /// The whole seconds of the last time `appendTime` wrote, and their digits: a log's rows
    /// come in time order, so most rows repeat the previous row's seconds.
    @usableFromInline var lastSeconds = UInt64.max
    @usableFromInline var lastSecondsText: (UInt64, UInt64, UInt64) = (0, 0, 0)
    @usableFromInline var lastSecondsCount = 0

    public init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inlinable public func append(_ byte: UInt8) {
        if used == capacity { grow(to: used + 1) }
        base[used] = byte
        used += 1
    }

    @inlinable public func append(bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        guard n > 0 else { return }
        if used + n > capacity { grow(to: used + n) }
        (base + used).update(from: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n)
        used += n
    }

    /// A Zeek `time` (`TextBytes.appendMicros`), reusing the seconds' digits of the previous
    /// call when they are the same.
    public func appendTime(nanoseconds ns: Int64) {
        var me = self
        guard ns >= 0 else { return TextBytes.appendMicros(ns, to: &me) }
        let micros = UInt64(ns) / 1000
        let seconds = micros / 1_000_000
        if seconds != lastSeconds {
            var digits: [UInt8] = []
            TextBytes.appendDigits(seconds, to: &digits)
            lastSecondsCount = digits.count
            withUnsafeMutableBytes(of: &lastSecondsText) { $0.copyBytes(from: digits) }
            lastSeconds = seconds
        }
        withUnsafeBytes(of: &lastSecondsText) { append(bytes: UnsafeRawBufferPointer(rebasing: $0[0..<lastSecondsCount])) }
        append(UInt8(ascii: "."))
        TextBytes.appendSixDigits(micros % 1_000_000, to: &me)
    }

    /// The pending bytes, for writing out.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: used))
    }

    public func removeAll() { used = 0 }

    @usableFromInline func grow(to needed: Int) {
        var size = capacity * 2
        while size < needed { size *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        bigger.update(from: base, count: used)
        base.deallocate()
        base = bigger
        capacity = size
    }
}
