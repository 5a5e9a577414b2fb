import VigilCore
import VigilDecode
import VigilEvents
import VigilProtocols

/// Fuzzes the LLDP and CDP readers (TLV walking, address lists, LLDP-MED inventory) through
/// the reporter that turns a frame into events, reading the same bytes as both protocols.
func fuzzLinkDiscovery(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    LinkDiscoveryExercise.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
