import VigilCore

/// The analyzers a sensor runs, tried in order on a flow's first bytes.
public struct ProtocolRegistry: Sendable {
    public let descriptors: [AnalyzerDescriptor]
    /// Indices of the descriptors that run over TCP (0) and over UDP (1), in order: checking
    /// each descriptor's `transports` set hashed the protocol and copied the descriptor, ~5,000
    /// instructions per identified flow.
    private let candidates: [[Int]]

    public init(_ descriptors: [AnalyzerDescriptor]) {
        self.descriptors = descriptors
        candidates = Self.candidates(descriptors)
    }

    private static func candidates(_ descriptors: [AnalyzerDescriptor]) -> [[Int]] {
        [TransportProtocol.tcp, .udp].map { proto in descriptors.indices.filter { descriptors[$0].transports.contains(proto) } }
    }

    /// Every protocol the sensor decodes. Order matters only for ambiguous bytes:
    /// the stricter signatures (TLS, MQTT CONNECT, Modbus MBAP) are tried first.
    public static let standard = ProtocolRegistry([
        // RTSP before HTTP: its requests look like HTTP's, with an rtsp:// URL.
        TLSAnalyzer.descriptor, MQTTAnalyzer.descriptor, RTSPAnalyzer.descriptor, HTTPAnalyzer.descriptor, DHCPAnalyzer.descriptor,
        DNSAnalyzer.descriptor, ModbusAnalyzer.descriptor, DNP3Analyzer.tcpDescriptor, DNP3Analyzer.udpDescriptor,
        S7Analyzer.descriptor, ENIPAnalyzer.tcpDescriptor, ENIPAnalyzer.udpDescriptor, ENIPAnalyzer.ioDescriptor, BACnetAnalyzer.descriptor,
        IEC104Analyzer.descriptor, OPCUAAnalyzer.descriptor, CoAPAnalyzer.descriptor, SNMPAnalyzer.descriptor,
        SSDPAnalyzer.descriptor, StartTLSAnalyzer.imapDescriptor, StartTLSAnalyzer.pop3Descriptor, SMTPAnalyzer.descriptor,
        SSHAnalyzer.descriptor, FTPAnalyzer.descriptor,
        SyslogAnalyzer.descriptor, NTPAnalyzer.descriptor, DCERPCAnalyzer.descriptor,
        // Last: OSDP's signature is a byte and a CRC, so every stricter one goes first.
        OSDPAnalyzer.descriptor,
    ])

    /// Server ports of every registered protocol plus Zeek's other well-known services, so
    /// that flow orientation matches Zeek's `likely_server_ports`.
    public var likelyServerPorts: Set<UInt16> {
        var ports: Set<UInt16> = [
            21, 22, 23, 25, 88, 110, 123, 135, 137, 138, 139, 143, 161, 162, 389, 445, 514, 587, 1812, 3306, 3389, 5060, 5222,
        ]
        // OT services whose Zeek/ICSNPP analyzers register these ports (S7 102, DNP3 20000,
        // BACnet 47808, EtherNet/IP 44818 and 2222, IEC 104 2404, OPC UA 4840; also each analyzer's own).
        ports.formUnion([102, 20000, 47808, 44818, 2222, 2404, 4840])
        for d in descriptors { ports.formUnion(d.serverPorts) }
        return ports
    }

    /// The first descriptor whose signature matches, or nil.
    public func identify(_ bytes: UnsafeRawBufferPointer, isOrig: Bool, id: ConnectionID) -> AnalyzerDescriptor? {
        let list: Int
        switch id.proto {
        case .tcp: list = 0
        case .udp: list = 1
        default: return descriptors.first { $0.transports.contains(id.proto) && $0.confirms(bytes, isOrig, id) }
        }
        for i in candidates[list] where descriptors[i].confirms(bytes, isOrig, id) { return descriptors[i] }
        return nil
    }
}
