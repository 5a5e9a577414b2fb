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
    /// Where the digits start: they are right-aligned in the 24 bytes.
    @usableFromInline var lastSecondsStart = 24

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
        Self.copy(bytes.baseAddress!, to: UnsafeMutableRawPointer(base + used), count: n)
        used += n
    }

    /// Copies `n` bytes. Up to 32 go as 8-byte words (the last one overlapping): most fields
    /// and keys are that short, and a call into memcpy cost more than the copy.
    @inlinable static func copy(_ source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count n: Int) {
        if n >= 8 && n <= 32 {
            var i = 0
            while i + 8 < n {
                target.storeBytes(of: source.loadUnaligned(fromByteOffset: i, as: UInt64.self), toByteOffset: i, as: UInt64.self)
                i += 8
            }
            target.storeBytes(of: source.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self), toByteOffset: n - 8, as: UInt64.self)
        } else if n < 8 {
            for i in 0..<n { target.storeBytes(of: source.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self) }
        } else {
            target.copyMemory(from: source, byteCount: n)
        }
    }

    /// Copies `n` bytes from `source` in whole 16-byte chunks, the last one running past `n`:
    /// no loop over a remainder and no call into memcpy. The caller guarantees that `source`
    /// can be read up to `n` rounded up to 16 (`LogSchema`'s keys and a flow's cached fields
    /// are stored with that padding); the bytes copied past `n` land in spare capacity and
    /// are overwritten by the next append. Every JSON key of every row comes through here.
    @inlinable public func append(padded source: UnsafeRawPointer, count n: Int) {
        // At least one chunk is stored, even for n == 0.
        let rounded = max((n + 15) & ~15, 16)
        if used + rounded > capacity { grow(to: used + rounded) }
        let target = UnsafeMutableRawPointer(base + used)
        var i = 0
        repeat {
            target.storeBytes(of: source.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self), toByteOffset: i, as: SIMD16<UInt8>.self)
            i += 16
        } while i < n
        used += n
    }

    /// The decimal digits of `value` (`TextBytes.appendDigits`), formatted on the stack and
    /// copied as two 16-byte chunks: counts are the most common value in ICSNPP's rows.
    @inlinable public func append(digits value: UInt64) {
        if value < 10 { return append(UInt8(48 + value)) }
        // 48 bytes: the digits end at byte 24, so the 32 bytes copied from their start stay inside.
        var text: (SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>) = (.zero, .zero, .zero)
        withUnsafeMutableBytes(of: &text) { t in
            let n = TextBytes.writeDigits(value, endingAt: t.baseAddress! + 24)
            append(padded: UnsafeRawPointer(t.baseAddress! + 24 - n), count: n)
        }
    }

    /// `0x` and at least `minimumWidth` lower-case hex digits of `v`, never truncated: the text
    /// of `Hex.zeek`, written in place instead of through a `String` (ICSNPP's logs carry
    /// codes and ids this way, several per row).
    public func append(hex v: UInt64, minimumWidth: Int) {
        let digits = Hex.zeekDigits(v, minimumWidth: minimumWidth)
        if used + digits + 2 > capacity { grow(to: used + digits + 2) }
        Hex.writePrefixed(v, digits: digits, at: base + used)
        used += digits + 2
    }

    /// The bytes as lower-case hex digits, two per byte (`Hex.string`).
    public func append(hexDigitsOf bytes: UnsafeRawBufferPointer) {
        let n = bytes.count * 2
        if used + n > capacity { grow(to: used + n) }
        var at = base + used
        for b in bytes {
            at[0] = Hex.nibbleDigit(b >> 4)
            at[1] = Hex.nibbleDigit(b & 0xF)
            at += 2
        }
        used += n
    }

    /// `bytes` between double quotes, with one capacity check.
    @inlinable public func append(quoted bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        if used + n + 2 > capacity { grow(to: used + n + 2) }
        let at = base + used
        at[0] = UInt8(ascii: "\"")
        if n > 0 { Self.copy(bytes.baseAddress!, to: UnsafeMutableRawPointer(at + 1), count: n) }
        at[n + 1] = UInt8(ascii: "\"")
        used += n + 2
    }

    /// A Zeek `time` (`TextBytes.appendMicros`), written in place, reusing the seconds'
    /// digits of the previous call when they are the same.
    public func appendTime(nanoseconds ns: Int64) {
        guard ns >= 0 else {
            var me = self
            return TextBytes.appendMicros(ns, to: &me)
        }
        let micros = UInt64(ns) / 1000
        let seconds = micros / 1_000_000
        if seconds != lastSeconds {
            lastSeconds = seconds
            lastSecondsStart = withUnsafeMutableBytes(of: &lastSecondsText) {
                24 - TextBytes.writeDigits(seconds, endingAt: $0.baseAddress! + 24)
            }
        }
        let digits = 24 - lastSecondsStart
        if used + digits + 7 > capacity { grow(to: used + digits + 7) }
        let at = base + used
        withUnsafeBytes(of: &lastSecondsText) {
            at.update(from: $0.baseAddress!.assumingMemoryBound(to: UInt8.self) + lastSecondsStart, count: digits)
        }
        at[digits] = UInt8(ascii: ".")
        TextBytes.writeSixDigits(micros % 1_000_000, at: UnsafeMutableRawPointer(at + digits + 1))
        used += digits + 7
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
