import VigilProtocols

/// Fuzzes MBAP framing and the FC43 device-identification decoder.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let b = UnsafeRawBufferPointer(start: data, count: size)
    if case .frame(let f, _) = ModbusParser.parse(b) { _ = ModbusParser.deviceIdentification(f.data) }
    _ = ModbusParser.deviceIdentification(Array(b))
    return 0
}
