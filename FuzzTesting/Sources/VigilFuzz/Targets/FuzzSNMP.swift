import VigilProtocols

/// Fuzzes the SNMP analyzer (BER elements, lengths, OIDs, PDUs of each version, the bindings
/// identity is read from) through AnalyzerExercise: datagrams alternate between the two sides.
func fuzzSNMP(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    AnalyzerExercise.run(SNMPAnalyzer.descriptor, UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
