import VigilCore

/// Protocol state that is not owned by one flow, kept once per pipeline.
public final class SharedProtocolState {
    public let dhcp = DHCPTransactions()
    /// Certificates already decoded, for ssl.log (`TLSCertificateCache`).
    public let certificates = TLSCertificateCache()
    /// Server chains checked against the system's certificate authorities, when it has them.
    public let validator = TrustStore.system.map(CertificateValidator.init)

    public init() {}

    /// Ends everything still open (end of input): pending DHCP exchanges are logged.
    public func finish(sink: EventSink, now: Timestamp) {
        dhcp.flushAll(sink: sink)
    }
}
