import VigilCore

/// Protocol state that is not owned by one flow, kept once per pipeline.
public final class SharedProtocolState {
    public let dhcp = DHCPTransactions()
    /// Data connections FTP control sessions announced.
    public let ftpData = FTPDataExpectations()
    /// Certificates already decoded, for ssl.log (`TLSCertificateCache`).
    public let certificates = TLSCertificateCache()
    /// Server chains checked against the trusted certificate authorities, when there are any.
    public let validator: CertificateValidator?

    /// `trustStore`: the authorities validation_status trusts, by default the run's
    /// (`TrustStore.system`); nil leaves validation_status unset.
    public init(trustStore: TrustStore? = TrustStore.system) {
        validator = trustStore.map(CertificateValidator.init)
    }

    /// Ends everything still open (end of input): pending DHCP exchanges are logged.
    public func finish(sink: EventSink, now: Timestamp) {
        dhcp.flushAll(sink: sink)
    }
}
