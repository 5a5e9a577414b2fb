import VigilProtocols

/// Fuzzes CIP message and identity decoding and the EtherNet/IP analyzers (TCP and UDP
/// encapsulation, common packet format items, class 1 I/O) through AnalyzerExercise.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let b = UnsafeRawBufferPointer(start: data, count: size)
    _ = CIPMessage.parse(b)
    _ = CIPIdentityItem.parse(b)
    AnalyzerExercise.run(ENIPAnalyzer.tcpDescriptor, b)
    AnalyzerExercise.run(ENIPAnalyzer.udpDescriptor, b)
    AnalyzerExercise.run(ENIPAnalyzer.ioDescriptor, b)
    return 0
}
