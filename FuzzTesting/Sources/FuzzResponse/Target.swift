import VigilResponse

/// Fuzzes the readers of response input (playbooks, the enforcers' JSON, addresses typed into
/// a request) through ResponseFuzzExercise.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    ResponseFuzzExercise.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
