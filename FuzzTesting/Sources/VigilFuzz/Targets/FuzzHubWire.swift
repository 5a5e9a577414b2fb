import VigilHubWire

/// Fuzzes the hub's readers of network input (batch bodies, enrolment tokens) through
/// HubWireFuzzExercise.
func fuzzHubWire(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    HubWireFuzzExercise.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
