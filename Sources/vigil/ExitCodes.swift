import ArgumentParser

/// Documented exit codes (README, "Exit codes").
enum VigilExit {
    /// An input file was truncated, corrupt, unsupported or unreadable. Output up to the
    /// fault is complete and flushed.
    static let inputError = ExitCode(1)
    /// The output directory or a log file could not be written.
    static let outputError = ExitCode(2)
    /// The hub could not be reached, or refused what was sent; batches wait in the spool (or,
    /// refused, beside it) and nothing is lost.
    static let hubError = ExitCode(3)
}
