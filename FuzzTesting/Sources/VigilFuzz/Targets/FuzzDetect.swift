import VigilDetect

/// Fuzzes the Sigma rule loader, the JSON and TSV log row readers and rule evaluation through
/// DetectFuzzExercise.
func fuzzDetect(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    DetectFuzzExercise.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
