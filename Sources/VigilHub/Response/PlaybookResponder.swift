import Crypto
import Foundation
import VigilResponse

/// Turns an alert as it is stored into the actions its playbooks ask for, inside the batch's
/// own transaction: a hub killed a moment later has either the alert and its actions, or
/// neither, so no alert is ever answered twice or not at all.
public struct PlaybookResponder: Sendable {
    public let playbooks: [Playbook]
    /// The audit log's key, as bytes (Crypto's keys are not Sendable).
    let auditKey: Data

    public init(playbooks: [Playbook], auditKey: P256.Signing.PrivateKey) {
        self.playbooks = playbooks
        self.auditKey = auditKey.rawRepresentation
    }

    /// The requests this transaction has already answered, by playbook, kind and target.
    /// Once one is answered (asked for, renewed, or found waiting), the same request again in
    /// the same transaction changes nothing, so it is not looked up again: a burst of alerts
    /// against one host used to cost a query each.
    typealias Answered = Set<String>

    /// The alert just inserted (`id`); returns whether an action came into force.
    func respond(
        alert id: Int64, rule: String, level: String, source: String?, destination: String?, time: Double?, sensor: String,
        answered: inout Answered, _ db: StoreTransaction
    ) throws -> Bool {
        var changed = false
        for playbook in playbooks where playbook.matches(rule: rule, level: level, source: source, destination: destination) {
            guard let target = playbook.target == .source ? source : destination else { continue }
            var request = ActionRequest(kind: playbook.action, address: target)
            request.alert = id
            request.playbook = playbook.name
            request.duration = playbook.duration
            request.automatic = playbook.approval == .automatic
            request.rate = playbook.rate
            request.register = playbook.register
            request.reason = "alert \(id) (\(rule), \(level)) from sensor \(sensor)"
            if playbook.action == .blockPair {
                request.address = source ?? ""
                request.peer = destination
            }
            guard case .success(var checked) = request.checked() else { continue }
            let key = [playbook.name, checked.kind.rawValue, checked.address, checked.peer ?? ""].joined(separator: "\u{0}")
            guard answered.insert(key).inserted else { continue }
            if playbook.action == .quarantine {
                let other = playbook.target == .source ? destination : source
                checked.allowed = try HubDatabase.knownPeers(
                    of: checked.address, before: time ?? HubDatabase.now(), excluding: Set([other].compactMap { $0 }), limit: 256, db)
            }
            changed = try answer(checked, db) || changed
        }
        return changed
    }

    /// Stores the request, unless the same playbook already asked for the same thing: a
    /// pending one waits as it is, and one in force past half its time is renewed, so that an
    /// attack that goes on keeps its block without flooding the approval queue.
    private func answer(_ request: ActionRequest, _ db: StoreTransaction) throws -> Bool {
        let key = try P256.Signing.PrivateKey(rawRepresentation: auditKey)
        let actor = "playbook:\(request.playbook ?? "?")"
        if let row = try StoreRow.fetchOne(
            db,
            sql: """
                SELECT id, state, expires, duration FROM response_action
                WHERE playbook = ? AND kind = ? AND address = ? AND coalesce(peer, '') = ? AND state IN ('pending', 'active')
                ORDER BY id DESC LIMIT 1
                """, arguments: [request.playbook, request.kind.rawValue, request.address, request.peer ?? ""])
        {
            let state: String = row["state"]
            let expires: Double? = row["expires"]
            let duration: Double = row["duration"]
            let now = HubDatabase.now()
            guard state == "active", request.kind != .restore, let expires, expires - now < duration / 2 else { return false }
            try HubDatabase.renew(row["id"], for: duration, by: actor, detail: "the attack goes on: \(request.reason)", db, key: key)
            return true
        }
        let action = try HubDatabase.request(request, by: actor, db, key: key)
        return action.state == .active
    }
}
