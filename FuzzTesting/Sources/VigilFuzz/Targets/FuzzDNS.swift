import VigilProtocols

/// Fuzzes DNS message decoding, including compression pointers.
func fuzzDNS(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let b = UnsafeRawBufferPointer(start: data, count: size)
    _ = try? DNSParser.parse(b)
    _ = DNSParser.looksLikeDNS(b)
    return 0
}
