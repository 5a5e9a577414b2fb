import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// Which new connection is an announced FTP data connection: only one from the announced
/// originator to the announced address and port, once, within five minutes; and a hostile
/// control connection cannot grow the table without bound.
@Suite struct FTPDataExpectationsTests {
    static let client = IPAddress.v4(0x0A00_0002)
    static let server = IPAddress.v4(0x0A00_0001)

    static func connection(from orig: IPAddress, port: UInt16 = 50000, to resp: IPAddress, _ respPort: UInt16) -> ConnectionID {
        ConnectionID(origHost: orig, origPort: port, respHost: resp, respPort: respPort, proto: .tcp)
    }

    @Test func onlyTheAnnouncedOriginatorWithinFiveMinutesAndOnce() {
        let table = FTPDataExpectations()
        let note = FTPTransferNote()
        let passive = FTPCommandEvent.DataChannel(passive: true, origHost: Self.client, respHost: Self.server, respPort: 40001)
        table.expect(passive, at: Timestamp(seconds: 100, nanos: 0), note: note)
        // Another host connecting to the announced port is not the data connection.
        #expect(table.claim(Self.connection(from: .v4(0x0A00_0009), to: Self.server, 40001), at: Timestamp(seconds: 101, nanos: 0)) == nil)
        #expect(table.claim(Self.connection(from: Self.client, to: Self.server, 40002), at: Timestamp(seconds: 101, nanos: 0)) == nil)
        #expect(table.claim(Self.connection(from: Self.client, to: Self.server, 40001), at: Timestamp(seconds: 101, nanos: 0)) === note)
        // Taken: a second connection to the same port is not one.
        #expect(
            table.claim(Self.connection(from: Self.client, port: 50001, to: Self.server, 40001), at: Timestamp(seconds: 102, nanos: 0))
                == nil)
        #expect(table.isEmpty)

        // Five minutes and a moment after the announcement: too late.
        table.expect(passive, at: Timestamp(seconds: 200, nanos: 0), note: note)
        #expect(table.claim(Self.connection(from: Self.client, to: Self.server, 40001), at: Timestamp(seconds: 501, nanos: 0)) == nil)
    }

    @Test func announcementsAreBounded() {
        let table = FTPDataExpectations()
        let note = FTPTransferNote()
        for i in 0..<(FTPDataExpectations.maxExpected + 50) {
            let channel = FTPCommandEvent.DataChannel(
                passive: false, origHost: Self.server, respHost: Self.client, respPort: UInt16(i % 65536))
            table.expect(channel, at: Timestamp(seconds: 10, nanos: 0), note: note)
        }
        // The announcements past the bound were not kept; the first ones were.
        let late = Self.connection(from: Self.server, to: Self.client, UInt16(FTPDataExpectations.maxExpected + 10))
        #expect(table.claim(late, at: Timestamp(seconds: 11, nanos: 0)) == nil)
        #expect(table.claim(Self.connection(from: Self.server, to: Self.client, 5), at: Timestamp(seconds: 11, nanos: 0)) === note)
        // Once they have expired, new announcements are kept again.
        let fresh = FTPCommandEvent.DataChannel(passive: false, origHost: Self.server, respHost: Self.client, respPort: 60000)
        table.expect(fresh, at: Timestamp(seconds: 400, nanos: 0), note: note)
        #expect(table.claim(Self.connection(from: Self.server, to: Self.client, 60000), at: Timestamp(seconds: 401, nanos: 0)) === note)
    }

    /// A session's rows take the file id and type once: the row after a transfer has them,
    /// the next does not.
    @Test func theNextRowTakesTheFileOnce() {
        let sink = CollectingSink()
        let id = ConnectionID(origHost: Self.client, origPort: 40000, respHost: Self.server, respPort: 21, proto: .tcp)
        let shared = SharedProtocolState()
        let context = FlowContext(uid: "Cftp", id: id, ts: .zero, sink: sink, limits: .default, shared: shared)
        let control = FTPAnalyzer()
        func say(_ text: String, _ isOrig: Bool) {
            Array(text.utf8).withUnsafeBytes { control.deliver($0, isOrig: isOrig, context: context) }
        }
        say("220 ready\r\n", false)
        say("PASV\r\n", true)
        say("227 Entering Passive Mode (10,0,0,1,156,65)\r\n", false)
        say("RETR plan.txt\r\n", true)
        // The data connection the reply announced carries the file.
        let dataID = Self.connection(from: Self.client, to: Self.server, 40001)
        let note = try! #require(shared.ftpData.claim(dataID, at: .zero))
        let data = FTPDataAnalyzer(note: note)
        let dataContext = FlowContext(uid: "Cdata", id: dataID, ts: .zero, sink: sink, limits: .default, shared: shared)
        Array("setpoint 6.0\n".utf8).withUnsafeBytes { data.deliver($0, isOrig: false, context: dataContext) }
        data.endOfData(isOrig: false, context: dataContext)
        say("150 Opening\r\n226 Done\r\n", false)
        say("STOR empty.txt\r\n", true)
        say("226 Done\r\n", false)
        control.finish(context: context)
        data.finish(context: dataContext)
        let rows = sink.events.compactMap { e -> FTPCommandEvent? in if case .ftp(let r) = e { return r } else { return nil } }
        let files = sink.events.compactMap { e -> FileTransferEvent? in if case .file(let f) = e { return f } else { return nil } }
        #expect(files.count == 1 && files[0].source == "FTP_DATA" && files[0].seenBytes == 13 && !files[0].isOrig)
        #expect(rows.map(\.command) == ["PASV", "RETR", "STOR"])
        #expect(rows[1].fuid == files[0].fuid && rows[1].mimeType == "text/plain")
        #expect(rows[2].fuid == nil && rows[2].mimeType == nil)
    }
}
