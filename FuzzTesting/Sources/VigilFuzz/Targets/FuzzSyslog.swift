import VigilProtocols

/// Fuzzes the syslog analyzer (the priority and the message after it) through
/// AnalyzerExercise: each chunk is one datagram.
func fuzzSyslog(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    AnalyzerExercise.run(SyslogAnalyzer.descriptor, UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
