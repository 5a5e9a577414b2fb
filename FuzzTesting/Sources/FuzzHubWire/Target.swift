import VigilHubWire

/// Fuzzes the hub's readers of network input (batch bodies, enrolment tokens) through
/// HubWireFuzzExercise.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    HubWireFuzzExercise.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
