import VigilAccess

/// Fuzzes OSDP framing (resynchronisation, lengths, check characters, security blocks), the
/// command and reply decoders, and the PD and CP Secure Channel state machines.
func fuzzOSDP(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    OSDPFuzzExercise.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
