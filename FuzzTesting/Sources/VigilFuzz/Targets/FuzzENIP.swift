import VigilEvents
import VigilProtocols

/// Fuzzes CIP message, ListIdentity and Identity-object reply decoding and the EtherNet/IP analyzers (TCP and UDP
/// encapsulation, common packet format items, class 1 I/O) through AnalyzerExercise.
func fuzzENIP(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let b = UnsafeRawBufferPointer(start: data, count: size)
    _ = CIPMessage.parse(b)
    _ = CIPIdentityItem.parse(b)
    if let m = CIPMessage.parse(b) { _ = CIPIdentityRead.requested(by: m, in: b) }
    for attribute in [nil, 1, 4, 6, 7] as [UInt32?] { _ = CIPIdentityRead(service: 0x01, attribute: attribute).fields(b, maxNameBytes: 64) }
    AnalyzerExercise.run(ENIPAnalyzer.tcpDescriptor, b)
    AnalyzerExercise.run(ENIPAnalyzer.udpDescriptor, b)
    AnalyzerExercise.run(ENIPAnalyzer.ioDescriptor, b)
    return 0
}
