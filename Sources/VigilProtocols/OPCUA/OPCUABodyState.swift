/// The OPC UA security state of one connection, which decides whether bodies can be read.
enum OPCUABodyState {
    /// No OpenSecureChannel seen yet (capture started mid-connection): try, quietly.
    case unknown
    /// Policy None, or mode Sign: bodies are clear.
    case clear
    /// Mode SignAndEncrypt: only the channel id and token id are readable (Part 6 §6.7.2).
    case encrypted
}
