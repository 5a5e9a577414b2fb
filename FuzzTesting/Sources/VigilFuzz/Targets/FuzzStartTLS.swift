import VigilProtocols

/// Fuzzes STARTTLS in IMAP and POP3 (the mail lines, the hand-over to TLS, the bytes held
/// meanwhile) and the SMTP analyzer (commands, replies, messages and their parts, STARTTLS)
/// through AnalyzerExercise: chunks alternate between the two directions.
func fuzzStartTLS(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    for d in [StartTLSAnalyzer.imapDescriptor, StartTLSAnalyzer.pop3Descriptor, SMTPAnalyzer.descriptor] {
        AnalyzerExercise.run(d, bytes)
    }
    return 0
}
