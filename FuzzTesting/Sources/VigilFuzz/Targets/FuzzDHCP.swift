import VigilProtocols

/// Fuzzes DHCP message and option decoding.
func fuzzDHCP(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    _ = DHCPParser.parse(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
