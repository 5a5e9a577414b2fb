import VigilCore

/// A consumer of the sensor's events. Registered with a pipeline, it is handed every event in
/// order, synchronously, on the pipeline's thread; with several workers each worker has its
/// own subscribers, so a subscriber needs no lock.
public protocol EventSubscriber: AnyObject {
    /// One event; `ts` is the capture time it happened at (for events that carry no time of
    /// their own: roles, identity, names, bindings).
    func receive(_ event: SensorEvent, at ts: Timestamp)
    /// End of input: everything has been delivered.
    func finish()
}

extension EventSubscriber {
    public func finish() {}
}
