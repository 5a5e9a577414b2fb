/// The two on-disk formats Zeek writes and its consumers ingest.
public enum LogFormat: String, Sendable, CaseIterable {
    /// One JSON object per line (Zeek's `LogAscii::use_json=T`).
    case json
    /// Zeek's tab-separated format with `#fields`/`#types` headers (what zeek-cut reads).
    case tsv
}
