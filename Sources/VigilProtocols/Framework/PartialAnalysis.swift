/// Which sides of a flow an analyzer could read only in part because a limit was reached
/// (a MIME body nested past its depth): conn.log's history records it as Zeek's `X` (the
/// originator) or `x` (the responder), "connection analysis partial". The analyzer marks it;
/// the pipeline moves it into the connection's history after the delivery that caused it, so
/// the letter falls where Zeek's does among the packets' own.
public final class PartialAnalysis {
    public private(set) var sides: (orig: Bool, resp: Bool) = (false, false)

    public init() {}

    public func mark(isOrig: Bool) {
        if isOrig { sides.orig = true } else { sides.resp = true }
    }

    /// The sides marked since the last call, cleared.
    public func take() -> (orig: Bool, resp: Bool) {
        defer { sides = (false, false) }
        return sides
    }

    public var isMarked: Bool { sides.orig || sides.resp }
}
