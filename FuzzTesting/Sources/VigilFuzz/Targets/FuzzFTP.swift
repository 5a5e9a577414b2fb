import VigilProtocols

/// Fuzzes the FTP analyzer (command and reply lines, multi-line replies, which waiting
/// command a reply answers, PORT, EPRT, PASV and EPSV addresses, working-directory paths)
/// through AnalyzerExercise: chunks alternate between the two directions.
func fuzzFTP(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    AnalyzerExercise.run(FTPAnalyzer.descriptor, UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
