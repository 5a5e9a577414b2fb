import VigilCore
import VigilOSDP

/// What the FuzzOSDP target (and its FailCase replay test) drives with arbitrary bytes: the
/// frame assembler, the command and reply decoders, and both Secure Channel state machines,
/// keyed so that secured paths are reachable, and the passive monitor over the whole input (in
/// small reads a second apart, so its error-burst window and handshake tracking both run). The
/// first byte splits the input into a stream for the PD and a stream for the CP, so each sees a
/// different byte sequence.
public enum OSDPFuzzExercise {
    public static func run(_ bytes: UnsafeRawBufferPointer) {
        let all = Array(bytes)
        guard let first = all.first else { return }
        let split = min(all.count, 1 + Int(first))
        let key = OSDPKey.defaultInstallKey
        let pd = OSDPPeripheralDevice(
            configuration: .init(address: 1, scbk: key, installMode: true), random: { [UInt8](repeating: 7, count: 8) })
        let cp = OSDPControlPanel(configuration: .init(addresses: [1], scbk: key), random: { [UInt8](repeating: 3, count: 8) })
        var now: Int64 = 0
        for chunk in stride(from: 1, to: split, by: 16).map({ Array(all[$0..<min(split, $0 + 16)]) }) {
            _ = pd.receive(chunk, now: now)
            now += 5
        }
        for chunk in stride(from: split, to: all.count, by: 16).map({ Array(all[$0..<min(all.count, $0 + 16)]) }) {
            _ = cp.step(received: chunk, now: now)
            now += 250
        }
        let monitor = OSDPMonitor(configuration: .init(siteKeys: [key]))
        var time = Timestamp.zero
        for chunk in stride(from: 0, to: all.count, by: 24).map({ all[$0..<min(all.count, $0 + 24)] }) {
            _ = monitor.ingest(Array(chunk), at: time)
            time = time.adding(seconds: 1)
        }
        _ = monitor.summary()
        var assembler = OSDPFrameAssembler()
        assembler.append(all)
        while let output = assembler.next() {
            if case .packet(let packet, _, _) = output {
                _ = try? OSDPCommand.decode(code: packet.code, data: packet.data)
                _ = try? OSDPReply.decode(code: packet.code, data: packet.data)
                var session = OSDPSecureSession(
                    keys: OSDPSessionKeys(scbk: key, controlPanelRandom: [UInt8](repeating: 3, count: 8)),
                    initialRMAC: [UInt8](repeating: 0, count: 16), usesDefaultKey: true)
                _ = try? session.open(packet)
            }
        }
    }
}
