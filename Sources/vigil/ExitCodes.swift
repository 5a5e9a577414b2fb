import ArgumentParser

/// Documented exit codes (README, "Exit codes").
enum VigilExit {
    /// An input file was truncated, corrupt, unsupported or unreadable. Output up to the
    /// fault is complete and flushed.
    static let inputError = ExitCode(1)
    /// The output directory or a log file could not be written.
    static let outputError = ExitCode(2)
}
