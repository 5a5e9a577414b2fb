import Foundation

/// Runs the system's `nft` on a script given on standard input: `-c` only checks it, without
/// `-c` nft applies all of it in one transaction or, on any error, none of it.
public struct NftCommand: Sendable {
    public var path: String

    public init(path: String = "nft") { self.path = path }

    /// nil when nft accepted the script, else what nft said.
    public func apply(_ script: String) -> String? { run(["-f", "-"], input: script) }

    public func check(_ script: String) -> String? { run(["-c", "-f", "-"], input: script) }

    /// Removes Vigil's table, and with it every block Vigil put in force: the rollback of last
    /// resort. nil when done (or when there was no table).
    public func removeTable() -> String? {
        let error = run(["delete", "table", "inet", "vigil"], input: "")
        return error.map { $0.contains("No such file or directory") ? nil : $0 } ?? nil
    }

    private func run(_ arguments: [String], input: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path.contains("/") ? path : "/usr/bin/env")
        process.arguments = path.contains("/") ? arguments : [path] + arguments
        let stdin = Pipe()
        let output = Pipe()
        process.standardInput = stdin
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            return "cannot run \(path): \(error)"
        }
        // A program that exits without reading (nft missing, or refusing its arguments) closes
        // the pipe: the write fails, and the exit status below says why. write(_:) would trap.
        try? stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
        let said = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus != 0 else { return nil }
        let text = String(decoding: said, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "\(path) exited with status \(process.terminationStatus)" : text
    }
}
