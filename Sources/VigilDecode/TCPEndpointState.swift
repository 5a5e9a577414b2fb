/// Zeek's TCP endpoint states (TCP_ENDPOINT_*), which conn_state is computed from.
public enum TCPEndpointState: Sendable {
    case inactive, synSent, synAckSent, partial, established, closed, reset
}
