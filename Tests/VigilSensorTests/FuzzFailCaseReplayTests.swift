import Foundation
import Testing
import VigilCore
import VigilEvents

@testable import VigilCapture
@testable import VigilDecode
@testable import VigilProtocols

/// Replays every input under FuzzTesting/FailCases/<target>/ (crashes the fuzzers once
/// found) and FuzzTesting/Seeds/<target>/ through the same parser the target fuzzes. A
/// regression shows up as a crash of this test process.
@Suite struct FuzzFailCaseReplayTests {
    static func inputs(_ kind: String) -> [(String, [UInt8])] {
        let root = Corpus.packageRoot.appendingPathComponent("FuzzTesting/\(kind)")
        guard let targets = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return [] }
        var out: [(String, [UInt8])] = []
        for t in targets.sorted() {
            let dir = root.appendingPathComponent(t)
            for f in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] where !f.hasPrefix(".") {
                if let d = FileManager.default.contents(atPath: dir.appendingPathComponent(f).path) { out.append((t, Array(d))) }
            }
        }
        return out
    }

    static func replay(_ target: String, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { b in
            switch target {
            case "FuzzModbus": if case .frame(let f, _) = ModbusParser.parse(b) { _ = ModbusParser.deviceIdentification(f.data) }
            case "FuzzMQTT":
                var p = MQTTParser()
                _ = p.parse(b)
            case "FuzzDNS": _ = try? DNSParser.parse(b)
            case "FuzzHTTP":
                var p = HTTPParser(isRequest: true)
                var e: [HTTPParser.Event] = []
                _ = try? p.parse(b, events: &e)
            case "FuzzTLS":
                _ = try? TLSParser.parseHello(b, isClient: true)
                _ = TLSParser.parseCertificates(b)
                _ = try? X509Reader.read(Array(b))
            case "FuzzDHCP": _ = DHCPParser.parse(b)
            case "FuzzDecoder":
                var d = PacketDecoder()
                var p = DecodedPacket()
                for l: UInt32 in [0, 1, 101, 108, 113, 276] { _ = d.decode(linkType: l, b, at: .zero, into: &p) }
            case "FuzzDNP3":
                _ = DNP3LinkParser.parse(b)
                _ = DNP3ApplicationParser.parse(b)
                AnalyzerExercise.run(DNP3Analyzer.tcpDescriptor, b)
                AnalyzerExercise.run(DNP3Analyzer.udpDescriptor, b)
            case "FuzzS7comm":
                _ = COTPParser.parse(b)
                _ = S7CommParser.parse(b)
                _ = S7Identity.decode(Array(b))
                AnalyzerExercise.run(S7Analyzer.descriptor, b)
            case "FuzzENIP":
                _ = CIPMessage.parse(b)
                _ = CIPIdentityItem.parse(b)
                AnalyzerExercise.run(ENIPAnalyzer.tcpDescriptor, b)
                AnalyzerExercise.run(ENIPAnalyzer.udpDescriptor, b)
                AnalyzerExercise.run(ENIPAnalyzer.ioDescriptor, b)
            case "FuzzBACnet": AnalyzerExercise.run(BACnetAnalyzer.descriptor, b)
            case "FuzzIEC104": AnalyzerExercise.run(IEC104Analyzer.descriptor, b)
            case "FuzzCoAP": AnalyzerExercise.run(CoAPAnalyzer.descriptor, b)
            case "FuzzOPCUA": AnalyzerExercise.run(OPCUAAnalyzer.descriptor, b)
            case "FuzzLinkDiscovery": LinkDiscoveryExercise.run(b)
            case "FuzzSNMP": AnalyzerExercise.run(SNMPAnalyzer.descriptor, b)
            case "FuzzSSDP": AnalyzerExercise.run(SSDPAnalyzer.descriptor, b)
            case "FuzzRTSP": AnalyzerExercise.run(RTSPAnalyzer.descriptor, b)
            case "FuzzNTP": AnalyzerExercise.run(NTPAnalyzer.descriptor, b)
            case "FuzzDCERPC":
                _ = DCERPCParser.parse(b)
                AnalyzerExercise.run(DCERPCAnalyzer.descriptor, b)
            case "FuzzSyslog": AnalyzerExercise.run(SyslogAnalyzer.descriptor, b)
            case "FuzzSSH": AnalyzerExercise.run(SSHAnalyzer.descriptor, b)
            case "FuzzFTP": AnalyzerExercise.run(FTPAnalyzer.descriptor, b)
            case "FuzzMIME": MIMEFuzzExercise.run(b)
            case "FuzzStartTLS":
                for d in [StartTLSAnalyzer.imapDescriptor, StartTLSAnalyzer.pop3Descriptor, SMTPAnalyzer.descriptor] {
                    AnalyzerExercise.run(d, b)
                }
            default: break
            }
        }
    }

    @Test func failCasesAndSeedsReplayWithoutCrashing() {
        let all = Self.inputs("FailCases") + Self.inputs("Seeds")
        for (target, bytes) in all { Self.replay(target, bytes) }
        #expect(all.count >= 4, "the seed inputs are missing")
    }
}
