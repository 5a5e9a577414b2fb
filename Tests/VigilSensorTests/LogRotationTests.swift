import Foundation
import Testing
import VigilCore
import VigilLogs

@Suite struct LogRotationTests {
    static let schema = LogSchema(path: "rot", fields: [LogField("ts", "time"), LogField("n", "count")])

    @Test(arguments: [LogFormat.json, LogFormat.tsv])
    func rotationRenamesClosedFilesAndStartsFreshOnes(format: LogFormat) throws {
        let dir = NSTemporaryDirectory() + "vigil-rot-\(UUID().uuidString)"
        let logs = try LogDirectory(directory: dir, format: format)
        let t0 = Timestamp(seconds: 1_700_000_000, nanos: 0)
        let t1 = t0.adding(seconds: 3600)
        try logs.write(LogRecord(Self.schema, [.time(t0), .count(1)]), now: t0)
        logs.close(now: t1, rotate: true)
        try logs.write(LogRecord(Self.schema, [.time(t1), .count(2)]), now: t1)
        logs.close(now: t1.adding(seconds: 1))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files == ["rot.2023-11-14-22-13-20-2023-11-14-23-13-20.log", "rot.log"])
        let rotated = try String(contentsOfFile: dir + "/" + files[0], encoding: .utf8)
        let current = try String(contentsOfFile: dir + "/rot.log", encoding: .utf8)
        if format == .json {
            #expect(rotated == "{\"ts\":1700000000.000000,\"n\":1}\n")
            #expect(current == "{\"ts\":1700003600.000000,\"n\":2}\n")
        } else {
            #expect(
                rotated.contains("#path\trot\n") && rotated.contains("1700000000.000000\t1\n")
                    && rotated.contains("#close\t2023-11-14-23-13-20"))
            #expect(current.contains("1700003600.000000\t2\n") && !current.contains("\t1\n"))
        }
    }
}
