import VigilCore

/// What a DNP3 association (IEEE 1815-2012) carried: each application fragment decoded, each
/// request paired with its response as Zeek pairs them, and each file-control object with the
/// file its handle stands for.
public typealias DNP3Event = FlowMessage<DNP3EventKind>

/// What a DNP3 association carried.
public enum DNP3EventKind: Sendable {
    /// An application fragment (§4.2.2): function, IIN and object headers with the
    /// control blocks, device attributes and file objects read from them.
    case fragment(DNP3Fragment)
    /// A request and the response that answered it, or a response nothing asked for
    /// (`request` nil), or a request the connection ended without answering (`response`
    /// nil; `ts` is then the request's). Zeek's dnp3.log keeps one pending request per
    /// connection and skips CONFIRM, and so does this.
    case exchange(request: UInt8?, response: UInt8?, iin: UInt16?)
    /// A file-control object (group 70) of the fragment whose function is given, with the
    /// name the association gave its handle (`fileName`, text) and, on a transfer's last
    /// block, the SHA-256 of the whole file.
    case file(DNP3FileObject, function: UInt8, fileName: String?, sha256: String?)
}
