import VigilCapture
import VigilCore

/// What a capture is fed into: one pipeline, or several behind a dispatcher.
public protocol PacketConsumer: AnyObject {
    func process(_ packet: CapturedPacket)
    /// A write to the log folder failed (disk full, permissions): the caller stops.
    var outputError: VigilError? { get }
}

extension SensorPipeline: PacketConsumer {}
