import VigilProtocols

/// Fuzzes the BACnet/IP analyzer (BVLC, NPDU, APDU, tags, segment reassembly and every
/// service decoder) through AnalyzerExercise: each chunk is one datagram.
func fuzzBACnet(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    AnalyzerExercise.run(BACnetAnalyzer.descriptor, UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
