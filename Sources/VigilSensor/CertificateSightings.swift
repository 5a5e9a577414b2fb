import Synchronization
import VigilCore
import VigilEvents

/// The certificates a run's workers have seen and not yet written to x509.log, shared by
/// the workers (`X509LogWriter` says why).
///
/// Zeek logs a certificate when it is first seen and again after a day
/// (`X509::relog_known_certificates_after`), keyed by fingerprint and side. Here every
/// sighting's time is kept until `drain`, which walks them in time order and keeps the first of
/// each day: the same rows Zeek writes, whichever worker saw which connection first.
public final class CertificateSightings: Sendable {
    /// Zeek's `X509::relog_known_certificates_after`.
    static let relogAfter: Int64 = 86_400 * 1_000_000_000
    /// Certificates held before `drain` is due anyway: far more distinct certificates than a
    /// city presents in a day, a bound on what hostile traffic can make the sensor hold.
    static let capacity = 65_536

    struct Key: Hashable {
        let fingerprint: String
        let hostCert: Bool
        let clientCert: Bool
    }

    /// A certificate's sightings: the certificate once, and when and on which connection
    /// each sighting was.
    struct Pending {
        var certificate: X509CertificateEvent
        var sightings: [(ts: Timestamp, flow: FlowRef)]
    }

    struct State {
        var pending: [Key: Pending] = [:]
        /// When each certificate's current day ends (a row already written opened it).
        var loggedUntil: [Key: Timestamp] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Records a sighting; true when the certificates held have reached `capacity`, so the
    /// caller should drain them now.
    func add(_ e: X509CertificateEvent) -> Bool {
        let key = Key(fingerprint: e.fingerprint, hostCert: e.hostCert, clientCert: e.clientCert)
        return state.withLock { s in
            if s.pending[key] == nil {
                s.pending[key] = Pending(certificate: e, sightings: [(e.ts, e.flow)])
            } else {
                s.pending[key]!.sightings.append((e.ts, e.flow))
            }
            return s.pending.count >= Self.capacity
        }
    }

    /// The rows due: for each certificate, its sightings in time order, one opening each day;
    /// the rows sorted by time, then fingerprint. What is returned is forgotten.
    func drain() -> [X509CertificateEvent] {
        state.withLock { s in
            var rows: [X509CertificateEvent] = []
            var latest = Timestamp.zero
            for (key, p) in s.pending {
                var until = s.loggedUntil[key]
                // Sightings at the same time are ordered by connection uid, so that the same
                // one opens the day whichever worker reported it first.
                for (t, flow) in p.sightings.sorted(by: { ($0.ts, $0.flow.uid) < ($1.ts, $1.flow.uid) })
                where until.map({ t >= $0 }) ?? true {
                    var row = p.certificate
                    row.ts = t
                    row.flow = flow
                    rows.append(row)
                    until = Timestamp(nanoseconds: t.nanoseconds &+ Self.relogAfter)
                }
                s.loggedUntil[key] = until
                latest = max(latest, p.sightings.lazy.map(\.ts).max() ?? latest)
            }
            s.pending.removeAll()
            // Days that ended before the latest sighting are forgotten: a later sighting opens
            // a new day anyway.
            s.loggedUntil = s.loggedUntil.filter { $0.value > latest }
            return rows.sorted { a, b in
                (a.ts, a.fingerprint, a.hostCert ? 1 : 0, a.clientCert ? 1 : 0) < (
                    b.ts, b.fingerprint, b.hostCert ? 1 : 0, b.clientCert ? 1 : 0
                )
            }
        }
    }
}
