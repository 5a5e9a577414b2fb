/// What a control session's data connection has said of the file it carries, for the next
/// ftp.log row: Zeek's ftp/files.zeek writes the file's id into the control session's record
/// when the file starts, and its sniffed type when it is sniffed; the row logged next carries
/// both, and they are cleared after it (`ftp_message`). Shared by the control connection's
/// analyzer and the data connection's, which run on the same worker.
public final class FTPTransferNote {
    public var fuid: String?
    public var mimeType: String?

    public init() {}

    /// Both values, cleared: a row takes them once.
    func take() -> (fuid: String?, mimeType: String?) {
        defer { (fuid, mimeType) = (nil, nil) }
        return (fuid, mimeType)
    }
}
