import VigilCore

/// An OPC UA binary message of a connection (IEC 62541-6), or a request paired with its
/// response, as the OPC UA analyzer decodes them.
public typealias OPCUAEvent = FlowMessage<OPCUAEventKind>

public enum OPCUAEventKind: Sendable {
    /// A Hello, Acknowledge or Error, or a request with its response (either alone when the
    /// other was never seen): one opcua_binary row.
    case exchange(request: OPCUAMessage?, response: OPCUAMessage?)
    /// A message whose service body was read.
    case service(OPCUAMessage, OPCUAServiceBody)
    /// The status codes of a response's header: its service result and the inner codes of
    /// its service diagnostics.
    case headerStatuses(OPCUAMessage, [OPCUAFoundStatus])
}

/// The body of a service message Vigil reads (IEC 62541-4), request or response.
public enum OPCUAServiceBody: Sendable {
    case openSecureChannel(OPCUAOpenSecureChannel)
    case createSession(OPCUACreateSession)
    case activateSession(OPCUAActivateSession)
    /// CloseSession request: whether the server should delete the session's subscriptions.
    case closeSession(deleteSubscriptions: Bool)
    case getEndpoints(OPCUAGetEndpoints)
    case createSubscription(OPCUACreateSubscription)
    case read(OPCUARead)
    case write(OPCUAWrite)
    /// Browse or BrowseNext.
    case browse(OPCUABrowse)
    case createMonitoredItems(OPCUACreateMonitoredItems)
}
