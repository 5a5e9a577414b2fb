import VigilResponse

/// Fuzzes the readers of response input (playbooks, the enforcers' JSON, addresses typed into
/// a request) through ResponseFuzzExercise.
func fuzzResponse(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    ResponseFuzzExercise.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
