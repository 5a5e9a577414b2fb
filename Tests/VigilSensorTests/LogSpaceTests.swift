import Foundation
import Testing
import VigilCore
import VigilLogs

#if canImport(Glibc)
    import Glibc
#endif

/// Log files allocate disk space ahead of their writes (`LogFileWriter.reserveSpace`): readers
/// must still see exactly the rows written, and closing must give the extra space back.
@Suite struct LogSpaceTests {
    static let schema = LogSchema(path: "space", fields: [LogField("ts", "time"), LogField("n", "count")])

    /// Enough rows for several 256 KiB writes.
    static let rows = 40_000

    static func expectedText(upTo count: Int) -> String {
        (0..<count).map { "{\"ts\":1700000000.000000,\"n\":\($0)}\n" }.joined()
    }

    static func fileStatus(_ path: String) throws -> stat {
        var s = stat()
        guard stat(path, &s) == 0 else { throw VigilError(.ioFailure, "stat failed", source: path) }
        return s
    }

    /// Whether `path` is on a file system known to allocate ahead without changing the size:
    /// the type of its longest mount point in /proc/mounts.
    static func allocatesAhead(_ path: String) -> Bool {
        guard let mounts = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8) else { return false }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var best = (length: -1, type: "")
        for line in mounts.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count > 2 else { continue }
            let point = String(parts[1])
            let within = resolved == point || resolved.hasPrefix(point == "/" ? "/" : point + "/")
            if within && point.count > best.length { best = (point.count, String(parts[2])) }
        }
        return ["ext4", "tmpfs", "xfs", "btrfs"].contains(best.type)
    }

    @Test func readersSeeOnlyWrittenRowsAndCloseGivesBackTheSpace() throws {
        let dir = NSTemporaryDirectory() + "vigil-space-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let logs = try LogDirectory(directory: dir, format: .json)
        let t = Timestamp(seconds: 1_700_000_000, nanos: 0)
        for i in 0..<Self.rows {
            try logs.write(Self.schema, now: t) { row in
                row.add(.time(t))
                row.add(count: UInt64(i))
            }
        }
        logs.flush()
        let path = dir + "/space.log"
        let expected = Self.expectedText(upTo: Self.rows)
        // While open: the size is what was written, not what was allocated.
        let open = try Self.fileStatus(path)
        #expect(Int(open.st_size) == expected.utf8.count)
        if Self.allocatesAhead(dir) {
            #expect(Int(open.st_blocks) * 512 >= Int(open.st_size) + 65536, "no space allocated past the end while open")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)

        logs.close(now: t)
        let closed = try Self.fileStatus(path)
        #expect(Int(closed.st_size) == expected.utf8.count)
        // Allocation is in whole blocks: at most one block past the end once closed.
        #expect(Int(closed.st_blocks) * 512 < Int(closed.st_size) + Int(closed.st_blksize) + 4096)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
    }
}
