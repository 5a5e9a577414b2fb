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

    /// The whole seconds of the last time `writeTime` wrote, and their digits (left-aligned,
    /// `lastSecondsCount` of them): a log's rows come in time order, so most rows repeat the
    /// previous row's seconds.
    @usableFromInline var lastSeconds = UInt64.max
    @usableFromInline var lastSecondsText: (SIMD16<UInt8>, SIMD16<UInt8>) = (.zero, .zero)
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
        Self.copy(bytes.baseAddress!, to: UnsafeMutableRawPointer(base + used), count: n)
        used += n
    }

    /// Copies `n` bytes. Up to 32 go as 8-byte words (the last one overlapping): most fields
    /// and keys are that short, and a call into memcpy cost more than the copy.
    @inlinable public static func copy(_ source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count n: Int) {
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

    /// Copies `n` bytes from `source` in whole 16-byte chunks (at least one), the last one
    /// running past `n`: no loop over a remainder and no call into memcpy. The caller
    /// guarantees that `source` can be read, and `target` written, up to `n` rounded up to 16
    /// (`LogSchema`'s keys and a flow's cached fields are stored with that padding); the bytes
    /// written past `n` land in spare room that the next piece overwrites. Every JSON key of
    /// every row comes through here (`LogRow`).
    @inlinable @inline(__always) public static func copyPadded(
        _ source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count n: Int
    ) {
        // A flow's connection and direction block (~230 bytes) goes to memcpy: its wide moves
        // took ~25 fewer instructions a row than this loop's 16-byte steps at that length.
        if n > 64 { return target.copyMemory(from: source, byteCount: n) }
        var i = 0
        repeat {
            target.storeBytes(of: source.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self), toByteOffset: i, as: SIMD16<UInt8>.self)
            i &+= 16
        } while i < n
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
        if used + Self.timeRoom > capacity { grow(to: used + Self.timeRoom) }
        used += writeTime(nanoseconds: ns, at: base + used)
    }

    /// The room `writeTime` needs: 20 digits of seconds, a dot and six digits, and the
    /// seconds are stored as two whole 16-byte chunks.
    public static let timeRoom = 40

    /// Writes the Zeek `time` of `ns` (≥ 0) at `at`, which has `timeRoom` bytes free, and
    /// returns its length.
    public func writeTime(nanoseconds ns: Int64, at: UnsafeMutablePointer<UInt8>) -> Int {
        precondition(ns >= 0, "negative time")
        let micros = UInt64(ns) / 1000
        let seconds = micros / 1_000_000
        if seconds != lastSeconds {
            lastSeconds = seconds
            lastSecondsText = (.zero, .zero)
            let n = TextBytes.digitCount(seconds)
            withUnsafeMutableBytes(of: &lastSecondsText) { _ = TextBytes.writeDigits(seconds, endingAt: $0.baseAddress! + n) }
            lastSecondsCount = n
        }
        let digits = lastSecondsCount
        // The seconds as one or two whole chunks; what runs past them is overwritten below
        // or by the next piece.
        let target = UnsafeMutableRawPointer(at)
        target.storeBytes(of: lastSecondsText.0, as: SIMD16<UInt8>.self)
        if digits > 16 { target.storeBytes(of: lastSecondsText.1, toByteOffset: 16, as: SIMD16<UInt8>.self) }
        at[digits] = UInt8(ascii: ".")
        TextBytes.writeSixDigits(micros % 1_000_000, at: target + digits + 1)
        return digits + 7
    }

    // MARK: Writers with their own cursor

    /// Where the next byte goes. A writer that appends many small pieces (`LogRow`) keeps
    /// this and `writeEnd` in its own state and `commit`s once, instead of loading and storing
    /// `used` through this object around every piece: the compiler must assume any byte
    /// written may alias this object's fields, so it cannot keep them in registers.
    @inlinable public var writeStart: UnsafeMutablePointer<UInt8> { base + used }
    /// One past the last byte that may be written without growing.
    @inlinable public var writeEnd: UnsafeMutablePointer<UInt8> { base + capacity }
    /// How far `p`, a pointer into the bytes, lies from their start: an offset that stays
    /// true when the storage grows and moves.
    @inlinable public func offset(of p: UnsafeMutablePointer<UInt8>) -> Int { p - base }
    /// Takes the bytes from `writeStart` up to `end` into the text.
    @inlinable public func commit(upTo end: UnsafeMutablePointer<UInt8>) { used = end - base }
    /// Grows, if needed, so that `n` bytes may be written from `writeStart`.
    public func reserve(_ n: Int) { if used + n > capacity { grow(to: used + n) } }

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
