import VigilCore

/// An OSDP packet carried over TCP, or an alert the OSDP monitor raised on that connection:
/// the monitor's own `packet` or `alert` event (docs/OSDP.md lists their fields), placed in
/// its flow.
public typealias OSDPFlowEvent = FlowMessage<OSDPEvent>
