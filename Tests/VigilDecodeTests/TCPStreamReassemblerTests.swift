import Testing
import VigilCore

@testable import VigilDecode

@Suite struct TCPStreamReassemblerTests {
    /// Feeds segments and returns delivered bytes, with gaps shown as "<gap n>".
    static func run(_ segments: [(UInt32, String)], syn: UInt32? = nil, limits: Limits = .default, flush: Bool = true) -> String {
        var r = TCPStreamReassembler(limits: limits)
        var out = ""
        let sink: (StreamChunk) -> Void = { c in
            switch c {
            case .data(let d): out += String(decoding: d, as: UTF8.self)
            case .gap(let n): out += "<gap \(n)>"
            }
        }
        if let isn = syn { [UInt8]().withUnsafeBytes { r.add(seq: isn, syn: true, payload: $0, deliver: sink) } }
        for (seq, text) in segments { Array(text.utf8).withUnsafeBytes { r.add(seq: seq, syn: false, payload: $0, deliver: sink) } }
        if flush { r.flush(sink) }
        return out
    }

    @Test func inOrder() { #expect(Self.run([(1, "abc"), (4, "def")], syn: 0) == "abcdef") }
    @Test func outOfOrderIsReordered() { #expect(Self.run([(4, "def"), (1, "abc"), (7, "g")], syn: 0) == "abcdefg") }
    @Test func retransmissionIsDeliveredOnce() { #expect(Self.run([(1, "abc"), (1, "abc"), (4, "d")], syn: 0) == "abcd") }
    @Test func overlapKeepsFirstCopyAndDeliversTheNewTail() { #expect(Self.run([(1, "abc"), (2, "XYde")], syn: 0) == "abcde") }
    @Test func midstreamPickupStartsAtFirstSegment() { #expect(Self.run([(1000, "xy"), (1002, "z")]) == "xyz") }
    @Test func gapIsReportedAtFlush() { #expect(Self.run([(1, "ab"), (6, "fg")], syn: 0) == "ab<gap 3>fg") }
    @Test func sequenceWrapAround() { #expect(Self.run([(0xFFFF_FFFE, "ab"), (0, "cd")]) == "abcd") }

    @Test func bufferLimitAtLimitHoldsAndOverLimitDeclaresGap() {
        var limits = Limits()
        limits.maxReassemblyBytesPerDirection = 4
        // 4 bytes held out of order: within the limit, delivered once the hole fills.
        #expect(Self.run([(1, "a"), (3, "cdef"), (2, "b")], syn: 0, limits: limits, flush: false) == "abcdef")
        // 5 bytes would exceed it: the hole is given up as a gap immediately.
        #expect(Self.run([(1, "a"), (3, "cdefg")], syn: 0, limits: limits, flush: false) == "a<gap 1>cdefg")
    }

    @Test func segmentCountLimit() {
        var limits = Limits()
        limits.maxOutOfOrderSegments = 2
        // The fourth segment would make three held: the oldest hole is given up to make room.
        #expect(Self.run([(1, "a"), (3, "c"), (5, "e"), (7, "g")], syn: 0, limits: limits, flush: false) == "a<gap 1>c")
        #expect(Self.run([(1, "a"), (3, "c"), (5, "e"), (7, "g")], syn: 0, limits: limits, flush: true) == "a<gap 1>c<gap 1>e<gap 1>g")
    }
}
