import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// RTSP 1.0 (RFC 2326) as a recorder and a camera speak it; samples/rtsp-camera.pcap
/// (GStreamer's server and client) is checked against tshark in the sensor's tests.
@Suite struct RTSPAnalyzerTests {
    static func run(_ messages: [(String, Bool)]) -> CollectingSink {
        let sink = CollectingSink()
        let id = ConnectionID(origHost: .v4(0x0A56_0002), origPort: 40000, respHost: .v4(0x0A56_0001), respPort: 554, proto: .tcp)
        let context = FlowContext(uid: "Crtsp", id: id, ts: .zero, sink: sink, limits: .default, shared: SharedProtocolState())
        let a = RTSPAnalyzer()
        for (m, isOrig) in messages { Array(m.utf8).withUnsafeBytes { a.deliver($0, isOrig: isOrig, context: context) } }
        a.finish(context: context)
        return sink
    }

    @Test func theFirstAnswerNamesTheServersSoftware() {
        // The head arrives in two pieces; a later answer is not read again.
        let sink = Self.run([
            ("OPTIONS rtsp://10.86.0.1:554/cam RTSP/1.0\r\nCSeq: 1\r\n\r\n", true), ("RTSP/1.0 200 OK\r\nCSeq: 1\r\nser", false),
            ("ver: Hikvision-Webs\r\n\r\n", false), ("DESCRIBE rtsp://10.86.0.1:554/cam RTSP/1.0\r\nCSeq: 2\r\n\r\n", true),
            ("RTSP/1.0 200 OK\r\nCSeq: 2\r\nServer: other\r\n\r\n", false),
        ])
        #expect(
            sink.identitiesAndRoles == [
                "10.86.0.1 rtsp_server", "10.86.0.2 rtsp_client", "10.86.0.1 software=Hikvision-Webs (rtsp Server header)",
            ])
        #expect(sink.weirdNames.isEmpty)
    }

    @Test func requestsAreRecognisedAndHTTPIsNot() {
        let id = ConnectionID(origHost: .v4(1), origPort: 40000, respHost: .v4(2), respPort: 8000, proto: .tcp)
        func confirms(_ s: String, _ isOrig: Bool) -> Bool {
            Array(s.utf8).withUnsafeBytes { RTSPAnalyzer.descriptor.confirms($0, isOrig, id) }
        }
        #expect(confirms("DESCRIBE rtsp://cam/stream RTSP/1.0\r\n", true))
        #expect(confirms("GET_PARAMETER * RTSP/1.0\r\n", true))
        #expect(!confirms("GET / HTTP/1.1\r\n", true) && !confirms("OPTIONS * HTTP/1.1\r\n", false))
        #expect(confirms("RTSP/1.0 200 OK\r\n", false))
        // An answer that is not RTSP, or a head that never ends, is reported once.
        #expect(Self.run([("HTTP/1.1 200 OK\r\n\r\n", false)]).weirdNames == ["rtsp_malformed"])
        #expect(Self.run([(String(repeating: "x", count: 9000), false)]).weirdNames == ["rtsp_malformed"])
    }
}
