import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// Away from HTTP's ports Zeek names a flow HTTP only when its dynamic protocol detection
/// fires: a GET, HEAD or POST answered by a status line (base/protocols/http/dpd.sig). The
/// analyzer reads the flow either way; conn.log's service follows Zeek.
@Suite struct HTTPServiceSignatureTests {
    static func run(port: UInt16, request: String, reply: String?) -> HTTPAnalyzer {
        let id = ConnectionID(origHost: .v4(0x0A00_0002), origPort: 40000, respHost: .v4(0x0A00_0001), respPort: port, proto: .tcp)
        let context = FlowContext(
            uid: "Chttp", id: id, ts: .zero, sink: CollectingSink(), limits: .default, shared: SharedProtocolState(trustStore: nil))
        let a = HTTPAnalyzer()
        Array(request.utf8).withUnsafeBytes { a.deliver($0, isOrig: true, context: context) }
        if let reply { Array(reply.utf8).withUnsafeBytes { a.deliver($0, isOrig: false, context: context) } }
        a.finish(context: context)
        return a
    }

    static let get = "GET / HTTP/1.1\r\nHost: plc\r\n\r\n"
    static let ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"

    @Test func anUnansweredRequestToAnotherServicesPortIsNotHTTP() {
        // A scanner's GET to a PLC's Modbus port, answered by a reset (Zeek's
        // modbus-and-non-modbus-p502 trace).
        #expect(Self.run(port: 502, request: Self.get, reply: nil).violatedService == "http")
        #expect(Self.run(port: 502, request: Self.get, reply: Self.ok).violatedService == nil)
        #expect(Self.run(port: 8080, request: Self.get, reply: nil).violatedService == nil)
    }

    @Test func onlyGetHeadAndPostOpenHTTPOffItsPorts() {
        #expect(Self.run(port: 9000, request: "  POST /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n", reply: Self.ok).violatedService == nil)
        #expect(Self.run(port: 9000, request: "PUT /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n", reply: Self.ok).violatedService == "http")
        #expect(Self.run(port: 80, request: "PUT /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n", reply: Self.ok).violatedService == nil)
    }
}
