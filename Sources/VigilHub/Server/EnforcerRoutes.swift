import Foundation
import HTTPTypes
import Hummingbird
import VigilHubWire
import VigilResponse

/// The enforcers' routes on the ingest listener, behind mutual TLS, each request signed like a
/// batch (`SignedRequestCheck`):
///
///     POST /enforce/v1/poll       EnforcerPoll → 200 EnforcerRuleset, or 204 when nothing
///                                 changed within the wait
///     POST /enforce/v1/reports    EnforcerReport → 204
struct EnforcerRoutes: Sendable {
    let database: HubDatabase
    let home: HubHome

    func add(to router: Router<HubRequestContext>) {
        router.post("/enforce/v1/poll") { request, _ in
            let (body, _) = try await verified(request)
            guard let poll = try? JSONDecoder().decode(EnforcerPoll.self, from: Data(body)) else {
                throw HubProblem(.badRequest, "Not a poll", detail: "send EnforcerPoll JSON: enforcer, applied, time, wait")
            }
            try check(name: poll.enforcer, time: poll.time, request)
            let deadline = HubDatabase.now() + min(max(poll.wait, 0), EnforcerPoll.longestWait)
            while true {
                let generation = await database.responseChanges.generation
                let (version, actions) = try await database.actionsInForce()
                // Any other version than the one applied is sent, a lower one too: a hub put
                // back from a backup must still be obeyed.
                if version != poll.applied {
                    let now = HubDatabase.now()
                    let rules = actions.filter { $0.isFirewallRule && ($0.expires ?? 0) > now }
                    let answer = EnforcerRuleset(
                        version: version, ruleset: NftRuleset.script(actions: actions, version: version, now: now),
                        actions: rules.map(\.id), restores: actions.compactMap(\.register))
                    return try JSONBody.response(answer)
                }
                let left = deadline - HubDatabase.now()
                if left <= 0 { return Response(status: .noContent) }
                await database.responseChanges.wait(after: generation, seconds: left)
            }
        }
        router.post("/enforce/v1/reports") { request, _ in
            let (body, _) = try await verified(request)
            guard let report = try? JSONDecoder().decode(EnforcerReport.self, from: Data(body)) else {
                throw HubProblem(
                    .badRequest, "Not a report", detail: "send EnforcerReport JSON: enforcer, version, applied, restores, time")
            }
            try check(name: report.enforcer, time: report.time, request)
            try await database.record(report, key: home.auditKey)
            return Response(status: .noContent)
        }
    }

    private func verified(_ request: Request) async throws -> ([UInt8], SensorRecord) {
        let body = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
        let check = try await SignedRequestCheck(database: database).verify(
            name: request.headers[HTTPField.Name(HubHeader.sensor)!], signature: request.headers[HTTPField.Name(HubHeader.signature)!],
            body: body, kind: .enforcer)
        switch check {
        case .success(let node): return (body, node)
        case .failure(let refusal): throw HubProblem(.forbidden, "Request refused", detail: refusal.reason)
        }
    }

    /// The body names the signer, and is recent: a signed request cannot be replayed later.
    private func check(name: String, time: Double, _ request: Request) throws {
        guard name == request.headers[HTTPField.Name(HubHeader.sensor)!] else {
            throw HubProblem(.forbidden, "Request refused", detail: "the body names \(name), the request another enforcer")
        }
        guard abs(HubDatabase.now() - time) <= EnforcerPoll.freshness else {
            throw HubProblem(
                .forbidden, "Request refused", detail: "its time is more than \(Int(EnforcerPoll.freshness)) s from the hub's clock")
        }
    }
}
