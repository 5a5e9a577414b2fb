import VigilCore
import VigilLogs
import VigilSensor

/// What `analyze` and `sensor` do with their `--out` folder before writing to it.
enum OutputFolderOption {
    /// The log files of `--out`, after refusing (or, with `--force`, clearing) another run's
    /// output there; a failure is reported and ends the command with the output exit code.
    static func open(_ out: String, format: LogFormat, replace: Bool) throws -> LogFiles {
        do {
            try OutputFolder.prepare(out, replace: replace)
            return try LogFiles(directory: out, format: format)
        } catch let e as VigilError {
            Terminal.error(e.description)
            throw VigilExit.outputError
        }
    }
}
