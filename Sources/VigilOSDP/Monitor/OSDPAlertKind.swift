/// The attacks and weaknesses the OSDP monitor reports. The raw values are stable type names:
/// SIEM rules and the README refer to them, so they never change once published.
public enum OSDPAlertKind: String, CaseIterable, Sendable {
    /// A PD exchanges application traffic (polls, commands, card data) in the clear and no
    /// Secure Channel has been seen on it.
    case noSecureChannel = "osdp.no_secure_channel"
    /// Clear-text application traffic for a PD after a Secure Channel was seen on it: the
    /// session was dropped or stripped.
    case cleartextAfterSecureChannel = "osdp.cleartext_after_sc"
    /// osdp_PDCAP reports communication-security compliance 0 (or omits it after a Secure
    /// Channel was seen), the rewrite a downgrade attack makes so a CP skips the Secure Channel.
    case downgrade = "osdp.downgrade"
    /// A Secure Channel handshake keyed with SCBK-D, the published install-mode key.
    case installMode = "osdp.install_mode"
    /// osdp_KEYSET on the wire: a new SCBK is being installed.
    case keysetObserved = "osdp.keyset_observed"
    /// A secured frame identical to one seen earlier that is not a retransmission.
    case replay = "osdp.replay"
    /// A handshake whose client cryptogram verifies under a default or well-known key.
    case weakKey = "osdp.weak_key"
    /// Check-character, MAC, NAK and sequence errors in a burst.
    case errorBurst = "osdp.error_burst"

    /// The default severity; some alerts raise it from their evidence (a KEYSET whose key can
    /// be read is critical).
    public var severity: String {
        switch self {
        case .noSecureChannel, .cleartextAfterSecureChannel, .downgrade, .weakKey, .replay: "high"
        case .installMode, .keysetObserved, .errorBurst: "medium"
        }
    }
}
