import VigilProtocols

/// Fuzzes the SSH analyzer (identification lines, binary packets in the clear, KEXINIT lists,
/// the key exchange reply, and the sizes read after NEWKEYS) through AnalyzerExercise: chunks
/// alternate between the two directions.
func fuzzSSH(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    AnalyzerExercise.run(SSHAnalyzer.descriptor, UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
