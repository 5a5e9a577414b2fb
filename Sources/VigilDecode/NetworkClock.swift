import VigilCore

/// The run's network time, as Zeek keeps it: the latest packet time seen so far, and the time
/// of the latest sweep for idle flows, due every `FlowTable.sweepIntervalSeconds` of it.
///
/// One clock is kept for the whole input, by whoever sees every packet (the pipeline, or the
/// reader in front of several workers), and each packet carries its `sweepTime`. A flow table
/// sweeps when that time moves on, so which flows have been swept before a packet does not
/// depend on which other packets its table saw: several workers reach the same connections as
/// one, also where joined captures make time jump back and forth.
public struct NetworkClock: Sendable {
    /// The latest packet time so far.
    public private(set) var now = Timestamp.zero
    /// When the latest sweep fell due.
    public private(set) var sweepTime = Timestamp.zero

    public init() {}

    public mutating func advance(to ts: Timestamp) {
        if ts > now { now = ts }
        if now.nanoseconds - sweepTime.nanoseconds > FlowTable.sweepIntervalSeconds * 1_000_000_000 { sweepTime = now }
    }
}
