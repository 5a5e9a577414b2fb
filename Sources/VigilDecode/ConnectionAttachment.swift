/// What the sensor hangs on a connection (its protocol analyzers). Defined here so the flow
/// table can carry it without knowing any protocol.
public protocol ConnectionAttachment: AnyObject {}
