import VigilCore
import VigilEvents

/// The data connections FTP control sessions announced (PORT, EPRT, PASV, EPSV) and not yet
/// seen: Zeek's `ftp_data_expected` with the FTP-data analyzer it schedules for the new
/// connection from the announced originator to the announced address and port, for five
/// minutes.
///
/// A control and data connection between the same two hosts are always analysed by the same
/// worker (workers are chosen by address pair). A data connection to a third address (a
/// server that announces another host, or FXP between two servers) is followed only when it
/// lands on the control connection's worker.
public final class FTPDataExpectations {
    struct Key: Hashable {
        var respHost: IPAddress
        var respPort: UInt16
    }

    struct Expected {
        var origHost: IPAddress
        var until: Timestamp
        var note: FTPTransferNote
    }

    /// Zeek schedules the FTP-data analyzer for five minutes.
    static let lifetimeSeconds: Int64 = 300
    /// A control connection sending PORT after PORT cannot grow the table past this; expired
    /// announcements are dropped first, and then new ones are not kept.
    static let maxExpected = 10_000

    private var expected: [Key: Expected] = [:]

    public init() {}

    public var isEmpty: Bool { expected.isEmpty }

    /// A control session announced `channel` at `ts`.
    func expect(_ channel: FTPCommandEvent.DataChannel, at ts: Timestamp, note: FTPTransferNote) {
        if expected.count >= Self.maxExpected { expected = expected.filter { $0.value.until > ts } }
        guard expected.count < Self.maxExpected else { return }
        expected[Key(respHost: channel.respHost, respPort: channel.respPort)] = Expected(
            origHost: channel.origHost, until: ts.adding(seconds: Self.lifetimeSeconds), note: note)
    }

    /// The announcement a new TCP connection `id` answers, taken out of the table; nil when it
    /// answers none (or the announcement is older than five minutes).
    public func claim(_ id: ConnectionID, at ts: Timestamp) -> FTPTransferNote? {
        let key = Key(respHost: id.respHost, respPort: id.respPort)
        guard let e = expected[key], e.origHost == id.origHost else { return nil }
        expected[key] = nil
        return e.until >= ts ? e.note : nil
    }
}
