import Foundation
import VigilHubWire

/// What the fuzz target FuzzResponse runs on each input (and the replay test on each seed and
/// kept failure): the readers of response input, which must turn any bytes into a value or an
/// error, never a crash or a hang: a playbook file, the enforcers' signed JSON, and an address
/// typed into a request, which must never reach a ruleset as anything but an address.
public enum ResponseFuzzExercise {
    public static func run(_ bytes: UnsafeRawBufferPointer) {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = try? PlaybookLoader.load(yaml: text, file: "fuzz.yml")
        let data = Data(bytes)
        _ = try? JSONDecoder().decode(EnforcerPoll.self, from: data)
        _ = try? JSONDecoder().decode(EnforcerRuleset.self, from: data)
        _ = try? JSONDecoder().decode(EnforcerReport.self, from: data)
        for line in text.split(separator: "\n").prefix(16) {
            var request = ActionRequest(kind: .blockPair, address: String(line))
            request.peer = "10.0.0.1"
            guard case .success(let checked) = request.checked() else { continue }
            let action = ResponseAction(
                id: 1, kind: checked.kind, address: checked.address, peer: checked.peer, allowed: [], rate: nil, register: nil,
                alert: nil, playbook: nil, state: .active, requestedBy: "fuzz", requested: 0, decidedBy: nil, decided: 0,
                duration: 60, expires: 60, version: 1, applied: nil, appliedBy: nil, reason: "")
            let script = NftRuleset.script(actions: [action], version: 1, now: 0)
            // The address is one token: nothing typed can add a line or a rule of its own.
            precondition(!checked.address.contains(where: { $0 == "\n" || $0 == " " || $0 == ";" || $0 == "}" }))
            precondition(script.contains("\(checked.address) . 10.0.0.1 timeout 60s"))
        }
    }
}
